using Haven.Accounts;
using Haven.Cases;

namespace Haven.Alerts;

/// <summary>What a role can be alerted of: only what it would see on the desk.</summary>
internal static class AlertRoles
{
    /// <summary>New requests are sealed to administrators and coordinators (SubmitRequestCommand): they see them arrive.</summary>
    public static bool SeesNewRequests(ResponderRole role) => role is ResponderRole.Admin or ResponderRole.Coordinator;

    /// <summary>A person writing in a case: only for roles that hold cases.</summary>
    public static bool SeesCaseMessages(ResponderRole role) => CaseRoles.CanHoldCases(role);
}
