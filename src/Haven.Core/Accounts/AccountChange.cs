namespace Haven.Accounts;

/// <summary>How an administrative change to an account ended.</summary>
internal enum AccountChange
{
    Done,
    NotAllowed,
    NotFound,
    Unchanged,
}
