using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Haven.Web.Pages;

/// <summary>
/// Every error a person sees: localized, without detail, with the original status code. Re-executed for
/// any method, so it must not demand an anti-forgery token itself; it has no form.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
internal sealed class ErrorModel : PageModel
{
    private static readonly int[] Known = [400, 403, 404, 405, 408, 413, 415, 429, 431, 500, 503];

    public int Code { get; private set; }

    public string TitleKey => $"Error_{Code}_Title";

    public string BodyKey => $"Error_{Code}_Body";

    // No handler parameters: binding them would read the form, which may be the very body that was refused.
    public IActionResult OnGet() => Show();

    public IActionResult OnPost() => Show();

    private PageResult Show()
    {
        _ = int.TryParse(RouteData.Values["code"]?.ToString(), out var code);

        // After an exception the path is always /error/500; the status chosen for it (ErrorStatus) is the one to explain.
        if (HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>() is not null && Response.StatusCode is >= 400 and < 600)
        {
            code = Response.StatusCode;
        }
        Code = Known.Contains(code) ? code : (code >= 500 ? 500 : 400);
        if (HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is null
            && HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>() is null)
        {
            Response.StatusCode = Code == 500 ? 404 : Code;
        }

        if (Code == 429 || Code == 503)
        {
            Response.Headers.RetryAfter = "60";
        }

        return Page();
    }
}
