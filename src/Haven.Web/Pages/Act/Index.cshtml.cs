using Haven.Act;
using Haven.Act.Letters;
using Haven.Web.Act;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Haven.Web.Pages.Act;

/// <summary>The public list of Urgent Actions (<c>/act</c>): the live ones, then the ended ones with their outcome.</summary>
[AllowAnonymous]
internal sealed class IndexModel(PublicActionsQuery query) : PageModel
{
    public IReadOnlyList<UrgentAction> Actions { get; private set; } = [];

    /// <summary>The requested page language, carried by the links; null for the site's.</summary>
    public string? Lang { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Actions = await query.ListAsync(cancellationToken);
        Lang = ActLanguage.Requested(HttpContext);
    }

    /// <summary>The action's text in the page's language (or its own first).</summary>
    public ActionText? TextOf(UrgentAction action) => PublicActionsQuery.Text(action, ActLanguage.TextLanguage(action, Lang));

    /// <summary>The outcome's public note in the page's language, if any.</summary>
    public string? OutcomeNote(UrgentAction action) =>
        ActJson.ReadMap<string>(action.OutcomeTexts).TryGetValue(ActLanguage.TextLanguage(action, Lang), out var note) && !string.IsNullOrWhiteSpace(note) ? note : null;
}
