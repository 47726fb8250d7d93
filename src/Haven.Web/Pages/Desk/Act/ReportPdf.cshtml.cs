using Haven.Act;
using Haven.Act.Reports;
using Haven.Web.Desk;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Haven.Web.Pages.Desk.Act;

/// <summary>
/// The report as a PDF (<c>/desk/act/{id}/report.pdf</c>, same choices as the page), written with PDFsharp in
/// DejaVu Sans. Without the font files on the server the page says so (localized, 503) instead of failing.
/// </summary>
[Authorize]
internal sealed class ReportPdfModel(ActionReportQuery query, ReportAudit audit, IStringLocalizer<SharedResource> t, TimeProvider clock, IOptions<ReportOptions> options) : PageModel
{
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

        var folder = options.Value.FontFolder;
        if (!ReportFonts.Present(folder))
        {
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            Response.Headers.RetryAfter = "3600";
            return Page();
        }

        await audit.RecordAsync(me, report.Action.Id, cancellationToken);
        var now = clock.GetUtcNow();
        var view = ReportView.Compose(report, t, now);
        var name = "report-" + (report.Number?.Slug ?? report.Action.Id) + "-" + report.Language + ".pdf";
        return File(ReportPdf.Write(view.Document(), folder, now), "application/pdf", name);
    }
}
