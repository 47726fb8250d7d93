using Haven.Cases;

namespace Haven.Workflow;

/// <summary>The plaintext routing data of a case shown in the case page's header.</summary>
internal sealed record CaseSummary(string Id, CaseState State, Urgency Urgency, CaseOutcome? Outcome, DateOnly CreatedOn, DateOnly? ClosedOn, string? AssignedTo, string? AssignedName, int KeyGeneration);
