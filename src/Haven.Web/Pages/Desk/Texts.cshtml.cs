using System.Globalization;
using Haven.Accounts;
using Haven.TeamTexts;
using Haven.Web.Desk;
using Haven.Web.Hosting;
using Haven.Web.TeamTexts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Haven.Web.Pages.Desk;

/// <summary>
/// The team texts on the intake, per language the intake offers: a text area per text with the team's
/// version or the default, saved one text at a time (post-redirect-get), and "back to the default" for a
/// text the team changed. Administrators only; everyone else finds nothing here (404). A text that is too
/// long is refused with 400 and shown again as typed.
/// </summary>
[Authorize(Roles = "Admin")]
internal sealed class TextsModel(TeamTextView texts, SetTeamTextCommand set, ResponderListQuery responders) : PageModel
{
    private IReadOnlyDictionary<string, string> _names = new Dictionary<string, string>();

    public TeamTextView Texts => texts;

    /// <summary>The languages of the intake, each with its texts.</summary>
    public static IReadOnlyList<CultureInfo> Languages => HavenApp.Cultures;

    public static IReadOnlyList<TeamTextKind> Kinds => TeamTextKinds.All;

    public string? Notice { get; private set; }

    public string? Error { get; private set; }

    /// <summary>The text the error is about, shown again as typed: language, kind and text.</summary>
    public (string Language, TeamTextKind Kind, string Text)? Typed { get; private set; }

    /// <summary>The id of a text's block and text area, e.g. <c>text-ru-reply-time</c>.</summary>
    public static string Id(CultureInfo language, TeamTextKind kind) => $"text-{language.Name}-{TeamTextKinds.Key(kind).Replace('_', '-')}";

    /// <summary>What the text area of a text holds: what was typed if it was refused, otherwise the current text.</summary>
    public string Value(CultureInfo language, TeamTextKind kind) =>
        Typed is { } typed && typed.Language == language.Name && typed.Kind == kind ? typed.Text : texts.Text(kind, language);

    public bool ErrorIn(CultureInfo language, TeamTextKind kind) => Typed is { } typed && typed.Language == language.Name && typed.Kind == kind;

    /// <summary>The name of the responder who made a version (ids of responders no longer listed, shortened).</summary>
    public string NameOf(string responderId) => _names.GetValueOrDefault(responderId) ?? (responderId.Length > 8 ? responderId[..8] : responderId);

    public async Task OnGetAsync(string? done, CancellationToken cancellationToken)
    {
        await LoadNamesAsync(cancellationToken);
        Notice = done switch
        {
            "saved" => "TeamText_Saved",
            "reset" => "TeamText_ResetDone",
            "unchanged" => "TeamText_Unchanged",
            _ => null,
        };
    }

    public Task<IActionResult> OnPostSaveAsync(string? language, string? kind, string? text, CancellationToken cancellationToken) =>
        ChangeAsync(language, kind, text ?? "", "saved", cancellationToken);

    public Task<IActionResult> OnPostResetAsync(string? language, string? kind, CancellationToken cancellationToken) =>
        ChangeAsync(language, kind, null, "reset", cancellationToken);

    private async Task<IActionResult> ChangeAsync(string? language, string? kindKey, string? text, string done, CancellationToken cancellationToken)
    {
        var culture = Languages.FirstOrDefault(c => c.Name == language);
        if (culture is null || !TeamTextKinds.TryParse(kindKey, out var kind))
        {
            return await FailAsync("TeamText_Error_Unknown", null, cancellationToken);
        }

        var change = await set.ExecuteAsync(culture.Name, kind, text, TeamTextView.Default(kind, culture), DeskAuthentication.Current(HttpContext), cancellationToken);
        return change.Problem switch
        {
            TeamTextOutcome.None => RedirectToPage("/Desk/Texts", new { done }),
            TeamTextOutcome.Unchanged => RedirectToPage("/Desk/Texts", new { done = "unchanged" }),
            TeamTextOutcome.TooLong => await FailAsync("TeamText_Error_TooLong", (culture.Name, kind, text ?? ""), cancellationToken),
            TeamTextOutcome.NotAllowed => NotFound(),
            _ => await FailAsync("TeamText_Error_Unknown", null, cancellationToken),
        };
    }

    /// <summary>The page again with a 400, the error and, for a text refused, the text as typed.</summary>
    private async Task<IActionResult> FailAsync(string error, (string Language, TeamTextKind Kind, string Text)? typed, CancellationToken cancellationToken)
    {
        (Error, Typed) = (error, typed);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadNamesAsync(cancellationToken);
        return Page();
    }

    private async Task LoadNamesAsync(CancellationToken cancellationToken) =>
        _names = (await responders.ExecuteAsync(cancellationToken)).ToDictionary(r => r.Id, r => r.Name, StringComparer.Ordinal);
}
