namespace Haven.Cases;

internal enum ReplyOutcome
{
    Sent,
    NotFound,
    TextMissing,
    TextTooLong,
    FormExpired,
}
