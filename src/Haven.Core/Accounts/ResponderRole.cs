namespace Haven.Accounts;

/// <summary>What a responder may do. Issue 3 widens the use of roles; the first administrator is created at set-up.</summary>
internal enum ResponderRole
{
    Admin = 0,
    Coordinator = 1,
    Caseworker = 2,
    Analyst = 3,

    /// <summary>Writes and runs Urgent Actions (Act, issue 18); holds no case key and sees no case.</summary>
    Campaigner = 4,
}
