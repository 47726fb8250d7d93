using Haven.Act;
using Haven.Act.Actions;
using Microsoft.AspNetCore.Mvc;

namespace Haven.Web.Pages.Desk.Act;

/// <summary>
/// One action on the desk: status and number, the counts from <c>action_counts</c> by target and by channel,
/// the sample letter of every language and target (as supporters will see it), and the links to edit, targets,
/// updates, publish, end, the held queue and the report.
/// </summary>
internal sealed class ActActionModel(ActDeskQuery query) : ActDeskPage(query)
{
    public int Total => Item.Counts.Sum(c => c.Count);

    /// <summary>Letters and messages per target id ("" for the action as a whole).</summary>
    public IReadOnlyDictionary<string, int> ByTarget => Item.Counts.GroupBy(c => c.TargetId).ToDictionary(g => g.Key, g => g.Sum(c => c.Count));

    public IReadOnlyDictionary<LetterChannel, int> ByChannel => Item.Counts.GroupBy(c => c.Channel).ToDictionary(g => g.Key, g => g.Sum(c => c.Count));

    public async Task<IActionResult> OnGetAsync(string id, string? done, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        Notice = done is "published" or "ended" or "created" ? "Act.Desk.Done." + done : null;
        return Page();
    }

    /// <summary>The sample letter to <paramref name="target"/> in <paramref name="language"/>: the template with the placeholders filled as supporters see it.</summary>
    public string SampleLetter(ActionTarget target, string language, string sampleName, string sampleTown)
    {
        var template = Item.Texts.GetValueOrDefault(language)?.LetterBody ?? "";
        return LetterTemplate.Render(template, new LetterFields(ActDeskText.Salutation(target, language), ActDeskText.TargetName(target), sampleName, sampleTown));
    }
}
