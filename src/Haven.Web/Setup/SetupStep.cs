namespace Haven.Web.Setup;

/// <summary>Where the one-time set-up stands.</summary>
internal enum SetupStep
{
    Done,
    Account,
    Totp,
    Recovery,
}
