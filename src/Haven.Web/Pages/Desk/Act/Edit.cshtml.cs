using System.Globalization;
using Haven.Act;
using Haven.Act.Actions;
using Microsoft.AspNetCore.Mvc;

namespace Haven.Web.Pages.Desk.Act;

/// <summary>
/// Edits an action that has not ended: its languages, the texts and letter template of each language, the deadline,
/// the consent tick and moderation. A refused form (too long, a case link, an unknown language, or someone else's
/// edit in between: 409) comes back with what was typed.
/// </summary>
internal sealed class ActEditModel(ActDeskQuery query, EditActionCommand edit) : ActDeskPage(query)
{
    /// <summary>The fields of a language's text, in the order of the form.</summary>
    public static readonly string[] TextFields = ["Title", "Summary", "Background", "RecommendedActions", "LetterSubject", "LetterBody"];

    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public string LanguagesText { get; private set; } = "";

    public string DeadlineText { get; private set; } = "";

    public bool PersonConsented { get; private set; }

    public bool Moderated { get; private set; }

    public int Revision { get; private set; }

    /// <summary>The languages the form has fields for.</summary>
    public IReadOnlyList<string> FormLanguages { get; private set; } = [];

    /// <summary>The name of a field of a language's text (<c>Title-ru</c>).</summary>
    public static string Name(string field, string language) => field + "-" + language;

    public string Value(string field, string language) => _values.GetValueOrDefault(Name(field, language)) ?? "";

    public async Task<IActionResult> OnGetAsync(string id, string? done, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        var a = Item.Action;
        LanguagesText = string.Join(", ", Item.Languages);
        DeadlineText = IsoDay(a.Deadline);
        (PersonConsented, Moderated, Revision) = (a.PersonConsented, a.Moderated, a.Revision);
        FormLanguages = Item.Languages;
        foreach (var language in Item.Languages)
        {
            var t = Item.Texts.GetValueOrDefault(language);
            string[] values = t is null ? ["", "", "", "", "", ""] : [t.Title, t.Summary, t.Background, t.RecommendedActions, t.LetterSubject, t.LetterBody];
            for (var i = 0; i < TextFields.Length; i++)
            {
                _values[Name(TextFields[i], language)] = values[i];
            }
        }

        Notice = done == "saved" ? "Act.Desk.Done.saved" : null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken cancellationToken)
    {
        LanguagesText = Field("Languages");
        DeadlineText = Field("Deadline").Trim();
        PersonConsented = Field("PersonConsented") == "true";
        Moderated = Field("Moderated") == "true";
        _ = int.TryParse(Field("Revision"), NumberStyles.None, CultureInfo.InvariantCulture, out var revision);
        Revision = revision;
        var posted = Request.Form.Keys.Where(k => k.StartsWith("Title-", StringComparison.Ordinal)).Select(k => k["Title-".Length..]).ToList();
        foreach (var language in posted)
        {
            foreach (var field in TextFields)
            {
                _values[Name(field, language)] = Field(Name(field, language));
            }
        }

        var parsed = ActionTexts.ParseLanguages(LanguagesText);
        FormLanguages = [.. posted.Concat(parsed ?? []).Distinct(StringComparer.Ordinal)];

        DateOnly? deadline = null;
        if (DeadlineText.Length > 0)
        {
            if (!DateOnly.TryParseExact(DeadlineText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                return await RefuseAsync(id, ActDeskOutcome.Invalid, cancellationToken);
            }

            deadline = day;
        }

        var texts = FormLanguages.ToDictionary(
            l => l,
            l => new ActionText(Value("Title", l), Value("Summary", l), Value("Background", l), Value("RecommendedActions", l), Value("LetterSubject", l), Value("LetterBody", l)),
            StringComparer.Ordinal);
        var problem = await edit.ExecuteAsync(id, revision, new ActionEdit(LanguagesText, texts, deadline, PersonConsented, Moderated), Me, cancellationToken);
        if (problem == ActDeskOutcome.None)
        {
            return RedirectToPage("/Desk/Act/Edit", new { id, done = "saved" });
        }

        return await RefuseAsync(id, problem, cancellationToken);
    }
}
