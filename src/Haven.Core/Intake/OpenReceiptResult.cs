using Haven.Crypto;

namespace Haven.Intake;

/// <summary>What opening a receipt gave: the keys and case when opened; when to try again (RetryAfter) when throttled.</summary>
internal sealed record OpenReceiptResult(OpenReceiptOutcome Outcome, ReceiptKeys? Keys = null, string? CaseId = null, TimeSpan RetryAfter = default);
