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

    /// <summary>A testimony with no answer, no text and no file.</summary>
    TestimonyEmpty,

    /// <summary>An answer of the testimony form that is not on its list, or no longer offered (a retired term).</summary>
    ChoiceInvalid,

    /// <summary>A place that is not in the gazetteer, retired, or a region outside the country chosen.</summary>
    RegionInvalid,

    /// <summary>A date that does not exist, lies in the future, or lacks the year (or month) its day (or month) needs.</summary>
    DateInvalid,

    /// <summary>A date given together with "I don't know when".</summary>
    DateConflict,

    /// <summary>A number of people that is not a whole number from 1 to <see cref="SubmitTestimonyCommand.MaxPeople"/>.</summary>
    PeopleInvalid,

    /// <summary>Too many submissions right now (<see cref="Abuse.SubmissionThrottle"/>); nothing was stored.</summary>
    Throttled,
}
