using Haven.Act;
using Haven.Act.Letters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Haven.Web.Act;

/// <summary>
/// What every public page of one Urgent Action has: the action (published, never a draft), the language of its
/// texts on this page, the <c>lang</c> its links and forms carry, and what the layout's language switch offers.
/// </summary>
internal abstract class ActPageModel(PublicActionsQuery query) : PageModel
{
    /// <summary>The layout's key for the languages its switch offers.</summary>
    public const string LanguagesKey = "ActLanguages";

    public PublicAction Public { get; private set; } = null!;

    public UrgentAction Action => Public.Action;

    /// <summary>The requested page language (the <c>lang</c> parameter), carried by links and forms; null when the site's language is used.</summary>
    public string? Lang { get; private set; }

    /// <summary>The language of the action's texts on this page.</summary>
    public string TextLang { get; private set; } = "en";

    public ActionText Text { get; private set; } = null!;

    public string Slug => Public.Number.Slug;

    /// <summary>The targets letters are written to (not the copies).</summary>
    public IEnumerable<PublicTarget> Targets => Public.Targets.Where(t => t.Kind == TargetKind.Target);

    /// <summary>Loads the action of <paramref name="slug"/>; false (the page answers 404) when there is none.</summary>
    protected async Task<bool> LoadAsync(string? slug, CancellationToken cancellationToken)
    {
        if (await query.FindAsync(slug, cancellationToken) is not { } found)
        {
            return false;
        }

        Public = found;
        Lang = ActLanguage.Requested(HttpContext);
        TextLang = ActLanguage.TextLanguage(found.Action, Lang);
        Text = PublicActionsQuery.Text(found.Action, TextLang)
            ?? ActionLookup.LanguagesOf(found.Action).Select(l => PublicActionsQuery.Text(found.Action, l)).FirstOrDefault(t => t is not null)
            ?? new ActionText("", "", "", "", "", "");
        ViewData[LanguagesKey] = ActLanguage.Offered(found.Action);
        return true;
    }
}
