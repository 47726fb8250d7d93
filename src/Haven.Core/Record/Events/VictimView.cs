namespace Haven.Record.Events;

/// <summary>A victim: coding and pseudonym when the reader holds its case, otherwise only its id.</summary>
internal sealed record VictimView(string Id, string? CaseId, int Number, VictimCoding? Coding, string? Pseudonym);
