namespace Haven.Accounts;

/// <summary>How the last step of an enrolment ended.</summary>
internal enum EnrolmentOutcome
{
    Done,
    CodeWrong,
    NotStarted,
    NameTaken,
    NameConfusable,
    Unknown,
    Expired,
    Used,
}
