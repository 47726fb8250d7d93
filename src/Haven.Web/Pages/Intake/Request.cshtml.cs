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
internal sealed class RequestModel(SourceSessions sessions, SubmitRequestCommand submit, InstanceState instance, Haven.Accounts.Argon2Gate gate, IOptions<IntakeOptions> options, IOptions<AttachmentOptions> files) : PageModel, IKeepsTypedForm
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

        Input = new RequestInputModel { RecordId = RandomId.New(), Ticket = IntakeText.Ticket(session.Keys, instance.Required.Pepper) };
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

        using var form = await StreamingForm.ReadAsync(HttpContext, cancellationToken);
        Input = new RequestInputModel
        {
            RecordId = form["Input.RecordId"],
            Ticket = form["Input.Ticket"],
            Receipt = form["Input.Receipt"],
            Help = [.. form.Values("Input.Help")],
            Urgency = form["Input.Urgency"],
            Text = form["Input.Text"],
            Contact = form["Input.Contact"],
        };
        _filesOffered = form.FilesOffered;
        if (form.Problem != UploadOutcome.None)
        {
            Errors.Add(IntakeText.UploadProblemKey(form.Problem));
            Response.StatusCode = form.Status;
            IntakeText.RetryLater(Response);
            return Page();
        }

        var session = sessions.Current(HttpContext);
        if (session is null)
        {
            try
            {
                session = await ResumeAsync(cancellationToken);
            }
            catch (Haven.Accounts.ServerBusyException)
            {
                // Too many receipts are being checked at once: keep everything typed and ask to send again shortly.
                NeedsReceipt = true;
                return Refused("Error_Busy", StatusCodes.Status503ServiceUnavailable, form.FilesOffered);
            }

            if (session is null)
            {
                NeedsReceipt = true;
                Errors.Add(string.IsNullOrWhiteSpace(Input.Receipt) ? "Error_SessionEnded" : "Error_ReceiptNotIssued");
                if (form.FilesOffered > 0)
                {
                    Errors.Add("Error_FilesAgain");
                }

                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            }
        }

        var input = new RequestInput(Input.RecordId ?? "", Input.Help.Distinct().ToList(), IntakeText.ParseUrgency(Input.Urgency), Input.Text, Input.Contact);
        var (caseId, problem) = await submit.ExecuteAsync(session.Keys, input, cancellationToken, form.Batch);
        if (caseId is null)
        {
            Errors.Add(IntakeText.ProblemKey(problem));
            if (form.FilesOffered > 0)
            {
                Errors.Add("Error_FilesAgain");
            }

            if (problem == IntakeOutcome.FormExpired)
            {
                Input.RecordId = RandomId.New();
            }

            Response.StatusCode = IntakeText.ProblemStatus(problem);
            IntakeText.RetryLater(Response);
            return Page();
        }

        session.CaseId = caseId;
        session.ReceiptToShow = null;
        session.RememberSentFiles(form.Batch);

        return RedirectToPage("/Intake/Sent");
    }

    /// <summary>The database or the disk failed while sending: the form comes back as typed (see <see cref="StorageOutageFilter"/>).</summary>
    public Task ShowStorageProblemAsync(string errorKey, CancellationToken cancellationToken)
    {
        Errors.Add(errorKey);
        if (_filesOffered > 0)
        {
            Errors.Add("Error_FilesAgain");
        }

        NeedsReceipt = sessions.Current(HttpContext) is null;
        return Task.CompletedTask;
    }

    private PageResult Refused(string errorKey, int status, int filesOffered)
    {
        Errors.Add(errorKey);
        if (filesOffered > 0)
        {
            Errors.Add("Error_FilesAgain");
        }

        Response.StatusCode = status;
        IntakeText.RetryLater(Response);
        return Page();
    }

    private async Task<SourceSession?> ResumeAsync(CancellationToken cancellationToken)
    {
        if (!Receipt.TryNormalize(Input.Receipt, out var digits) || string.IsNullOrEmpty(Input.Ticket))
        {
            return null;
        }

        var pepper = instance.Required.Pepper;
        var keys = await gate.RunAsync(() => ReceiptDerivation.Derive(digits, pepper), cancellationToken);
        if (!string.Equals(IntakeText.Ticket(keys, pepper), Input.Ticket, StringComparison.Ordinal))
        {
            keys.Dispose();
            return null;
        }

        var session = new SourceSession(keys, caseId: null, receiptToShow: null);
        sessions.Start(HttpContext, session);
        return session;
    }
}
