using Haven.Crypto;
using Haven.Files;
using Haven.Instance;
using Haven.Intake;
using Haven.Record.Vocabulary;
using Haven.Web.Files;
using Haven.Web.Hosting;
using Haven.Web.Intake;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Haven.Web.Pages.Intake;

/// <summary>
/// "I want to tell what happened": the guided testimony form beside free text, every question optional and
/// none asking for a name. A person without a case yet gets their case with it (they came through the
/// secret code page); a person with a case adds it from their conversation. Like the request form, it is read
/// as it streams in, everything typed comes back on any refusal, and a session that ran out while the person
/// was writing is continued by typing the secret code again (the form's ticket, one turn of the Argon2id gate).
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[StreamedUpload]
internal sealed class TestimonyModel(SourceSessions sessions, SubmitTestimonyCommand submit, SourceCaseQuery sourceCase, RecordVocabulary vocabulary, InstanceState instance, ResumeTicket tickets, StreamingFormReader reader, IOptions<IntakeOptions> options, IOptions<AttachmentOptions> files) : PageModel, IKeepsTypedForm
{
    private int _filesOffered;

    /// <summary>What the person typed and chose; filled from <see cref="StreamingForm"/>, never by model binding (it would buffer files to disk).</summary>
    public TestimonyInputModel Input { get; set; } = new();

    /// <summary>What the questions offer; null when it could not be read (the storage is failing): then what was chosen is carried in hidden fields.</summary>
    public TestimonyChoices? Choices { get; private set; }

    public List<string> Errors { get; } = [];

    public AttachmentOptions Files => files.Value;

    public bool NeedsReceipt { get; private set; }

    /// <summary>Whether the person already has a case (they came from their conversation).</summary>
    public bool HasCase { get; private set; }

    public int MaxTextLength => options.Value.MaxTextLength;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var session = sessions.Current(HttpContext);
        if (session is null)
        {
            return RedirectToPage("/Intake/Index");
        }

        HasCase = session.CaseId is not null;
        Input = new TestimonyInputModel { RecordId = RandomId.New(), Ticket = tickets.Issue(session.Keys) };
        Choices = await TestimonyChoices.LoadAsync(vocabulary, cancellationToken);
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
            return await ShowAgainAsync(cancellationToken);
        }

        var session = sessions.Current(HttpContext) ?? await ResumeAsync(cancellationToken);
        return session is null ? await ShowAgainAsync(cancellationToken) : await SubmitAsync(session, form.Batch, cancellationToken);
    }

    /// <summary>The database or the disk failed while sending: the form comes back as typed, its choices in hidden fields (see <see cref="StorageOutageFilter"/>).</summary>
    public Task ShowStorageProblemAsync(string errorKey, CancellationToken cancellationToken)
    {
        FormRefusal.AddErrors(Errors, errorKey, _filesOffered);
        var session = sessions.Current(HttpContext);
        NeedsReceipt = session is null;
        HasCase = session?.CaseId is not null;
        return Task.CompletedTask;
    }

    private static TestimonyInputModel Typed(StreamingForm form) => new()
    {
        RecordId = form["Input.RecordId"],
        Ticket = form["Input.Ticket"],
        Receipt = form["Input.Receipt"],
        Acts = [.. form.Values("Input.Acts")],
        Year = form["Input.Year"],
        Month = form["Input.Month"],
        Day = form["Input.Day"],
        DateUnknown = form.Values("Input.DateUnknown").Contains("true"),
        Country = form["Input.Country"],
        Region = form["Input.Region"],
        ToWhom = [.. form.Values("Input.ToWhom")],
        People = form["Input.People"],
        Perpetrators = [.. form.Values("Input.Perpetrators")],
        Text = form["Input.Text"],
    };

    /// <summary>The form again, refused: with its questions when they can be read.</summary>
    private async Task<PageResult> ShowAgainAsync(CancellationToken cancellationToken)
    {
        HasCase = sessions.Current(HttpContext)?.CaseId is not null;
        Choices = await TestimonyChoices.LoadAsync(vocabulary, cancellationToken);
        return Page();
    }

    /// <summary>
    /// The session ran out while the person was writing: the secret code they typed again, with the form's
    /// ticket, starts a new one (with their case, if they have one). Null when it did not (and the refusal is set).
    /// </summary>
    private async Task<SourceSession?> ResumeAsync(CancellationToken cancellationToken)
    {
        var keys = await TicketResume.RedeemAsync(tickets, Input.Receipt, Input.Ticket, Response, Errors, _filesOffered, cancellationToken);
        if (keys is null)
        {
            NeedsReceipt = true;
            return null;
        }

        var session = new SourceSession(keys, await sourceCase.ExecuteAsync(keys.LookupId, cancellationToken), receiptToShow: null);
        sessions.Start(HttpContext, session);
        return session;
    }

    private async Task<IActionResult> SubmitAsync(SourceSession session, FileBatch batch, CancellationToken cancellationToken)
    {
        var input = new TestimonyInput(
            Input.RecordId ?? "", Input.Acts, Input.Year, Input.Month, Input.Day, Input.DateUnknown, Input.Country, Input.Region,
            Input.ToWhom, Input.People, Input.Perpetrators, Input.Text);
        var hadCase = session.CaseId is not null;
        var (caseId, problem) = await submit.ExecuteAsync(session.Keys, session.CaseId, input, cancellationToken, batch);
        if (caseId is null)
        {
            FormRefusal.Refuse(Response, Errors, IntakeText.ProblemKey(problem), IntakeText.ProblemStatus(problem), _filesOffered);
            if (problem == IntakeOutcome.FormExpired)
            {
                Input.RecordId = RandomId.New();
            }

            return await ShowAgainAsync(cancellationToken);
        }

        session.CaseId = caseId;
        session.ReceiptToShow = null;
        session.RememberSentFiles(batch);
        return hadCase
            ? RedirectToPage("/Intake/Conversation", new { testimony = "true" })
            : RedirectToPage("/Intake/Sent", new { testimony = "true" });
    }
}
