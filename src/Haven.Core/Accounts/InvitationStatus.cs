namespace Haven.Accounts;

/// <summary>Whether an invitation link can still be used.</summary>
internal enum InvitationStatus
{
    Valid,
    Unknown,
    Expired,
    Used,
}
