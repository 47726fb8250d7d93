namespace Haven.Intake;

internal enum OpenReceiptOutcome
{
    Opened,
    Malformed,
    Unknown,
    Throttled,
}
