using Haven.Web.Desk;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Haven.Web.Pages.Desk;

/// <summary>Logs the responder out and wipes their unlocked keys from memory.</summary>
[AllowAnonymous]
internal sealed class LogoutModel(DeskSessions sessions) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Desk/Login");

    public IActionResult OnPost()
    {
        sessions.SignOut(HttpContext);
        return RedirectToPage("/Desk/Login");
    }
}
