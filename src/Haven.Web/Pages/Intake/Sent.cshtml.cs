using Haven.Web.Intake;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Haven.Web.Pages.Intake;

/// <summary>Confirms the request was stored, with the files that came with it (their names shown once).</summary>
[AllowAnonymous]
internal sealed class SentModel(SourceSessions sessions) : PageModel
{
    /// <summary>The names of the files just sent, on the first view after sending only.</summary>
    public IReadOnlyList<string>? FileNames { get; private set; }

    public IActionResult OnGet()
    {
        var session = sessions.Current(HttpContext);
        if (session?.CaseId is null)
        {
            return RedirectToPage("/Intake/Index");
        }

        FileNames = session.TakeSentFileNames();
        return Page();
    }
}
