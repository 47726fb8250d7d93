using Haven.Accounts;
using Haven.Web.Desk;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Haven.Web.Pages.Desk;

/// <summary>Responder login: passphrase and a fresh TOTP code; failures throttled instance-wide.</summary>
[AllowAnonymous]
internal sealed class LoginModel(LoginCommand login, DeskSessions sessions) : PageModel
{
    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Passphrase { get; set; }

    [BindProperty]
    public string? Code { get; set; }

    public string? Error { get; private set; }

    public bool SetupDone { get; private set; }

    public void OnGet(bool setup) => SetupDone = setup;

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var result = await login.ExecuteAsync(Name, Passphrase, Code, cancellationToken);
        switch (result.Outcome)
        {
            case LoginOutcome.Success:
                sessions.SignIn(HttpContext, result.Responder!);
                return Redirect("/desk");
            case LoginOutcome.Throttled:
                Error = "Login_Throttled";
                Response.StatusCode = StatusCodes.Status429TooManyRequests;
                Response.Headers.RetryAfter = "60";
                break;
            case LoginOutcome.CodeReused:
                Error = "Login_CodeReused";
                Response.StatusCode = StatusCodes.Status400BadRequest;
                break;
            default:
                Error = "Login_Failed";
                Response.StatusCode = StatusCodes.Status400BadRequest;
                break;
        }

        return Page();
    }
}
