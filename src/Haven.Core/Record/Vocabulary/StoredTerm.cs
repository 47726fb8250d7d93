namespace Haven.Record.Vocabulary;

/// <summary>
/// One term of a controlled list as stored (<c>vocabulary_terms</c>): configuration of the team, in the clear.
/// Never deleted; <see cref="Retired"/> hides it from new entries.
/// </summary>
internal sealed class StoredTerm
{
    public TermList List { get; set; }

    /// <summary>The stable key that coding stores (<see cref="VocabularyRules.IsTermKey"/>).</summary>
    public required string Key { get; set; }

    /// <summary>The order in the list, lowest first.</summary>
    public int Position { get; set; }

    public bool Retired { get; set; }
}
