using Haven.Web.Intake;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Haven.Web.Pages.Intake;

/// <summary>Shows the new receipt with advice on keeping it safe, until the request is sent.</summary>
[AllowAnonymous]
internal sealed class ReceiptModel(SourceSessions sessions) : PageModel
{
    /// <summary>The value of <c>next</c> for a person who came to tell what happened.</summary>
    public const string Testimony = "testimony";

    public string Receipt { get; private set; } = "";

    /// <summary>Whether the page leads on to the testimony form rather than the request form.</summary>
    public bool ToTestimony { get; private set; }

    public IActionResult OnGet(string? next)
    {
        ToTestimony = next == Testimony;
        var session = sessions.Current(HttpContext);
        if (session?.ReceiptToShow is null)
        {
            return RedirectToPage(session?.CaseId is null ? "/Intake/Index" : "/Intake/Conversation");
        }

        Receipt = Haven.Crypto.Receipt.Format(session.ReceiptToShow);
        return Page();
    }
}
