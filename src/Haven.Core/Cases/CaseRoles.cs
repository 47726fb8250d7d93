using Haven.Accounts;

namespace Haven.Cases;

/// <summary>Who may hand cases to others: administrators and coordinators.</summary>
internal static class CaseRoles
{
    public static bool CanManage(ResponderRole role) => role is ResponderRole.Admin or ResponderRole.Coordinator;

    /// <summary>Analysts never hold case keys: they work with figures, not conversations.</summary>
    public static bool CanHoldCases(ResponderRole role) => role != ResponderRole.Analyst;
}
