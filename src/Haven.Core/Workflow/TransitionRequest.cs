using Haven.Cases;

namespace Haven.Workflow;

/// <summary>A requested step: where to, from where the form was shown, the outcome when closing, an optional reason.</summary>
/// <param name="To">The state to move to.</param>
/// <param name="From">The state the case was in when the form was shown; null to skip the check.</param>
/// <param name="Outcome">Why the case is closed; required for Closed, ignored otherwise.</param>
/// <param name="Reason">An optional reason, stored as an encrypted <c>transition</c> record.</param>
/// <param name="RecordId">The id of the reason record, from the form, so that a double submit stores one.</param>
internal sealed record TransitionRequest(CaseState To, CaseState? From, CaseOutcome? Outcome, string? Reason, string RecordId);
