using Haven.Act;
using Haven.Act.Actions;
using Microsoft.AspNetCore.Mvc;

namespace Haven.Web.Pages.Desk.Act;

/// <summary>
/// "Further information" of a published action: the updates so far, and a form to add one (title and text per
/// language; the action keeps its number). A refused form comes back as typed.
/// </summary>
internal sealed class ActUpdatesModel(ActDeskQuery query, AddUpdateCommand add) : ActDeskPage(query)
{
    public Dictionary<string, string> Form { get; } = new(StringComparer.Ordinal);

    public string Value(string name) => Form.GetValueOrDefault(name) ?? "";

    public static Dictionary<string, UpdateText> TextsOf(ActionUpdate update) => ActJson.ReadMap<UpdateText>(update.Texts);

    public async Task<IActionResult> OnGetAsync(string id, string? done, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        Notice = done == "saved" ? "Act.Desk.Done.update" : null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken cancellationToken)
    {
        var texts = new Dictionary<string, UpdateText>(StringComparer.Ordinal);
        foreach (var key in Request.Form.Keys.Where(k => k.StartsWith("UpdateTitle-", StringComparison.Ordinal)))
        {
            var language = key["UpdateTitle-".Length..];
            Form[key] = Field(key);
            Form["UpdateBody-" + language] = Field("UpdateBody-" + language);
            texts[language] = new UpdateText(Form[key], Form["UpdateBody-" + language]);
        }

        var (problem, _) = await add.ExecuteAsync(id, texts, Me, cancellationToken);
        return problem == ActDeskOutcome.None
            ? RedirectToPage("/Desk/Act/Updates", new { id, done = "saved" })
            : await RefuseAsync(id, problem, cancellationToken);
    }
}
