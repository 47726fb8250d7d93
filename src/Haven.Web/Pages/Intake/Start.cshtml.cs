using Haven.Instance;
using Haven.Intake;
using Haven.Web.Intake;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Haven.Web.Pages.Intake;

/// <summary>
/// "Ask for help" (or "I want to tell what happened", with <c>next=testimony</c>): draws a receipt, derives its
/// keys into a new session, shows the receipt, which then leads on to the request or the testimony form.
/// </summary>
[AllowAnonymous]
internal sealed class StartModel(InstanceState instance, CreateReceiptCommand createReceipt, SourceSessions sessions) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Intake/Index");

    public async Task<IActionResult> OnPostAsync(string? next, CancellationToken cancellationToken)
    {
        if (!instance.IsInitialized)
        {
            return StatusCode(StatusCodes.Status503ServiceUnavailable);
        }

        var (receipt, keys) = await createReceipt.ExecuteAsync(cancellationToken);
        sessions.Start(HttpContext, new SourceSession(keys, caseId: null, receiptToShow: receipt));
        return next == ReceiptModel.Testimony ? RedirectToPage("/Intake/Receipt", new { next }) : RedirectToPage("/Intake/Receipt");
    }
}
