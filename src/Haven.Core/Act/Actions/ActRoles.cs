using Haven.Accounts;

namespace Haven.Act;

/// <summary>Who may write Urgent Actions, their targets and updates, moderate supporters' letters and make the reports.</summary>
internal static class ActRoles
{
    /// <summary>Administrators and campaigners (who hold no case key and see nothing of cases).</summary>
    public static bool CanCampaign(ResponderRole role) => role is ResponderRole.Admin or ResponderRole.Campaigner;
}
