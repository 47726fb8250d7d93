using Haven.Act;
using Haven.Act.Reports;
using Haven.Web.Desk;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Haven.Web.Pages.Desk.Act;

/// <summary>
/// The printable report on an Urgent Action (issue 18, point 5): <c>/desk/act/{id}/report</c>, in the language
/// asked for (<c>?lang=</c>, default the target's), for one target with <c>?target=</c>. Print styles in
/// haven.css leave only the report on paper. Administrators and campaigners; anyone else gets 403. Each report
/// made is audited (<c>act.report</c>).
/// </summary>
[Authorize]
internal sealed class ReportModel(ActionReportQuery query, ReportAudit audit, IStringLocalizer<SharedResource> t, TimeProvider clock) : PageModel
{
    public ReportView View { get; private set; } = null!;

    /// <summary>The action's languages, for the choice of the report's language.</summary>
    public IReadOnlyList<string> Languages { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string id, string? lang, string? target, CancellationToken cancellationToken)
    {
        var me = DeskAuthentication.Current(HttpContext);
        if (!ActRoles.CanCampaign(me.Role))
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        if (await query.ExecuteAsync(id, lang, target, cancellationToken) is not { } report)
        {
            return NotFound();
        }

        await audit.RecordAsync(me, report.Action.Id, cancellationToken);
        View = ReportView.Compose(report, t, clock.GetUtcNow());
        Languages = report.Action.Languages.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return Page();
    }
}
