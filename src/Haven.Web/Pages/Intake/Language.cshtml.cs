using Haven.Web.Hosting;
using Haven.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Haven.Web.Pages.Intake;

/// <summary>The language switch: a plain link that sets a session cookie and returns to the same page.</summary>
[AllowAnonymous]
internal sealed class LanguageModel : PageModel
{
    public IActionResult OnGet(string? c, string? r)
    {
        var culture = HavenApp.Cultures.FirstOrDefault(x => x.Name == c);
        if (culture is not null)
        {
            Response.Cookies.Append(LanguageCookie.Name, CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)), LanguageCookie.Options(Request));
        }

        // Encoded for the header: a path in any script returns to the same page; one that is not local leads home.
        return LocalRedirect(LocalUrl.ForLocation(r));
    }
}
