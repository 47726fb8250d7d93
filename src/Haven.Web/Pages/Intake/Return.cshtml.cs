using Haven.Instance;
using Haven.Intake;
using Haven.Web.Intake;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Haven.Web.Pages.Intake;

/// <summary>"I have a receipt": opens the person's conversation. Malformed receipts are refused at once; well-formed ones wait a fair, bounded turn in the Argon2id budget.</summary>
[AllowAnonymous]
internal sealed class ReturnModel(OpenReceiptCommand openReceipt, SourceSessions sessions, InstanceState instance) : PageModel
{
    [BindProperty]
    public string? Receipt { get; set; }

    public string? Error { get; private set; }

    /// <summary>For a busy answer: in how many seconds to try again.</summary>
    public long RetryIn { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!instance.IsInitialized)
        {
            return StatusCode(StatusCodes.Status503ServiceUnavailable);
        }

        var result = await openReceipt.ExecuteAsync(Receipt, cancellationToken);
        switch (result.Outcome)
        {
            case OpenReceiptOutcome.Opened:
                sessions.Start(HttpContext, new SourceSession(result.Keys!, result.CaseId, receiptToShow: null));
                return RedirectToPage("/Intake/Conversation");
            case OpenReceiptOutcome.Throttled:
                Error = "Error_ReceiptThrottled";
                RetryIn = IntakeText.RetryAfter(Response, result.RetryAfter);
                break;
            case OpenReceiptOutcome.Malformed:
                Error = "Error_ReceiptMalformed";
                Response.StatusCode = StatusCodes.Status400BadRequest;
                break;
            default:
                Error = "Error_ReceiptUnknown";
                Response.StatusCode = StatusCodes.Status400BadRequest;
                break;
        }

        return Page();
    }
}
