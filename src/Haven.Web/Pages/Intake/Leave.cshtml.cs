using Haven.Web.Intake;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Haven.Web.Pages.Intake;

/// <summary>Logs the person out: the session and the keys it held are wiped.</summary>
[AllowAnonymous]
internal sealed class LeaveModel(SourceSessions sessions) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Intake/Index");

    public IActionResult OnPost()
    {
        sessions.End(HttpContext);
        return RedirectToPage("/Intake/Index", new { left = "true" });
    }
}
