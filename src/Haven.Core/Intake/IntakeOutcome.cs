namespace Haven.Intake;

/// <summary>What was wrong with what a person sent.</summary>
internal enum IntakeOutcome
{
    None,
    TextMissing,
    TextTooLong,
    ContactTooLong,
    HelpInvalid,
    UrgencyInvalid,
    FormExpired,

    /// <summary>Too many submissions right now (<see cref="Abuse.SubmissionThrottle"/>); nothing was stored.</summary>
    Throttled,
}
