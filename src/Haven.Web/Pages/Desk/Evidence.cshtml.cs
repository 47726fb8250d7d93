using Haven.Evidence;
using Haven.Evidence.Bundles;
using Haven.Web.Desk;
using Haven.Web.Files;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Haven.Web.Pages.Desk;

/// <summary>
/// Exports a signed evidence bundle from a case (issue 16, point 4): for a responder who holds it (404 otherwise),
/// the case's files as received (all ticked), whether their working copies go too, the documented events that cite
/// the case, and the recipient: an OpenPGP public key or a passphrase. A refusal shows the form again with what was
/// typed (never the passphrase) and a localized 4xx; otherwise the bundle streams as a download
/// (<see cref="BundleDownloadResult"/>), after its <c>evidence.exported</c> custody entries are written.
/// </summary>
[Authorize]
internal sealed class EvidenceModel(EvidenceEventsQuery query, BuildBundleCommand builder, BundleExportGate gate, IOptions<EvidenceOptions> options) : PageModel
{
    public string CaseId { get; private set; } = "";

    public EvidenceSelection Selection { get; private set; } = null!;

    public EvidenceExportInput Input { get; private set; } = new();

    public PageError? Error { get; private set; }

    public int MinPassphraseLength => options.Value.MinExportPassphraseLength;

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        if (await query.ForCaseAsync(id, DeskAuthentication.Current(HttpContext), cancellationToken) is not { } selection)
        {
            return NotFound();
        }

        (CaseId, Selection) = (id, selection);
        Input = new EvidenceExportInput { Files = [.. selection.Evidentiary().Select(f => f.File.Id)] };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, [Bind(Prefix = "Input")] EvidenceExportInput input, CancellationToken cancellationToken)
    {
        var me = DeskAuthentication.Current(HttpContext);
        if (await query.ForCaseAsync(id, me, cancellationToken) is not { } selection)
        {
            return NotFound();
        }

        (CaseId, Selection, Input) = (id, selection, input);
        return await EvidenceExport.ExportAsync(builder, gate, selection, input, me, options.Value, Refuse, cancellationToken);
    }

    private PageResult Refuse(PageError error, int status)
    {
        Input.ForgetPassphrase();
        Error = error;
        Response.StatusCode = status;
        return Page();
    }
}
