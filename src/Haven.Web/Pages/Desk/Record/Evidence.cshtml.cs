using Haven.Accounts;
using Haven.Evidence;
using Haven.Evidence.Bundles;
using Haven.Record.Keys;
using Haven.Web.Desk;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Haven.Web.Pages.Desk.Record;

/// <summary>
/// Exports a signed evidence bundle from documented events (issue 16, point 4): <c>?event=…</c> (one or more, from
/// the event page's "Export evidence" button or the events ticked on the documentation list) names them; none is a
/// 400 that says to tick some. The responder sees the events they may read and the files
/// of the events' source cases that they hold, and how many files of the cases they do not hold are left out (only a
/// holder of a case may export its files; an analyst, who holds none, gets nothing to export). No event they may read
/// is a 404. The rest is the case export's form and refusals (<see cref="EvidenceExport"/>).
/// </summary>
[Authorize]
internal sealed class RecordEvidenceModel(EvidenceEventsQuery query, BuildBundleCommand builder, BundleExportGate gate, DocumentationKeys documentationKeys, IOptions<EvidenceOptions> options) : PageModel
{
    public EvidenceSelection Selection { get; private set; } = null!;

    public EvidenceExportInput Input { get; private set; } = new();

    public PageError? Error { get; private set; }

    public int MinPassphraseLength => options.Value.MinExportPassphraseLength;

    /// <summary>True when the list's "export the chosen events" was sent with no event ticked (a 400 that says so).</summary>
    public bool NoneChosen { get; private set; }

    public async Task<IActionResult> OnGetAsync(string[]? @event, CancellationToken cancellationToken)
    {
        var me = DeskAuthentication.Current(HttpContext);
        if (@event is not { Length: > 0 })
        {
            NoneChosen = true;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        try
        {
            if (await SelectAsync(@event, me, cancellationToken) is not { } selection)
            {
                return NotFound();
            }

            Selection = selection;
            Input = new EvidenceExportInput { Files = [.. selection.Evidentiary().Select(f => f.File.Id)] };
            return Page();
        }
        catch (Exception e) when (e is DocumentationKeyringClosedException || (e is ObjectDisposedException && me.IsDisposed))
        {
            return RedirectToPage("/Desk/Login");
        }
    }

    public async Task<IActionResult> OnPostAsync(string[]? @event, [Bind(Prefix = "Input")] EvidenceExportInput input, CancellationToken cancellationToken)
    {
        var me = DeskAuthentication.Current(HttpContext);
        EvidenceSelection? selection;
        try
        {
            selection = await SelectAsync(@event, me, cancellationToken);
        }
        catch (Exception e) when (e is DocumentationKeyringClosedException || (e is ObjectDisposedException && me.IsDisposed))
        {
            return RedirectToPage("/Desk/Login");
        }

        if (selection is null)
        {
            return NotFound();
        }

        (Selection, Input) = (selection, input);
        return await EvidenceExport.ExportAsync(builder, gate, selection, input, me, options.Value, Refuse, cancellationToken);
    }

    /// <summary>The events asked for that the responder may read, with their files; null when there is none.</summary>
    private async Task<EvidenceSelection?> SelectAsync(string[]? events, UnlockedResponder me, CancellationToken cancellationToken)
    {
        if (events is not { Length: > 0 })
        {
            return null;
        }

        // A grant or a rotation of the documentation key since this session logged in takes effect now.
        if (DocumentationRoles.CanHold(me.Role))
        {
            await documentationKeys.RefreshAsync(me, cancellationToken);
        }

        var selection = await query.ForEventsAsync(events, me, cancellationToken);
        return selection.Events.Count == 0 ? null : selection;
    }

    private PageResult Refuse(PageError error, int status)
    {
        Input.ForgetPassphrase();
        Error = error;
        Response.StatusCode = status;
        return Page();
    }
}
