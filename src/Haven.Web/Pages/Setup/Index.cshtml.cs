using Haven.Accounts;
using Haven.Web.Setup;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QRCoder;

namespace Haven.Web.Pages.Setup;

/// <summary>
/// The one-time set-up: the first administrator's passphrase, TOTP enrolment verified by a code, and the
/// recovery secret shown once with a confirmation that it is stored offline. The link dies when done.
/// </summary>
[AllowAnonymous]
internal sealed class SetupModel(SetupState setup) : PageModel
{
    public string Token { get; private set; } = "";

    public SetupStep Step => setup.Step;

    public string? Error { get; private set; }

    [BindProperty]
    public string? Name { get; set; }

    public string? TotpSecret => setup.PendingTotpSecret;

    public string? RecoverySecret => setup.RecoverySecretText;

    public string QrDataUri
    {
        get
        {
            var uri = TotpCodes.ProvisioningUri(setup.PendingTotpSecret ?? "", setup.PendingName ?? "");
            using var generator = new QRCodeGenerator();
            using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
            var svg = new SvgQRCode(data).GetGraphic(4);
            return "data:image/svg+xml;base64," + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(svg));
        }
    }

    public IActionResult OnGet(string token) => Check(token) is { } stop ? stop : Page();

    public IActionResult OnPostAccount(string token, string? passphrase, string? confirm)
    {
        if (Check(token) is { } stop)
        {
            return stop;
        }

        if (Step != SetupStep.Account)
        {
            return Redirect($"/setup/{token}");
        }

        if (!string.Equals(passphrase, confirm, StringComparison.Ordinal))
        {
            return Fail("Setup_PassphraseMismatch");
        }

        return setup.CreateAccount(Name, passphrase) switch
        {
            ResponderProblem.None => Redirect($"/setup/{token}"),
            ResponderProblem.NameInvalid => Fail("Setup_NameInvalid"),
            _ => Fail("Setup_PassphraseTooShort"),
        };
    }

    public IActionResult OnPostTotp(string token, string? code)
    {
        if (Check(token) is { } stop)
        {
            return stop;
        }

        return setup.VerifyTotp(code) ? Redirect($"/setup/{token}") : Fail("Setup_CodeWrong");
    }

    public async Task<IActionResult> OnPostFinishAsync(string token, bool stored, CancellationToken cancellationToken)
    {
        if (Check(token) is { } stop)
        {
            return stop;
        }

        if (Step != SetupStep.Recovery)
        {
            return Redirect($"/setup/{token}");
        }

        if (!stored)
        {
            return Fail("Setup_RecoveryNotConfirmed");
        }

        var problem = await setup.CompleteAsync(cancellationToken);
        return problem == ResponderProblem.None ? Redirect("/desk/login?setup=true") : Fail("Setup_NameTaken");
    }

    private NotFoundResult? Check(string token)
    {
        Token = token;
        return setup.TokenMatches(token) ? null : NotFound();
    }

    private PageResult Fail(string error)
    {
        Error = error;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
