using Haven.Crypto;
using Haven.Files;
using Haven.Intake;
using Haven.Web.Files;
using Haven.Web.Hosting;
using Haven.Web.Intake;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Haven.Web.Pages.Intake;

/// <summary>The person's view of their case: the team's replies, and a form to write more.</summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[StreamedUpload]
internal sealed class ConversationModel(SourceSessions sessions, SourceConversationQuery conversation, SendMessageCommand send, OpenReceiptCommand openReceipt, StreamingFormReader reader, IOptions<IntakeOptions> options, IOptions<AttachmentOptions> files) : PageModel, IKeepsTypedForm
{
    private int _filesOffered;

    public IReadOnlyList<SourceEntry> Entries => Shown.Entries;

    /// <summary>The page shown: 1 is the newest.</summary>
    public int PageNumber { get; private set; } = 1;

    public SourceConversation Shown { get; private set; } = new([], HasEarlier: false, HasReply: false);

    public List<string> Errors { get; } = [];

    public AttachmentOptions Files => files.Value;

    /// <summary>Filled from <see cref="StreamingForm"/>, never by model binding (it would buffer files to disk).</summary>
    public string? Text { get; set; }

    public string? RecordId { get; set; }

    public string? Receipt { get; set; }

    public bool NeedsReceipt { get; private set; }

    /// <summary>For a receipt that found the instance busy: in how many seconds to try again.</summary>
    public long RetryIn { get; private set; }

    public bool JustSent { get; private set; }

    /// <summary>Whether what was just sent is a testimony (from the testimony form).</summary>
    public bool JustTestified { get; private set; }

    /// <summary>The names of the files that came with the message just sent, on the first view after sending only.</summary>
    public IReadOnlyList<string>? SentFileNames { get; private set; }

    public int MaxTextLength => options.Value.MaxTextLength;

    /// <summary>A page number beyond any real conversation: larger ones are read as this one, junk as page 1.</summary>
    private const int MaxPage = 100_000;

    public async Task<IActionResult> OnGetAsync(bool sent, bool testimony, [FromQuery(Name = "page")] int page, CancellationToken cancellationToken)
    {
        var session = sessions.Current(HttpContext);
        if (session?.CaseId is null)
        {
            return RedirectToPage(session is null ? "/Intake/Return" : "/Intake/Request");
        }

        JustSent = sent || testimony;
        JustTestified = testimony;
        // Taken on any view, so that the names never outlive the first page after sending.
        SentFileNames = session.TakeSentFileNames();
        RecordId = RandomId.New();
        PageNumber = Math.Clamp(page, 1, MaxPage);
        Shown = await conversation.ExecuteAsync(session.CaseId, session.Keys, PageNumber, cancellationToken);
        return Page();
    }

    /// <summary>Takes no parameters on purpose: binding any would make the framework read (and buffer) the form first.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        var cancellationToken = HttpContext.RequestAborted;
        using var form = await reader.ReadAsync(HttpContext, cancellationToken);
        Text = form["Text"];
        RecordId = form["RecordId"];
        Receipt = form["Receipt"];
        _filesOffered = form.FilesOffered;
        var session = sessions.Current(HttpContext);
        if (form.Problem != UploadOutcome.None)
        {
            FormRefusal.RefuseUpload(Response, Errors, form);
            NeedsReceipt = session?.CaseId is null;
            await ShowNewestAsync(session, cancellationToken);
            return Page();
        }

        if (session?.CaseId is null && !string.IsNullOrWhiteSpace(Receipt))
        {
            try
            {
                session = await OpenReceiptAsync(cancellationToken) ?? session;
            }
            catch (Haven.Accounts.ServerBusyException)
            {
                // Too many receipts are being checked at once: keep the text, ask for the files again (they were
                // not kept) and to send again shortly, as the request form does.
                NeedsReceipt = true;
                FormRefusal.Refuse(Response, Errors, "Error_Busy", StatusCodes.Status503ServiceUnavailable, _filesOffered);
                return Page();
            }
        }

        if (session?.CaseId is not { } caseId)
        {
            return SessionEnded();
        }

        return await SendAsync(session, caseId, form.Batch, cancellationToken);
    }

    /// <summary>The database or the disk failed while sending: the text comes back (see <see cref="StorageOutageFilter"/>).</summary>
    public Task ShowStorageProblemAsync(string errorKey, CancellationToken cancellationToken)
    {
        FormRefusal.AddErrors(Errors, errorKey, _filesOffered);
        NeedsReceipt = sessions.Current(HttpContext)?.CaseId is null;
        return Task.CompletedTask;
    }

    /// <summary>The receipt typed with the message, for a session that ran out: the person's session again, or null with the error set (a 429 when throttled).</summary>
    private async Task<SourceSession?> OpenReceiptAsync(CancellationToken cancellationToken)
    {
        var opened = await openReceipt.ExecuteAsync(Receipt, cancellationToken);
        if (opened.Outcome == OpenReceiptOutcome.Opened)
        {
            var session = new SourceSession(opened.Keys!, opened.CaseId, receiptToShow: null);
            sessions.Start(HttpContext, session);
            return session;
        }

        Errors.Add(opened.Outcome == OpenReceiptOutcome.Throttled ? "Error_ReceiptThrottled" : "Error_ReceiptUnknown");
        if (opened.Outcome == OpenReceiptOutcome.Throttled)
        {
            RetryIn = IntakeText.RetryAfter(Response, opened.RetryAfter);
        }

        return null;
    }

    /// <summary>The session ran out while the person was writing: keep the text and ask for the receipt again (a 429 set by a throttled receipt stays).</summary>
    private PageResult SessionEnded()
    {
        FormRefusal.AddErrors(Errors, Errors.Count == 0 ? "Error_SessionEnded" : null, _filesOffered);
        NeedsReceipt = true;
        if (Response.StatusCode != StatusCodes.Status429TooManyRequests)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }

    private async Task<IActionResult> SendAsync(SourceSession session, string caseId, FileBatch batch, CancellationToken cancellationToken)
    {
        var problem = await send.ExecuteAsync(caseId, RecordId ?? "", Text, cancellationToken, batch);
        if (problem != IntakeOutcome.None)
        {
            FormRefusal.Refuse(Response, Errors, IntakeText.ProblemKey(problem), IntakeText.ProblemStatus(problem), _filesOffered);
            if (problem != IntakeOutcome.Throttled)
            {
                RecordId = RandomId.New();
            }

            await ShowNewestAsync(session, cancellationToken);
            return Page();
        }

        session.RememberSentFiles(batch);
        return RedirectToPage("/Intake/Conversation", new { sent = "true" });
    }

    /// <summary>Under a refused form, the newest page of the conversation (none without a case).</summary>
    private async Task ShowNewestAsync(SourceSession? session, CancellationToken cancellationToken)
    {
        if (session?.CaseId is not null)
        {
            Shown = await conversation.ExecuteAsync(session.CaseId, session.Keys, 1, cancellationToken);
        }
    }
}
