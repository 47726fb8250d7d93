using Haven.Crypto;
using Haven.Files;
using Haven.Instance;
using Haven.Intake;
using Haven.Web.Files;
using Haven.Web.Hosting;
using Haven.Web.Intake;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Haven.Web.Pages.Intake;

/// <summary>
/// The request form. Everything the person typed comes back to them on any error; a session that ran out
/// while they were writing is continued by typing the receipt, so nothing is lost.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[StreamedUpload]
internal sealed class RequestModel(SourceSessions sessions, SubmitRequestCommand submit, InstanceState instance, ResumeTicket tickets, StreamingFormReader reader, IOptions<IntakeOptions> options, IOptions<AttachmentOptions> files) : PageModel, IKeepsTypedForm
{
    private int _filesOffered;

    /// <summary>What the person typed; filled from <see cref="StreamingForm"/>, never by model binding (it would buffer files to disk).</summary>
    public RequestInputModel Input { get; set; } = new();

    public List<string> Errors { get; } = [];

    public AttachmentOptions Files => files.Value;

    public bool NeedsReceipt { get; private set; }

    public int MaxTextLength => options.Value.MaxTextLength;

    public int MaxContactLength => options.Value.MaxContactLength;

    public IActionResult OnGet()
    {
        var session = sessions.Current(HttpContext);
        if (session is null)
        {
            return RedirectToPage("/Intake/Index");
        }

        if (session.CaseId is not null)
        {
            return RedirectToPage("/Intake/Conversation");
        }

        Input = new RequestInputModel { RecordId = RandomId.New(), Ticket = tickets.Issue(session.Keys) };
        return Page();
    }

    /// <summary>Takes no parameters on purpose: binding any would make the framework read (and buffer) the form first.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        var cancellationToken = HttpContext.RequestAborted;
        if (!instance.IsInitialized)
        {
            return StatusCode(StatusCodes.Status503ServiceUnavailable);
        }

        using var form = await reader.ReadAsync(HttpContext, cancellationToken);
        Input = Typed(form);
        _filesOffered = form.FilesOffered;
        if (form.Problem != UploadOutcome.None)
        {
            FormRefusal.RefuseUpload(Response, Errors, form);
            return Page();
        }

        var session = sessions.Current(HttpContext) ?? await ResumeAsync(cancellationToken);
        return session is null ? Page() : await SubmitAsync(session, form.Batch, cancellationToken);
    }

    /// <summary>The database or the disk failed while sending: the form comes back as typed (see <see cref="StorageOutageFilter"/>).</summary>
    public Task ShowStorageProblemAsync(string errorKey, CancellationToken cancellationToken)
    {
        FormRefusal.AddErrors(Errors, errorKey, _filesOffered);
        NeedsReceipt = sessions.Current(HttpContext) is null;
        return Task.CompletedTask;
    }

    private static RequestInputModel Typed(StreamingForm form) => new()
    {
        RecordId = form["Input.RecordId"],
        Ticket = form["Input.Ticket"],
        Receipt = form["Input.Receipt"],
        Help = [.. form.Values("Input.Help")],
        Urgency = form["Input.Urgency"],
        Text = form["Input.Text"],
        Contact = form["Input.Contact"],
    };

    /// <summary>The session ran out while the person was writing: the receipt they typed again, with the form's ticket, starts a new one. Null when it did not (and the refusal is set).</summary>
    private async Task<SourceSession?> ResumeAsync(CancellationToken cancellationToken)
    {
        var keys = await TicketResume.RedeemAsync(tickets, Input.Receipt, Input.Ticket, Response, Errors, _filesOffered, cancellationToken);
        if (keys is null)
        {
            NeedsReceipt = true;
            return null;
        }

        var session = new SourceSession(keys, caseId: null, receiptToShow: null);
        sessions.Start(HttpContext, session);
        return session;
    }

    private async Task<IActionResult> SubmitAsync(SourceSession session, FileBatch batch, CancellationToken cancellationToken)
    {
        var input = new RequestInput(Input.RecordId ?? "", Input.Help.Distinct().ToList(), IntakeText.ParseUrgency(Input.Urgency), Input.Text, Input.Contact);
        var (caseId, problem) = await submit.ExecuteAsync(session.Keys, input, cancellationToken, batch);
        if (caseId is null)
        {
            FormRefusal.Refuse(Response, Errors, IntakeText.ProblemKey(problem), IntakeText.ProblemStatus(problem), _filesOffered);
            if (problem == IntakeOutcome.FormExpired)
            {
                Input.RecordId = RandomId.New();
            }

            return Page();
        }

        session.CaseId = caseId;
        session.ReceiptToShow = null;
        session.RememberSentFiles(batch);
        return RedirectToPage("/Intake/Sent");
    }
}
