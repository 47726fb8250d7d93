namespace Haven.Record.Vocabulary;

/// <summary>The outcome of a change of a term: the problem (or none), and the term's key.</summary>
internal sealed record TermChange(VocabularyOutcome Problem, string? Key);
