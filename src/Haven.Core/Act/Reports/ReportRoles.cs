using Haven.Accounts;

namespace Haven.Act.Reports;

/// <summary>Who may make reports and the CSV of counts: administrators and campaigners (to be unified with ActRoles.CanCampaign).</summary>
internal static class ReportRoles
{
    public static bool CanReport(ResponderRole role) => role is ResponderRole.Admin or ResponderRole.Campaigner;
}
