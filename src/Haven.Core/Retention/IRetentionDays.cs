using Haven.Cases;

namespace Haven.Retention;

/// <summary>
/// What the retention rule reads of a case: its state and its days. A <see cref="Case"/> and a responder's
/// <see cref="CaseHolding"/> of it both have them, so that the purge and the inbox ask the same predicate.
/// </summary>
internal interface IRetentionDays
{
    /// <summary>The case's state; Safe and Closed count from <see cref="ClosedOn"/>.</summary>
    CaseState State { get; }

    /// <summary>The day of the case's last message or reply.</summary>
    DateOnly LastActivityOn { get; }

    /// <summary>The day the case became Safe or Closed, if it did.</summary>
    DateOnly? ClosedOn { get; }
}
