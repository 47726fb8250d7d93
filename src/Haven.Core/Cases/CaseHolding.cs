using Haven.Retention;

namespace Haven.Cases;

/// <summary>
/// One case that one responder holds a key for, with the case's routing fields copied beside it, so that a
/// responder's inbox, counts and retention warning read their own rows in the order they are shown and never
/// look cases up one by one. Kept by the database itself: triggers on <c>case_key_seals</c> add a holding
/// with a responder's first seal of a case and remove it with the last, and triggers on <c>cases</c> copy
/// every change of these fields (migration <c>CaseHoldings</c>). Nothing here is not already plaintext in
/// <c>cases</c> and <c>case_key_seals</c>; the table is derived, never backed up, and rebuilt on restore.
/// </summary>
internal sealed class CaseHolding : IRetentionDays
{
    public required string ResponderId { get; init; }

    public required string CaseId { get; init; }

    public CaseState State { get; init; }

    public Urgency Urgency { get; init; }

    public DateOnly CreatedOn { get; init; }

    public DateOnly LastActivityOn { get; init; }

    public bool AwaitingReply { get; init; }

    public string? AssignedTo { get; init; }

    public DateOnly? ClosedOn { get; init; }
}
