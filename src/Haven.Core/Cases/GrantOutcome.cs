namespace Haven.Cases;

internal enum GrantOutcome
{
    Done,
    NotFound,
    NotAllowed,
    NoSuchResponder,
    Unchanged,
}
