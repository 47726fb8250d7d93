using Haven.Web.Intake;
using Haven.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Haven.Web.Pages.Intake;

/// <summary>
/// Quick exit: ends the session, asks the browser to drop this site's cookies and storage, and leaves for a
/// neutral address. A plain link, so it works without JavaScript and needs no form.
/// </summary>
[AllowAnonymous]
internal sealed class ExitModel(SourceSessions sessions, IOptions<IntakeWebOptions> options) : PageModel
{
    public IActionResult OnGet()
    {
        sessions.End(HttpContext);
        Response.Cookies.Delete(LanguageCookie.Name);
        Response.Cookies.Delete("haven-af");
        Response.Headers["Clear-Site-Data"] = "\"cookies\", \"storage\"";
        return Redirect(options.Value.QuickExitUrl);
    }
}
