using Haven.Accounts;
using Haven.Crypto;
using Haven.Record.Events;
using Haven.Record.Vocabulary;
using Haven.Web.Desk;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Haven.Web.Pages.Desk.Record;

/// <summary>
/// A victim (issue 15, point 3): a responder who holds the victim's case reads and edits its pseudonym (never a
/// name), age band, counting unit and group size, each save a new version based on the one shown (a conflict
/// otherwise, with what was typed kept). Everyone else gets 404.
/// </summary>
[Authorize]
internal sealed class VictimModel(EventQuery events, RecordVocabulary vocabulary, SaveVictimCommand save) : PageModel
{
    public VictimView Current { get; private set; } = null!;

    public VictimInput Input { get; private set; } = new();

    public EventChoices Choices { get; private set; } = null!;

    public List<PageError> Errors { get; } = [];

    public string? Notice { get; private set; }

    private UnlockedResponder Me => DeskAuthentication.Current(HttpContext);

    public async Task<IActionResult> OnGetAsync(string id, string? saved, CancellationToken cancellationToken)
    {
        if (!RandomId.IsValid(id) || await events.GetVictimAsync(id, Me, cancellationToken) is not { Pseudonym: not null } current)
        {
            return NotFound();
        }

        Notice = saved switch
        {
            "same" => "Record.Victim.Unchanged",
            null => null,
            _ => "Record.Victim.Saved",
        };
        Input = VictimInput.From(current);
        return await ShowAsync(current, cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(string id, [Bind(Prefix = "Input")] VictimInput input, CancellationToken cancellationToken)
    {
        Input = input;
        if (!RandomId.IsValid(id) || await events.GetVictimAsync(id, Me, cancellationToken) is not { Pseudonym: not null } current)
        {
            return NotFound();
        }

        input.Id = id;
        var outcome = input.ToVictim(out var problem) is var (coding, narrative)
            ? await save.ExecuteAsync(id, null, input.VersionId ?? "", input.BasedOn ?? 0, coding, narrative, Me, cancellationToken)
            : problem;
        switch (outcome)
        {
            case RecordWriteOutcome.Saved:
                return RedirectToPage("/Desk/Record/Victim", new { id, saved = "victim" });
            case RecordWriteOutcome.Unchanged:
                return RedirectToPage("/Desk/Record/Victim", new { id, saved = "same" });
            case RecordWriteOutcome.NotFound:
                return NotFound();
        }

        Errors.Add(EventErrors.For(outcome));
        if (outcome == RecordWriteOutcome.Conflict)
        {
            Input.BasedOn = current.Number;
            Input.VersionId = RandomId.New();
        }

        var shown = await ShowAsync(current, cancellationToken);
        Response.StatusCode = EventErrors.Status(outcome);
        return shown;
    }

    private async Task<IActionResult> ShowAsync(VictimView current, CancellationToken cancellationToken)
    {
        Current = current;
        Choices = await EventChoices.LoadAsync(vocabulary, cancellationToken);
        return Page();
    }
}
