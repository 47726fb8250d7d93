using Haven.Cases;
using Haven.Crypto;
using Haven.Files;
using Haven.Web.Desk;
using Haven.Web.Files;
using Haven.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Haven.Web.Pages.Desk;

/// <summary>
/// A reply to the person, with files: a streamed multipart form (see <see cref="StreamingForm"/>). The case
/// page's reply form posts here; when something is refused this page shows the reply again with the reason.
/// </summary>
[Authorize]
[IgnoreAntiforgeryToken]
[StreamedUpload]
internal sealed class ReplyModel(ReplyCommand reply, StreamingFormReader reader, IOptions<Haven.Intake.IntakeOptions> intake, IOptions<AttachmentOptions> files, IDbContextFactory<Haven.Storage.HavenDbContext> dbFactory) : PageModel, IKeepsTypedForm
{
    private bool _formRead;

    public string CaseId { get; private set; } = "";

    public string? Text { get; private set; }

    public string RecordId { get; private set; } = RandomId.New();

    public string? Error { get; private set; }

    public int MaxTextLength => intake.Value.MaxTextLength;

    public AttachmentOptions Files => files.Value;

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (!RandomId.IsValid(id) || !await CaseRecords.HoldsAsync(db, id, DeskAuthentication.Current(HttpContext).Id, cancellationToken))
            {
                return NotFound();
            }
        }

        CaseId = id;
        return Page();
    }

    /// <summary>Takes no parameters on purpose: binding any would make the framework read (and buffer) the form first.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        var cancellationToken = HttpContext.RequestAborted;
        CaseId = RouteData.Values["id"] as string ?? "";
        var me = DeskAuthentication.Current(HttpContext);
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            // A case not granted is a 404 before a single byte of its files is taken.
            if (!RandomId.IsValid(CaseId) || !await CaseRecords.HoldsAsync(db, CaseId, me.Id, cancellationToken))
            {
                return NotFound();
            }
        }

        using var form = await reader.ReadAsync(HttpContext, cancellationToken);
        _formRead = true;
        Text = form["Text"];
        RecordId = form["RecordId"] ?? RandomId.New();
        if (form.Problem != UploadOutcome.None)
        {
            Error = Intake.IntakeText.UploadProblemKey(form.Problem);
            Response.StatusCode = form.Status;
            Intake.IntakeText.RetryLater(Response);
            return Page();
        }

        var outcome = await reply.ExecuteAsync(CaseId, RecordId, Text, me, cancellationToken, form.Batch);
        if (outcome == ReplyOutcome.Sent)
        {
            return RedirectToPage("/Desk/Case", null, new { id = CaseId }, "conversation");
        }

        if (outcome == ReplyOutcome.NotFound)
        {
            return NotFound();
        }

        Error = outcome switch
        {
            ReplyOutcome.TextMissing => "Error_TextMissing",
            ReplyOutcome.TextTooLong => "Error_TextTooLong",
            _ => "Error_FormExpired",
        };
        if (outcome == ReplyOutcome.FormExpired)
        {
            RecordId = RandomId.New();
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>
    /// The database or the disk failed while sending (see <see cref="StorageOutageFilter"/>). When it failed at
    /// the case check, before the form was read, the text is read now (files are read past, never kept).
    /// </summary>
    public async Task ShowStorageProblemAsync(string errorKey, CancellationToken cancellationToken)
    {
        if (!_formRead)
        {
            _formRead = true;
            using var form = await reader.ReadTextAsync(HttpContext, cancellationToken);
            Text = form["Text"];
            RecordId = form["RecordId"] is { } id && RandomId.IsValid(id) ? id : RandomId.New();
        }

        Error = errorKey;
    }
}
