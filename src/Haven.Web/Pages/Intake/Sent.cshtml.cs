using Haven.Web.Intake;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Haven.Web.Pages.Intake;

/// <summary>Confirms the request was stored.</summary>
[AllowAnonymous]
internal sealed class SentModel(SourceSessions sessions) : PageModel
{
    public IActionResult OnGet() => sessions.Current(HttpContext)?.CaseId is null ? Redirect("/") : Page();
}
