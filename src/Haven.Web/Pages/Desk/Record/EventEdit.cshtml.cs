using Haven.Accounts;
using Haven.Crypto;
using Haven.Record.Events;
using Haven.Record.Vocabulary;
using Haven.Web.Desk;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Haven.Web.Pages.Desk.Record;

/// <summary>
/// Edits a whole event (its fields, acts with their involvements, and its sources' connection, reliability and
/// details), saved as a new version based on the one the form showed: when another version was saved since, the
/// form comes back with a conflict message and what was typed, now based on the newest version. Only a responder
/// who holds the event's case finds it (404 otherwise).
/// </summary>
[Authorize]
internal sealed class EventEditModel(EventQuery events, RecordVocabulary vocabulary, SaveEventCommand save, IStringLocalizer<SharedResource> localizer) : PageModel
{
    public EventView Current { get; private set; } = null!;

    public EventInput Input { get; private set; } = new();

    public EventChoices Choices { get; private set; } = null!;

    public IReadOnlyList<(string Id, string Label)> Victims { get; private set; } = [];

    public List<PageError> Errors { get; } = [];

    private UnlockedResponder Me => DeskAuthentication.Current(HttpContext);

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        if (!RandomId.IsValid(id) || await events.GetAsync(id, Me, cancellationToken) is not { } current)
        {
            return NotFound();
        }

        Input = EventInput.From(current);
        return await ShowAsync(current, cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(string id, [Bind(Prefix = "Input")] EventInput input, CancellationToken cancellationToken)
    {
        Input = input;
        if (!RandomId.IsValid(id) || await events.GetAsync(id, Me, cancellationToken) is not { } current)
        {
            return NotFound();
        }

        var outcome = input.ToEvent(withSources: true, out var problem) is var (coding, narrative)
            ? await save.ExecuteAsync(id, input.VersionId ?? "", input.BasedOn, new EventEdit.Replace(coding, narrative), Me, cancellationToken)
            : problem;
        switch (outcome)
        {
            case RecordWriteOutcome.Saved:
                return RedirectToPage("/Desk/Record/Event", new { id, saved = "event" });
            case RecordWriteOutcome.Unchanged:
                return RedirectToPage("/Desk/Record/Event", new { id, saved = "same" });
            case RecordWriteOutcome.NotFound:
                return NotFound();
        }

        Errors.Add(EventErrors.For(outcome));
        if (outcome == RecordWriteOutcome.Conflict)
        {
            // What was typed stays; saving again now replaces the newer version, which the page links to.
            current = await events.GetAsync(id, Me, cancellationToken) ?? current;
            Input.BasedOn = current.LatestNumber;
            Input.VersionId = RandomId.New();
        }

        var shown = await ShowAsync(current, cancellationToken);
        Response.StatusCode = EventErrors.Status(outcome);
        return shown;
    }

    private async Task<IActionResult> ShowAsync(EventView current, CancellationToken cancellationToken)
    {
        Current = current;
        Choices = await EventChoices.LoadAsync(vocabulary, cancellationToken);
        Input.VersionId = RandomId.IsValid(Input.VersionId) ? Input.VersionId : RandomId.New();
        Input.AddEmptyRows(victims: false);
        var documented = await events.ForCaseAsync(current.CaseId, Me, cancellationToken);
        var victims = documented.Victims.Select(v => (v.Id, EventText.VictimLabel(v, Choices, localizer))).ToList();
        victims.AddRange(current.Victims.Where(v => victims.All(o => o.Id != v.Id)).Select(v => (v.Id, EventText.VictimLabel(v, Choices, localizer))));
        Victims = victims;
        return Page();
    }
}
