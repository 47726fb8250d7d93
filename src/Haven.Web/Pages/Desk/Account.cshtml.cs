using Haven.Accounts;
using Haven.Alerts;
using Haven.Web.Desk;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Haven.Web.Pages.Desk;

/// <summary>
/// The responder's own account: their name and role, and a passphrase change (current passphrase, the new
/// one twice). The keys do not change, only how they are wrapped, so every case stays readable. And the alerts
/// (issue 18, point 7): an e-mail saying only that there is new activity, for the kinds of activity the role
/// sees; the address is stored sealed and never shown again, and turning alerts off deletes it.
/// </summary>
[Authorize]
internal sealed class AccountModel(ChangePassphraseCommand change, AlertSettingsCommand alerts) : PageModel
{
    public UnlockedResponder Me => DeskAuthentication.Current(HttpContext);

    public static string RoleKey(ResponderRole role) => "Role_" + role;

    public bool Changed { get; private set; }

    public string? Error { get; private set; }

    /// <summary>The responder's alert choices as stored (or as just sent back with an error).</summary>
    public AlertSettings Alerts { get; private set; } = new(false, false, false);

    /// <summary>The key of the notice after an alert change, or of its error.</summary>
    public string? AlertNotice { get; private set; }

    public string? AlertError { get; private set; }

    public bool SeesNewRequests => AlertRoles.SeesNewRequests(Me.Role);

    public bool SeesCaseMessages => AlertRoles.SeesCaseMessages(Me.Role);

    public async Task OnGetAsync(bool changed, [FromQuery(Name = "alerts")] string? alertsDone, CancellationToken cancellationToken)
    {
        Changed = changed;
        AlertNotice = alertsDone switch
        {
            "on" => "Alerts.Saved",
            "off" => "Alerts.TurnedOff",
            _ => null,
        };
        Alerts = await alerts.ReadAsync(Me, cancellationToken);
    }

    public async Task<IActionResult> OnPostAlertsAsync(string? alertAddress, bool newRequests, bool caseMessages, CancellationToken cancellationToken)
    {
        switch (await alerts.SetAsync(Me, alertAddress, newRequests, caseMessages, cancellationToken))
        {
            case AlertChange.Saved:
                return RedirectToPage("/Desk/Account", null, new { alerts = "on" }, "alerts");
            case AlertChange.TurnedOff:
                return RedirectToPage("/Desk/Account", null, new { alerts = "off" }, "alerts");
            default:
                var stored = await alerts.ReadAsync(Me, cancellationToken);
                Alerts = new AlertSettings(stored.On, newRequests, caseMessages);
                AlertError = "Alerts.BadAddress";
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
        }
    }

    public async Task<IActionResult> OnPostAlertsOffAsync(CancellationToken cancellationToken)
    {
        await alerts.SetAsync(Me, null, false, false, cancellationToken);
        return RedirectToPage("/Desk/Account", null, new { alerts = "off" }, "alerts");
    }

    public async Task<IActionResult> OnPostAsync(string? current, string? passphrase, string? confirm, CancellationToken cancellationToken)
    {
        if (!string.Equals(passphrase, confirm, StringComparison.Ordinal))
        {
            return await FailAsync("Setup_PassphraseMismatch", StatusCodes.Status400BadRequest, cancellationToken);
        }

        return await change.ExecuteAsync(Me, current, passphrase, cancellationToken) switch
        {
            PassphraseChange.Changed => RedirectToPage("/Desk/Account", new { changed = "true" }),
            PassphraseChange.TooShort => await FailAsync("Setup_PassphraseTooShort", StatusCodes.Status400BadRequest, cancellationToken),
            PassphraseChange.Throttled => await FailAsync("Login_Throttled", StatusCodes.Status429TooManyRequests, cancellationToken),
            _ => await FailAsync("Account_CurrentWrong", StatusCodes.Status400BadRequest, cancellationToken),
        };
    }

    private async Task<PageResult> FailAsync(string error, int status, CancellationToken cancellationToken)
    {
        Alerts = await alerts.ReadAsync(Me, cancellationToken);
        Error = error;
        Response.StatusCode = status;
        if (status == StatusCodes.Status429TooManyRequests)
        {
            Response.Headers.RetryAfter = "60";
        }

        return Page();
    }
}
