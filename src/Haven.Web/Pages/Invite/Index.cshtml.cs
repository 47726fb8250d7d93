using Haven.Accounts;
using Haven.Web.Pages.Shared;
using Haven.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Haven.Web.Pages.Invite;

/// <summary>
/// Enrolment through a one-time invitation link: the invitee chooses a name and passphrase, enrols TOTP and
/// proves it with a code; only then does the account exist. An unknown link is 404, an expired or used one
/// 410, each with a page that says so.
/// </summary>
[AllowAnonymous]
internal sealed class InviteModel(InvitationEnrolments enrolments) : PageModel
{
    /// <summary>Holds the binding of this browser's pending enrolment; only sent back to /invite.</summary>
    public const string BindingCookie = "haven-i";

    public string Token { get; private set; } = "";

    public InvitationStatus Status { get; private set; }

    public ResponderRole Role { get; private set; }

    public PendingEnrolment? Pending { get; private set; }

    public string? Error { get; private set; }

    /// <summary>The name typed in the account form, shown again when it was refused.</summary>
    public string? Name { get; private set; }

    public static string RoleKey(ResponderRole role) => "Role_" + role;

    public string StatusKey => "Invite_" + Status;

    /// <summary>The TOTP enrolment block (QR code and secret) for the pending enrolment.</summary>
    public TotpEnrolmentView Totp => new(Pending?.TotpSecret ?? "", Pending?.Responder.Name ?? "");

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken cancellationToken) =>
        await CheckAsync(token, cancellationToken) ?? Page();

    public async Task<IActionResult> OnPostAccountAsync(string token, string? name, string? passphrase, string? confirm, CancellationToken cancellationToken)
    {
        Name = name;
        if (await CheckAsync(token, cancellationToken) is { } stop)
        {
            return stop;
        }

        if (Pending is not null)
        {
            return RedirectToPage("/Invite/Index", new { token });
        }

        if (!string.Equals(passphrase, confirm, StringComparison.Ordinal))
        {
            return Fail("Setup_PassphraseMismatch");
        }

        var (problem, binding) = await enrolments.StartAsync(token, Role, name, passphrase, cancellationToken);
        switch (problem)
        {
            case ResponderOutcome.None:
                var options = SessionCookies.Options(Request);
                options.Path = "/invite";
                Response.Cookies.Append(BindingCookie, binding!, options);
                return RedirectToPage("/Invite/Index", new { token });
            case ResponderOutcome.NameInvalid:
                return Fail("Setup_NameInvalid");
            case ResponderOutcome.NameTaken:
                return Fail("Setup_NameTaken");
            case ResponderOutcome.NameInvisible:
                return Fail("Setup_NameInvisible");
            case ResponderOutcome.NameConfusable:
                return Fail("Setup_NameConfusable");
            default:
                return Fail("Setup_PassphraseTooShort");
        }
    }

    public async Task<IActionResult> OnPostTotpAsync(string token, string? code, CancellationToken cancellationToken)
    {
        if (await CheckAsync(token, cancellationToken) is { } stop)
        {
            return stop;
        }

        var (outcome, _) = await enrolments.CompleteAsync(token, Binding, code, cancellationToken);
        switch (outcome)
        {
            case EnrolmentOutcome.Done:
                var options = SessionCookies.Options(Request);
                options.Path = "/invite";
                Response.Cookies.Delete(BindingCookie, options);
                return RedirectToPage("/Desk/Login", new { setup = "true" });
            case EnrolmentOutcome.CodeWrong:
                return Fail("Setup_CodeWrong");
            case EnrolmentOutcome.NameTaken:
                Pending = null;
                return Fail("Setup_NameTaken");
            case EnrolmentOutcome.NameConfusable:
                Pending = null;
                return Fail("Setup_NameConfusable");
            case EnrolmentOutcome.NotStarted:
                return RedirectToPage("/Invite/Index", new { token });
            default:
                return await CheckAsync(token, cancellationToken) ?? RedirectToPage("/Invite/Index", new { token });
        }
    }

    public async Task<IActionResult> OnPostRestartAsync(string token, CancellationToken cancellationToken)
    {
        if (await CheckAsync(token, cancellationToken) is { } stop)
        {
            return stop;
        }

        enrolments.Restart(token, Binding);
        return RedirectToPage("/Invite/Index", new { token });
    }

    /// <summary>Loads the invitation; answers 404 (unknown) or 410 (expired, used) with an explaining page.</summary>
    private async Task<IActionResult?> CheckAsync(string token, CancellationToken cancellationToken)
    {
        Token = token;
        (Status, Role) = await enrolments.CheckAsync(token, cancellationToken);
        if (Status == InvitationStatus.Valid)
        {
            Pending = enrolments.Pending(token, Binding);
            return null;
        }

        Response.StatusCode = Status == InvitationStatus.Unknown ? StatusCodes.Status404NotFound : StatusCodes.Status410Gone;
        return Page();
    }

    private string? Binding => Request.Cookies[BindingCookie];

    private PageResult Fail(string error)
    {
        Error = error;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
