using Haven.Web.Intake;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Haven.Web.Pages.Intake;

/// <summary>Confirms the request (or testimony) was stored, with the files that came with it (their names shown once).</summary>
[AllowAnonymous]
internal sealed class SentModel(SourceSessions sessions) : PageModel
{
    /// <summary>The names of the files just sent, on the first view after sending only.</summary>
    public IReadOnlyList<string>? FileNames { get; private set; }

    /// <summary>Whether what was sent is a testimony (the guided form) rather than a request.</summary>
    public bool Testimony { get; private set; }

    public IActionResult OnGet(bool testimony)
    {
        Testimony = testimony;
        var session = sessions.Current(HttpContext);
        if (session?.CaseId is null)
        {
            return RedirectToPage("/Intake/Index");
        }

        FileNames = session.TakeSentFileNames();
        return Page();
    }
}
