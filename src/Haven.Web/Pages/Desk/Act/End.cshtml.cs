using System.Globalization;
using Haven.Act;
using Haven.Act.Actions;
using Microsoft.AspNetCore.Mvc;

namespace Haven.Web.Pages.Desk.Act;

/// <summary>Ends a live action with its outcome and a public note per language (at least the first); a refused form comes back as typed.</summary>
internal sealed class ActEndModel(ActDeskQuery query, EndActionCommand end) : ActDeskPage(query)
{
    public static readonly ActionOutcome[] Outcomes = [ActionOutcome.Achieved, ActionOutcome.Partial, ActionOutcome.NotAchieved, ActionOutcome.Unknown];

    public Dictionary<string, string> Form { get; } = new(StringComparer.Ordinal);

    public string Value(string name) => Form.GetValueOrDefault(name) ?? "";

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken cancellationToken)
    {
        _ = int.TryParse(Field("Revision"), NumberStyles.None, CultureInfo.InvariantCulture, out var revision);
        Form["Outcome"] = Field("Outcome");
        var notes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in Request.Form.Keys.Where(k => k.StartsWith("Note-", StringComparison.Ordinal)))
        {
            Form[key] = Field(key);
            notes[key["Note-".Length..]] = Form[key];
        }

        var outcome = Haven.Text.EnumNames.TryParse<ActionOutcome>(Value("Outcome"), out var o) && Outcomes.Contains(o) ? o : ActionOutcome.None;
        var problem = await end.ExecuteAsync(id, revision, outcome, notes, Me, cancellationToken);
        return problem == ActDeskOutcome.None
            ? RedirectToPage("/Desk/Act/Action", new { id, done = "ended" })
            : await RefuseAsync(id, problem, cancellationToken);
    }
}
