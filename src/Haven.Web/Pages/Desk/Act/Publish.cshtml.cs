using System.Globalization;
using Haven.Act;
using Haven.Act.Actions;
using Microsoft.AspNetCore.Mvc;

namespace Haven.Web.Pages.Desk.Act;

/// <summary>
/// Publishes a draft: what is still missing (texts per language, a target), the tick that no person at risk is named
/// or that they consented, and the button. Refused with 400 and the reason (409 after someone else's edit).
/// </summary>
internal sealed class ActPublishModel(ActDeskQuery query, PublishActionCommand publish) : ActDeskPage(query)
{
    /// <summary>The languages whose title, summary, recommended actions or letter template is still empty.</summary>
    public IEnumerable<string> Incomplete => Item.Languages.Where(l => !ActionTexts.IsComplete(Item.Texts.GetValueOrDefault(l)));

    public bool HasTarget => Item.Targets.Any(t => t.Kind == TargetKind.Target);

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken cancellationToken)
    {
        _ = int.TryParse(Field("Revision"), NumberStyles.None, CultureInfo.InvariantCulture, out var revision);
        var (problem, _) = await publish.ExecuteAsync(id, revision, Field("Confirm") == "true", Me, cancellationToken);
        return problem == ActDeskOutcome.None
            ? RedirectToPage("/Desk/Act/Action", new { id, done = "published" })
            : await RefuseAsync(id, problem, cancellationToken);
    }
}
