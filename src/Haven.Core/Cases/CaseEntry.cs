namespace Haven.Cases;

/// <summary>One decrypted entry of a case conversation.</summary>
internal sealed record CaseEntry(string Id, string Kind, DateOnly On, RecordContent? Content);
