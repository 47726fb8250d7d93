namespace Haven.Record.Vocabulary;

/// <summary>A term's label in one culture (<c>vocabulary_term_labels</c>).</summary>
internal sealed class StoredTermLabel
{
    public TermList List { get; set; }

    public required string Key { get; set; }

    /// <summary>A culture name such as <c>en</c>, <c>ru</c> or <c>pt-BR</c> (<see cref="VocabularyRules.IsCultureName"/>).</summary>
    public required string Culture { get; set; }

    public required string Label { get; set; }
}
