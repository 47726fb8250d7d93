using System.Globalization;
using Haven.Act;
using Haven.Act.Actions;
using Haven.Web.Desk;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Haven.Web.Pages.Desk.Act;

/// <summary>
/// What every desk page of one Urgent Action shares: administrators and campaigners only (others find nothing,
/// 404), the action loaded by its id (404 when there is none), the error of a refused form (shown with a 4xx and
/// the form as typed), and the names the pages show.
/// </summary>
[Authorize(Roles = "Admin,Campaigner")]
internal abstract class ActDeskPage(ActDeskQuery query) : PageModel
{
    private ActionOnDesk? _action;

    /// <summary>The action; set once <see cref="LoadAsync"/> returned true.</summary>
    public ActionOnDesk Item => _action ?? throw new InvalidOperationException("No action loaded.");

    /// <summary>The resource key of the error of a refused form, or null.</summary>
    public string? Error { get; protected set; }

    /// <summary>The resource key of a notice after a saved form (post-redirect-get), or null.</summary>
    public string? Notice { get; protected set; }

    protected Haven.Accounts.UnlockedResponder Me => DeskAuthentication.Current(HttpContext);

    /// <summary>Loads the action; false when there is none with that id.</summary>
    protected async Task<bool> LoadAsync(string? id, CancellationToken cancellationToken)
    {
        _action = await query.GetAsync(id, cancellationToken);
        return _action is not null;
    }

    /// <summary>The page again with the error and a 4xx: 409 when someone else changed the action, 403 for a role that may not, 400 otherwise.</summary>
    protected async Task<IActionResult> RefuseAsync(string id, ActDeskOutcome problem, CancellationToken cancellationToken)
    {
        if (problem == ActDeskOutcome.NotFound || !await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        Error = ActDeskText.ErrorKey(problem);
        Response.StatusCode = problem switch
        {
            ActDeskOutcome.ChangedElsewhere => StatusCodes.Status409Conflict,
            ActDeskOutcome.NotAllowed => StatusCodes.Status403Forbidden,
            _ => StatusCodes.Status400BadRequest,
        };
        return Page();
    }

    /// <summary>A form field, "" when absent.</summary>
    protected string Field(string name) => Request.HasFormContentType ? Request.Form[name].ToString() : "";

    /// <summary>The native name of a language, for headings ("русский").</summary>
    public static string LanguageName(string name) => ActDeskText.LanguageName(name);

    /// <summary>The number as shown, or null for a draft.</summary>
    public static string? NumberOf(UrgentAction action) => ActionNumber.Of(action)?.Display;

    /// <summary>Today's date (UTC) in the form a date input uses.</summary>
    public static string IsoDay(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";
}
