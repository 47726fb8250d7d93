using Haven.Accounts;
using Haven.Web.Desk;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Haven.Web.Pages.Desk;

/// <summary>
/// The responder's own account: their name and role, and a passphrase change (current passphrase, the new
/// one twice). The keys do not change, only how they are wrapped, so every case stays readable.
/// </summary>
[Authorize]
internal sealed class AccountModel(ChangePassphraseCommand change) : PageModel
{
    public UnlockedResponder Me => DeskAuthentication.Current(HttpContext);

    public static string RoleKey(ResponderRole role) => "Role_" + role;

    public bool Changed { get; private set; }

    public string? Error { get; private set; }

    public void OnGet(bool changed) => Changed = changed;

    public async Task<IActionResult> OnPostAsync(string? current, string? passphrase, string? confirm, CancellationToken cancellationToken)
    {
        if (!string.Equals(passphrase, confirm, StringComparison.Ordinal))
        {
            return Fail("Setup_PassphraseMismatch", StatusCodes.Status400BadRequest);
        }

        return await change.ExecuteAsync(Me, current, passphrase, cancellationToken) switch
        {
            PassphraseChange.Changed => RedirectToPage("/Desk/Account", new { changed = "true" }),
            PassphraseChange.TooShort => Fail("Setup_PassphraseTooShort", StatusCodes.Status400BadRequest),
            PassphraseChange.Throttled => Fail("Login_Throttled", StatusCodes.Status429TooManyRequests),
            _ => Fail("Account_CurrentWrong", StatusCodes.Status400BadRequest),
        };
    }

    private PageResult Fail(string error, int status)
    {
        Error = error;
        Response.StatusCode = status;
        if (status == StatusCodes.Status429TooManyRequests)
        {
            Response.Headers.RetryAfter = "60";
        }

        return Page();
    }
}
