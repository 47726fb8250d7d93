using Haven.Accounts;
using Haven.Web.Desk;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Haven.Web.Pages.Desk;

/// <summary>
/// Responder login: passphrase and a fresh TOTP code. Failures are throttled per responder name, with a device
/// cookie (<see cref="DeviceCookies"/>) that keeps the responder's own browser out of reach of a stranger's
/// failures, and the instance's Argon2id work is capped (<see cref="Haven.Abuse.LoginThrottle"/>).
/// </summary>
[AllowAnonymous]
internal sealed class LoginModel(LoginCommand login, DeskSessions sessions, DeviceCookies devices) : PageModel
{
    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Passphrase { get; set; }

    [BindProperty]
    public string? Code { get; set; }

    public string? Error { get; private set; }

    /// <summary>For a throttled or busy login: in how many minutes (throttled) or seconds (busy) to try again.</summary>
    public long RetryIn { get; private set; }

    public bool SetupDone { get; private set; }

    public void OnGet(bool setup) => SetupDone = setup;

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var device = devices.Read(HttpContext);
        var result = await login.ExecuteAsync(Name, Passphrase, Code, device, cancellationToken);
        switch (result.Outcome)
        {
            case LoginOutcome.Success:
                devices.Issue(HttpContext, result.Responder!.Id, device);
                sessions.SignIn(HttpContext, result.Responder!);

                // A campaigner has no inbox: their desk is the Urgent Actions.
                return RedirectToPage(result.Responder!.Role == Haven.Accounts.ResponderRole.Campaigner ? "/Desk/Act/Index" : "/Desk/Index");
            case LoginOutcome.Throttled:
                Error = "Login_ThrottledName";
                RetryIn = (Intake.IntakeText.RetryAfter(Response, result.RetryAfter) + 59) / 60;
                break;
            case LoginOutcome.Busy:
                Error = "Login_Busy";
                RetryIn = Intake.IntakeText.RetryAfter(Response, result.RetryAfter);
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
