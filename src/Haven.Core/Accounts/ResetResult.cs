namespace Haven.Accounts;

/// <summary>What a reset did, or why it did nothing.</summary>
internal sealed record ResetResult(ResetOutcome Problem, string? TotpSecret = null, int Cases = 0, int Seals = 0, string? FailedCaseId = null, int DocumentationGenerations = 0, int? FailedDocumentationGeneration = null);
