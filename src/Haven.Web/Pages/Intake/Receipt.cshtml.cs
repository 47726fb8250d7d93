using Haven.Web.Intake;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Haven.Web.Pages.Intake;

/// <summary>Shows the new receipt with advice on keeping it safe, until the request is sent.</summary>
[AllowAnonymous]
internal sealed class ReceiptModel(SourceSessions sessions) : PageModel
{
    public string Receipt { get; private set; } = "";

    public IActionResult OnGet()
    {
        var session = sessions.Current(HttpContext);
        if (session?.ReceiptToShow is null)
        {
            return RedirectToPage(session?.CaseId is null ? "/Intake/Index" : "/Intake/Conversation");
        }

        Receipt = Haven.Crypto.Receipt.Format(session.ReceiptToShow);
        return Page();
    }
}
