using Haven.Cases;
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
/// Documents an event from a case (issue 15, point 3): only a responder who holds the case finds the form (404
/// otherwise). Given a testimony record of the case it is pre-filled from the person's answers, all editable. The
/// case becomes the event's first source, with the connection and reliability the responder chooses. New victims
/// (a pseudonym, never a name) are stored first, each a version of its own, then the event; every write is audited.
/// A refused form is shown again with a localized error, a 4xx and everything typed.
/// </summary>
[Authorize]
internal sealed class EventNewModel(CaseQuery cases, EventQuery events, RecordVocabulary vocabulary, CreateEventCommand create, SaveVictimCommand saveVictim, IStringLocalizer<SharedResource> localizer) : PageModel
{
    public string CaseId { get; private set; } = "";

    public EventInput Input { get; private set; } = new();

    public EventChoices Choices { get; private set; } = null!;

    /// <summary>The victims an act may name: the case's victims, then the new victim rows.</summary>
    public IReadOnlyList<(string Id, string Label)> Victims { get; private set; } = [];

    public bool FromTestimony { get; private set; }

    public List<PageError> Errors { get; } = [];

    private Haven.Accounts.UnlockedResponder Me => DeskAuthentication.Current(HttpContext);

    public async Task<IActionResult> OnGetAsync(string? @case, string? testimony, CancellationToken cancellationToken)
    {
        if (!CaseRecords.IsValidId(@case) || await cases.ExecuteAsync(@case!, Me, cancellationToken) is not { } view)
        {
            return NotFound();
        }

        CaseId = @case!;
        Input = new EventInput { EventId = RandomId.New(), VersionId = RandomId.New(), Connection = "victim", Reliability = "3" };
        if (testimony is not null)
        {
            if (view.Entries.FirstOrDefault(e => e.Id == testimony && e.Kind == RecordKinds.Testimony)?.Content?.Testimony is not { } answers)
            {
                return NotFound();
            }

            var regionUsable = answers.Region is { } region && await vocabulary.IsUsableRegionAsync(region, cancellationToken);
            EventTestimony.Fill(Input, answers, regionUsable, key => T("Record.Event.Prefill." + key));
            FromTestimony = true;
        }

        return await ShowAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(string? @case, [Bind(Prefix = "Input")] EventInput input, CancellationToken cancellationToken)
    {
        Input = input;
        if (!CaseRecords.IsValidId(@case) || await cases.ExecuteAsync(@case!, Me, cancellationToken) is null)
        {
            return NotFound();
        }

        CaseId = @case!;
        var problem = await SaveAsync(input, cancellationToken);
        return problem == RecordWriteOutcome.Saved
            ? RedirectToPage("/Desk/Record/Event", new { id = input.EventId })
            : await FailAsync(problem, cancellationToken);
    }

    private async Task<RecordWriteOutcome> SaveAsync(EventInput input, CancellationToken cancellationToken)
    {
        if (!RandomId.IsValid(input.EventId) || !RandomId.IsValid(input.VersionId))
        {
            return RecordWriteOutcome.FormExpired;
        }

        if (input.ToEvent(withSources: false, out var problem) is not var (coding, narrative))
        {
            return problem;
        }

        if (!EventInput.TryReliability(input.Reliability, out var reliability))
        {
            return RecordWriteOutcome.InvalidReliability;
        }

        // Checked before any victim is stored, so that a refused form leaves nothing behind in the usual cases.
        var early = await CheckAsync(coding, narrative, input.Connection, cancellationToken);
        if (early != RecordWriteOutcome.Saved)
        {
            return early;
        }

        var named = coding.Acts.Select(a => a.Victim).ToHashSet(StringComparer.Ordinal);
        var rows = input.NewVictims.Where(v => v is not null && named.Contains(v.Id ?? "")).ToList();
        if (input.NewVictims.Any(v => v is not null && !v.IsBlank && !named.Contains(v.Id ?? "")))
        {
            return RecordWriteOutcome.UnknownVictim;
        }

        foreach (var row in rows)
        {
            var check = await CheckVictimAsync(row, cancellationToken);
            if (check != RecordWriteOutcome.Saved)
            {
                return check;
            }
        }

        foreach (var row in rows)
        {
            var victim = await SaveVictimAsync(row, cancellationToken);
            if (victim != RecordWriteOutcome.Saved)
            {
                return victim;
            }
        }

        return await create.ExecuteAsync(CaseId, input.EventId!, input.VersionId!, coding, narrative, input.Connection ?? "", reliability, Me, cancellationToken);
    }

    /// <summary>Stores a new victim row; one stored by an earlier try of this form gets a new version when it was changed since.</summary>
    private async Task<RecordWriteOutcome> SaveVictimAsync(VictimInput row, CancellationToken cancellationToken)
    {
        if (row.ToVictim(out var problem) is not var (coding, narrative))
        {
            return problem;
        }

        var stored = await events.GetVictimAsync(row.Id!, Me, cancellationToken);
        var outcome = stored is not null && stored.CaseId == CaseId
            ? await saveVictim.ExecuteAsync(row.Id!, null, RandomId.New(), stored.Number, coding, narrative, Me, cancellationToken)
            : await saveVictim.ExecuteAsync(row.Id!, CaseId, row.VersionId!, null, coding, narrative, Me, cancellationToken);
        return outcome == RecordWriteOutcome.Unchanged ? RecordWriteOutcome.Saved : outcome;
    }

    /// <summary>The checks of a new victim's save, before any victim is stored.</summary>
    private async Task<RecordWriteOutcome> CheckVictimAsync(VictimInput row, CancellationToken cancellationToken)
    {
        if (row.ToVictim(out var problem) is not var (coding, narrative))
        {
            return problem;
        }

        var pseudonym = narrative.Pseudonym.Trim();
        if (pseudonym.Length == 0)
        {
            return RecordWriteOutcome.PseudonymMissing;
        }

        if (pseudonym.Length > RecordLimits.MaxPseudonym)
        {
            return RecordWriteOutcome.TextTooLong;
        }

        if (coding.Unit == CountingUnit.Group && coding.GroupSize is not > 0)
        {
            return RecordWriteOutcome.InvalidGroupSize;
        }

        return coding.AgeBand is null || await vocabulary.IsUsableAsync(TermList.AgeBand, coding.AgeBand, cancellationToken) ? RecordWriteOutcome.Saved : RecordWriteOutcome.UnknownTerm;
    }

    /// <summary>The checks of the save that need no victim to exist: title, lengths, dates, place and terms.</summary>
    private async Task<RecordWriteOutcome> CheckAsync(EventCoding coding, EventNarrative narrative, string? connection, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(narrative.Title))
        {
            return RecordWriteOutcome.TitleMissing;
        }

        string?[] texts = [narrative.Description, .. narrative.Acts.SelectMany(a => new[] { a.Method, a.Consequences })];
        if (narrative.Title.Trim().Length > RecordLimits.MaxTitle || texts.Any(t => t?.Trim().Length > RecordLimits.MaxText))
        {
            return RecordWriteOutcome.TextTooLong;
        }

        if (coding.End is not null && (coding.Start is null || coding.End.Value.Last < coding.Start.Value.First))
        {
            return RecordWriteOutcome.InvalidDates;
        }

        if (coding.Region is not null && !await vocabulary.IsUsableRegionAsync(coding.Region, cancellationToken))
        {
            return RecordWriteOutcome.UnknownRegion;
        }

        var terms = coding.Acts.SelectMany(a => new[] { (TermList.ActType, a.Type), (TermList.VictimStatus, a.VictimStatus) }
            .Concat(a.Involvements.SelectMany(i => new[] { (TermList.PerpetratorType, (string?)i.Perpetrator), (TermList.InvolvementDegree, i.Degree) })))
            .Append((TermList.SourceConnection, connection));
        foreach (var (list, key) in terms)
        {
            if ((key is not null || list == TermList.SourceConnection) && !await vocabulary.IsUsableAsync(list, key!, cancellationToken))
            {
                return RecordWriteOutcome.UnknownTerm;
            }
        }

        return RecordWriteOutcome.Saved;
    }

    private async Task<IActionResult> FailAsync(RecordWriteOutcome outcome, CancellationToken cancellationToken)
    {
        if (outcome == RecordWriteOutcome.NotFound)
        {
            return NotFound();
        }

        Errors.Add(EventErrors.For(outcome));
        var shown = await ShowAsync(cancellationToken);
        Response.StatusCode = EventErrors.Status(outcome);
        return shown;
    }

    private async Task<IActionResult> ShowAsync(CancellationToken cancellationToken)
    {
        Choices = await EventChoices.LoadAsync(vocabulary, cancellationToken);
        Input.AddEmptyRows(victims: true);
        var newIds = Input.NewVictims.Select(v => v.Id).ToHashSet(StringComparer.Ordinal);
        var documented = await events.ForCaseAsync(CaseId, Me, cancellationToken);
        var victims = documented.Victims.Where(v => !newIds.Contains(v.Id)).Select(v => (v.Id, EventText.VictimLabel(v, Choices, localizer))).ToList();
        victims.AddRange(Input.NewVictims.Select((v, i) => (v.Id!, T("Record.Event.NewVictimNumber", i + 1))));
        Victims = victims;
        return Page();
    }

    private string T(string key, params object[] arguments) => localizer[key, arguments];
}
