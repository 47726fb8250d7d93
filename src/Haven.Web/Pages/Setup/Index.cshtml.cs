using Haven.Accounts;
using Haven.Web.Pages.Shared;
using Haven.Web.Security;
using Haven.Web.Setup;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Haven.Web.Pages.Setup;

/// <summary>
/// The one-time set-up: the first administrator's passphrase, TOTP enrolment verified by a code, and the
/// recovery secret shown once with a confirmation that it is stored offline. The link dies when done. The
/// first browser to GET the link gets a binding cookie (HttpOnly, SameSite=Strict, path /setup); any other
/// browser is answered 403 with a page that says the link was opened elsewhere, and sees no form and no secret.
/// </summary>
[AllowAnonymous]
internal sealed class SetupModel(SetupState setup) : PageModel
{
    /// <summary>Holds the binding of the browser the set-up belongs to; only sent back to /setup.</summary>
    public const string BindingCookie = "haven-setup";

    public string Token { get; private set; } = "";

    /// <summary>True when this browser is not the one the set-up is bound to: the page says so and nothing else.</summary>
    public bool OpenedElsewhere { get; private set; }

    /// <summary>True when another node of the instance finished the set-up first: the page says the set-up is done, and nothing else.</summary>
    public bool DoneElsewhere { get; private set; }

    public SetupStep Step => setup.Step;

    public string? Error { get; private set; }

    /// <summary>The name typed in the account form, shown again when it was refused.</summary>
    public string? Name { get; private set; }

    public string? RecoverySecret => setup.RecoverySecretText;

    /// <summary>The TOTP enrolment block (QR code and secret) for the administrator being set up.</summary>
    public TotpEnrolmentView Totp => new(setup.PendingTotpSecret ?? "", setup.PendingName ?? "");

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken cancellationToken)
    {
        if (await CheckAsync(token, cancellationToken, binding: false) is { } stop)
        {
            return stop;
        }

        // A HEAD (a link checker, a preview) binds nothing: only a real GET does.
        if (HttpMethods.IsGet(Request.Method) && setup.Bind() is { } binding)
        {
            var options = SessionCookies.Options(Request);
            options.Path = "/setup";
            Response.Cookies.Append(BindingCookie, binding, options);
            Response.Headers.CacheControl = "no-store";
            return Page();
        }

        return Bound() ?? Page();
    }

    public async Task<IActionResult> OnPostAccountAsync(string token, string? name, string? passphrase, string? confirm, CancellationToken cancellationToken)
    {
        Name = name;
        if (await CheckAsync(token, cancellationToken) is { } stop)
        {
            return stop;
        }

        if (Step != SetupStep.Account)
        {
            return RedirectToPage("/Setup/Index", new { token });
        }

        if (!string.Equals(passphrase, confirm, StringComparison.Ordinal))
        {
            return Fail("Setup_PassphraseMismatch");
        }

        return setup.CreateAccount(name, passphrase) switch
        {
            ResponderOutcome.None => RedirectToPage("/Setup/Index", new { token }),
            ResponderOutcome.NameInvalid => Fail("Setup_NameInvalid"),
            ResponderOutcome.NameInvisible => Fail("Setup_NameInvisible"),
            _ => Fail("Setup_PassphraseTooShort"),
        };
    }

    public async Task<IActionResult> OnPostTotpAsync(string token, string? code, CancellationToken cancellationToken)
    {
        if (await CheckAsync(token, cancellationToken) is { } stop)
        {
            return stop;
        }

        return setup.VerifyTotp(code) ? RedirectToPage("/Setup/Index", new { token }) : Fail("Setup_CodeWrong");
    }

    public async Task<IActionResult> OnPostFinishAsync(string token, bool stored, CancellationToken cancellationToken)
    {
        if (await CheckAsync(token, cancellationToken) is { } stop)
        {
            return stop;
        }

        if (Step != SetupStep.Recovery)
        {
            return RedirectToPage("/Setup/Index", new { token });
        }

        if (!stored)
        {
            return Fail("Setup_RecoveryNotConfirmed");
        }

        var problem = await setup.CompleteAsync(cancellationToken);
        if (setup.DoneElsewhere(token))
        {
            return Done();
        }

        return problem switch
        {
            ResponderOutcome.None => RedirectToPage("/Desk/Login", new { setup = "true" }),
            ResponderOutcome.NameConfusable => Fail("Setup_NameConfusable"),
            _ => Fail("Setup_NameTaken"),
        };
    }

    /// <summary>
    /// The "set-up is done" page for the link of a set-up another node finished first; 404 for a link that is not
    /// (or no longer) the set-up link; then, unless told not to, the binding check.
    /// </summary>
    private async Task<IActionResult?> CheckAsync(string token, CancellationToken cancellationToken, bool binding = true)
    {
        Token = token;
        if (setup.DoneElsewhere(token))
        {
            return Done();
        }

        if (!setup.TokenMatches(token))
        {
            return NotFound();
        }

        if (await setup.CloseIfDoneElsewhereAsync(cancellationToken) && setup.DoneElsewhere(token))
        {
            return Done();
        }

        return binding ? Bound() : null;
    }

    private PageResult Done()
    {
        Response.Headers.CacheControl = "no-store";
        DoneElsewhere = true;
        return Page();
    }

    /// <summary>Null for the bound browser; otherwise the 403 page that says the link was opened elsewhere.</summary>
    private PageResult? Bound()
    {
        Response.Headers.CacheControl = "no-store";
        if (setup.IsBoundTo(Request.Cookies[BindingCookie]))
        {
            return null;
        }

        OpenedElsewhere = true;
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return Page();
    }

    private PageResult Fail(string error)
    {
        Error = error;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
