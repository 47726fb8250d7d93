using Haven.Accounts;
using Haven.Crypto;
using Haven.Record.Events;
using Haven.Record.Index;
using Haven.Record.Keys;
using Haven.Record.Vocabulary;
using Haven.Text;
using Haven.Web.Desk;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Haven.Web.Pages.Desk.Record;

/// <summary>
/// The event page (issue 15, point 3). A responder who holds the event's case reads it whole (narrative included),
/// any version of its history (<c>?version=N</c>, read-only), and adds an act, an involvement or a source, each a
/// new version based on the one shown (a form based on an older one is refused with a conflict and what was typed).
/// A documentation holder without the case key reads the coding only, through the coding index; everyone else,
/// and every id that is not an event, gets 404.
/// </summary>
[Authorize]
internal sealed class EventModel(EventQuery events, CodingQuery codingQuery, DocumentationKeys documentationKeys, RecordVocabulary vocabulary, SaveEventCommand save, SaveVictimCommand saveVictim, IStringLocalizer<SharedResource> localizer) : PageModel
{
    /// <summary>The event as a holder of its case reads it; null for a coding-only reader.</summary>
    public EventView? Full { get; private set; }

    /// <summary>The event's current coding as a documentation holder without the case key reads it.</summary>
    public IndexedEvent? Coded { get; private set; }

    /// <summary>The victims' coding for a coding-only reader, by id (null when the index has none).</summary>
    public Dictionary<string, IndexedVictim?> CodedVictims { get; } = new(StringComparer.Ordinal);

    /// <summary>A coding-only reader asked for an older version: only the current coding can be shown.</summary>
    public bool VersionUnavailable { get; private set; }

    public EventCoding Coding => Full?.Coding ?? Coded!.Coding;

    public bool IsOld => Full is not null && Full.Number != Full.LatestNumber;

    public bool CanEdit => Full is not null && !IsOld;

    public EventChoices Choices { get; private set; } = null!;

    /// <summary>The victims of the case an act may name (id and label).</summary>
    public IReadOnlyList<(string Id, string Label)> CaseVictims { get; private set; } = [];

    public List<PageError> Errors { get; } = [];

    /// <summary>Which form a refused post came from: <c>act</c>, <c>involvement-&lt;actId&gt;</c> or <c>source</c>.</summary>
    public string? FailedForm { get; private set; }

    public string? Notice { get; private set; }

    /// <summary>A one-time version id for one form of the page: each form its own, so that a form sent from this page after another one of it is a conflict, not a repeat.</summary>
    public static string NewVersionId() => RandomId.New();

    public EventActForm Act { get; private set; } = new();

    public EventInvolvementForm Involvement { get; private set; } = new();

    public EventSourceForm Source { get; private set; } = new();

    private UnlockedResponder Me => DeskAuthentication.Current(HttpContext);

    /// <summary>The label of a victim of this event as the reader may see it.</summary>
    public string VictimLabel(string victimId) => Full is not null
        ? EventText.VictimLabel(Full.Victims.FirstOrDefault(v => v.Id == victimId) ?? new VictimView(victimId, null, 0, null, null), Choices, localizer)
        : EventText.VictimLabel(victimId, CodedVictims.GetValueOrDefault(victimId), Choices, localizer);

    public async Task<IActionResult> OnGetAsync(string id, int? version, string? saved, CancellationToken cancellationToken)
    {
        Notice = saved switch
        {
            "same" => "Record.Event.Unchanged",
            null => null,
            _ => "Record.Event.Saved",
        };
        return await ShowAsync(id, version, cancellationToken);
    }

    public async Task<IActionResult> OnPostActAsync(string id, [Bind(Prefix = "Act")] EventActForm form, CancellationToken cancellationToken)
    {
        Act = form;
        if (await events.GetAsync(id, Me, cancellationToken) is not { } current)
        {
            return NotFound();
        }

        if (current.LatestNumber != form.BasedOn)
        {
            return await FailAsync(id, "act", RecordWriteOutcome.Conflict, cancellationToken);
        }

        if (!RandomId.IsValid(form.ActId) || !RandomId.IsValid(form.VersionId))
        {
            return await FailAsync(id, "act", RecordWriteOutcome.FormExpired, cancellationToken);
        }

        var act = new ActCoding { Id = form.ActId!, Type = form.Type ?? "", VictimStatus = string.IsNullOrEmpty(form.VictimStatus) ? null : form.VictimStatus };
        if (!string.IsNullOrEmpty(form.Perpetrator))
        {
            act.Involvements.Add(new InvolvementCoding { Perpetrator = form.Perpetrator, Degree = form.Degree ?? "" });
        }

        // Terms checked before a new victim is stored, so that a refused act leaves no victim behind.
        var terms = new List<(TermList, string?)> { (TermList.ActType, act.Type), (TermList.VictimStatus, act.VictimStatus) };
        terms.AddRange(act.Involvements.SelectMany(i => new[] { (TermList.PerpetratorType, (string?)i.Perpetrator), (TermList.InvolvementDegree, i.Degree) }));
        foreach (var (list, key) in terms)
        {
            if (key is not null && !await vocabulary.IsUsableAsync(list, key, cancellationToken))
            {
                return await FailAsync(id, "act", RecordWriteOutcome.UnknownTerm, cancellationToken);
            }
        }

        if (form.VictimId == EventActForm.NewVictim)
        {
            if (form.Victim.ToVictim(out var problem) is not var (victimCoding, victimNarrative))
            {
                return await FailAsync(id, "act", problem, cancellationToken);
            }

            var stored = await events.GetVictimAsync(form.Victim.Id!, Me, cancellationToken);
            var victim = stored is not null && stored.CaseId == current.CaseId
                ? await saveVictim.ExecuteAsync(form.Victim.Id!, null, RandomId.New(), stored.Number, victimCoding, victimNarrative, Me, cancellationToken)
                : await saveVictim.ExecuteAsync(form.Victim.Id!, current.CaseId, form.Victim.VersionId!, null, victimCoding, victimNarrative, Me, cancellationToken);
            if (victim is not (RecordWriteOutcome.Saved or RecordWriteOutcome.Unchanged))
            {
                return await FailAsync(id, "act", victim, cancellationToken);
            }

            act.Victim = form.Victim.Id!;
        }
        else
        {
            act.Victim = form.VictimId ?? "";
        }

        var outcome = await save.ExecuteAsync(id, form.VersionId!, form.BasedOn, new EventEdit.AddAct(act, new ActNarrative { Id = act.Id, Method = form.Method, Consequences = form.Consequences }), Me, cancellationToken);
        return await ResultAsync(id, "act", outcome, cancellationToken);
    }

    public async Task<IActionResult> OnPostInvolvementAsync(string id, [Bind(Prefix = "Involvement")] EventInvolvementForm form, CancellationToken cancellationToken)
    {
        Involvement = form;
        var involvement = new InvolvementCoding { Perpetrator = form.Perpetrator ?? "", Degree = form.Degree ?? "" };
        var outcome = await save.ExecuteAsync(id, form.VersionId ?? "", form.BasedOn, new EventEdit.AddInvolvement(form.ActId ?? "", involvement), Me, cancellationToken);
        return await ResultAsync(id, "involvement-" + form.ActId, outcome, cancellationToken);
    }

    public async Task<IActionResult> OnPostSourceAsync(string id, [Bind(Prefix = "Source")] EventSourceForm form, CancellationToken cancellationToken)
    {
        Source = form;
        if (!EnumNames.TryParse<InformationSource>(form.Kind, out var kind))
        {
            return await ResultAsync(id, "source", RecordWriteOutcome.UnknownSource, cancellationToken);
        }

        if (!EventInput.TryReliability(form.Reliability, out var reliability))
        {
            return await ResultAsync(id, "source", RecordWriteOutcome.InvalidReliability, cancellationToken);
        }

        var source = new InformationCoding { Id = form.SourceId ?? "", Source = kind, CaseId = kind == InformationSource.Case ? form.CaseIdOnly() : null, Connection = form.Connection ?? "", Reliability = reliability };
        var outcome = await save.ExecuteAsync(id, form.VersionId ?? "", form.BasedOn, new EventEdit.AddInformation(source, new InformationNarrative { Id = source.Id, Details = form.Details }), Me, cancellationToken);
        return await ResultAsync(id, "source", outcome, cancellationToken);
    }

    private async Task<IActionResult> ResultAsync(string id, string formName, RecordWriteOutcome outcome, CancellationToken cancellationToken) => outcome switch
    {
        RecordWriteOutcome.Saved => RedirectToPage("/Desk/Record/Event", new { id, saved = formName.Split('-')[0] }),
        RecordWriteOutcome.Unchanged => RedirectToPage("/Desk/Record/Event", new { id, saved = "same" }),
        _ => await FailAsync(id, formName, outcome, cancellationToken),
    };

    private async Task<IActionResult> FailAsync(string id, string formName, RecordWriteOutcome outcome, CancellationToken cancellationToken)
    {
        if (outcome == RecordWriteOutcome.NotFound)
        {
            return NotFound();
        }

        Errors.Add(EventErrors.For(outcome));
        FailedForm = formName;
        var shown = await ShowAsync(id, null, cancellationToken, keepForms: true);
        if (shown is PageResult)
        {
            Response.StatusCode = EventErrors.Status(outcome);
        }

        return shown;
    }

    private async Task<IActionResult> ShowAsync(string id, int? version, CancellationToken cancellationToken, bool keepForms = false)
    {
        if (!RandomId.IsValid(id))
        {
            return NotFound();
        }

        Choices = await EventChoices.LoadAsync(vocabulary, cancellationToken);
        Full = await events.GetAsync(id, Me, cancellationToken, version);
        if (Full is null)
        {
            if (Me.Documentation.Generations.Count == 0)
            {
                return NotFound();
            }

            await documentationKeys.RefreshAsync(Me, cancellationToken);
            Coded = await codingQuery.EventAsync(id, Me.Documentation, cancellationToken);
            if (Coded is null)
            {
                return NotFound();
            }

            VersionUnavailable = version is not null;
            foreach (var victimId in Coded.Coding.Acts.Select(a => a.Victim).Distinct(StringComparer.Ordinal))
            {
                CodedVictims[victimId] = await codingQuery.VictimAsync(victimId, Me.Documentation, cancellationToken);
            }

            return Page();
        }

        // The forms are based on the newest version: after a conflict they show what was typed, now based on it.
        if (!keepForms)
        {
            Act = new EventActForm();
            Involvement = new EventInvolvementForm();
            Source = new EventSourceForm();
        }

        Act.ActId = RandomId.IsValid(Act.ActId) ? Act.ActId : RandomId.New();
        if (!RandomId.IsValid(Act.Victim.Id) || !RandomId.IsValid(Act.Victim.VersionId))
        {
            Act.Victim = VictimInput.New(Act.Victim.Pseudonym);
        }

        Source.SourceId = RandomId.IsValid(Source.SourceId) ? Source.SourceId : RandomId.New();
        Act.BasedOn = Involvement.BasedOn = Source.BasedOn = Full.LatestNumber;
        var documented = await events.ForCaseAsync(Full.CaseId, Me, cancellationToken);
        CaseVictims = [.. documented.Victims.Select(v => (v.Id, EventText.VictimLabel(v, Choices, localizer)))];
        return Page();
    }
}
