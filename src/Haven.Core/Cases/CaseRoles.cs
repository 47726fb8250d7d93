using Haven.Accounts;

namespace Haven.Cases;

/// <summary>Who may hand cases to others: administrators and coordinators.</summary>
internal static class CaseRoles
{
    public static bool CanManage(ResponderRole role) => role is ResponderRole.Admin or ResponderRole.Coordinator;

    /// <summary>
    /// Analysts and campaigners never hold case keys: analysts work with figures, campaigners with Urgent Actions,
    /// not with conversations.
    /// </summary>
    public static bool CanHoldCases(ResponderRole role) => role is not (ResponderRole.Analyst or ResponderRole.Campaigner);
}
