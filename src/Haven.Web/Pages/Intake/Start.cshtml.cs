using Haven.Instance;
using Haven.Intake;
using Haven.Web.Intake;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Haven.Web.Pages.Intake;

/// <summary>"Ask for help": draws a receipt, derives its keys into a new session, shows the receipt.</summary>
[AllowAnonymous]
internal sealed class StartModel(InstanceState instance, CreateReceiptCommand createReceipt, SourceSessions sessions) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Intake/Index");

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!instance.IsInitialized)
        {
            return StatusCode(StatusCodes.Status503ServiceUnavailable);
        }

        var (receipt, keys) = await createReceipt.ExecuteAsync(cancellationToken);
        sessions.Start(HttpContext, new SourceSession(keys, caseId: null, receiptToShow: receipt));
        return RedirectToPage("/Intake/Receipt");
    }
}
