using Haven.Crypto;
using Haven.Intake;
using Haven.Web.Intake;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Haven.Web.Pages.Intake;

/// <summary>The person's view of their case: the team's replies, and a form to write more.</summary>
[AllowAnonymous]
internal sealed class ConversationModel(SourceSessions sessions, SourceConversationQuery conversation, SendMessageCommand send, OpenReceiptCommand openReceipt, IOptions<IntakeOptions> options) : PageModel
{
    public IReadOnlyList<SourceEntry> Entries { get; private set; } = [];

    public List<string> Errors { get; } = [];

    [BindProperty]
    public string? Text { get; set; }

    [BindProperty]
    public string? RecordId { get; set; }

    [BindProperty]
    public string? Receipt { get; set; }

    public bool NeedsReceipt { get; private set; }

    public bool JustSent { get; private set; }

    public int MaxTextLength => options.Value.MaxTextLength;

    public async Task<IActionResult> OnGetAsync(bool sent, CancellationToken cancellationToken)
    {
        var session = sessions.Current(HttpContext);
        if (session?.CaseId is null)
        {
            return Redirect(session is null ? "/return" : "/request");
        }

        JustSent = sent;
        RecordId = RandomId.New();
        Entries = await conversation.ExecuteAsync(session.CaseId, session.Keys, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var session = sessions.Current(HttpContext);
        if (session?.CaseId is null && !string.IsNullOrWhiteSpace(Receipt))
        {
            var opened = await openReceipt.ExecuteAsync(Receipt, cancellationToken);
            if (opened.Outcome == OpenReceiptOutcome.Opened)
            {
                session = new SourceSession(opened.Keys!, opened.CaseId, receiptToShow: null);
                sessions.Start(HttpContext, session);
            }
            else
            {
                Errors.Add(opened.Outcome == OpenReceiptOutcome.Throttled ? "Error_ReceiptThrottled" : "Error_ReceiptUnknown");
            }
        }

        if (session?.CaseId is null)
        {
            // The session ran out while the person was writing: keep the text and ask for the receipt again.
            if (Errors.Count == 0)
            {
                Errors.Add("Error_SessionEnded");
            }

            NeedsReceipt = true;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var problem = await send.ExecuteAsync(session.CaseId, RecordId ?? "", Text, cancellationToken);
        if (problem != IntakeProblem.None)
        {
            Errors.Add(IntakeText.ProblemKey(problem));
            Response.StatusCode = StatusCodes.Status400BadRequest;
            RecordId = RandomId.New();
            Entries = await conversation.ExecuteAsync(session.CaseId, session.Keys, cancellationToken);
            return Page();
        }

        return Redirect("/conversation?sent=true");
    }
}
