using Haven.Act;
using Haven.Act.Reports;
using Haven.Web.Desk;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Haven.Web.Pages.Desk.Act;

/// <summary>
/// Every count of an Urgent Action as CSV (<c>/desk/act/{id}/counts.csv</c>, format in <see cref="ReportCsv"/>);
/// <c>?target=</c> for one target. Administrators and campaigners; audited like the report.
/// </summary>
[Authorize]
internal sealed class ReportCsvModel(ActionReportQuery query, ReportAudit audit) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string id, string? target, CancellationToken cancellationToken)
    {
        var me = DeskAuthentication.Current(HttpContext);
        if (!ActRoles.CanCampaign(me.Role))
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        if (await query.ExecuteAsync(id, null, target, cancellationToken) is not { } report)
        {
            return NotFound();
        }

        await audit.RecordAsync(me, report.Action.Id, cancellationToken);
        var name = "counts-" + (report.Number?.Slug ?? report.Action.Id) + ".csv";
        return File(await ReportCsv.WriteAsync(report, cancellationToken), "text/csv; charset=utf-8", name);
    }
}
