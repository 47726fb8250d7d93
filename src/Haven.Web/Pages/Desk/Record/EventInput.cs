using System.Globalization;
using Haven.Crypto;
using Haven.Record.Events;
using Haven.Record.Vocabulary;
using Haven.Text;

namespace Haven.Web.Pages.Desk.Record;

/// <summary>
/// The event form as typed (every field a string, so that what was typed comes back on a refused form): the
/// event's fields, its acts with their involvements, its sources (on the edit form) and, on the create form, the
/// case's connection and reliability and new victims. Ids come with the form, so a repeated form stores once.
/// </summary>
internal sealed class EventInput
{
    public string? EventId { get; set; }

    public string? VersionId { get; set; }

    /// <summary>The version the edit form was based on (0 on the create form).</summary>
    public int BasedOn { get; set; }

    public string? Title { get; set; }

    public string? Description { get; set; }

    /// <summary><c>yyyy-MM-dd</c>, <c>yyyy-MM</c> or <c>yyyy</c> (the shape is the precision); empty when unknown.</summary>
    public string? Start { get; set; }

    public string? End { get; set; }

    public string? Region { get; set; }

    public string? Status { get; set; } = nameof(ViolationStatus.Unknown);

    public string? Confidentiality { get; set; } = nameof(Haven.Record.Vocabulary.Confidentiality.Confidential);

    /// <summary>The case as a source (create form): how the person is connected to what happened.</summary>
    public string? Connection { get; set; }

    /// <summary>The case as a source (create form): 1..5.</summary>
    public string? Reliability { get; set; }

    public List<EventActInput> Acts { get; set; } = [];

    /// <summary>New victims of the case (create form); a row without a pseudonym that no act names is left out.</summary>
    public List<VictimInput> NewVictims { get; set; } = [];

    public List<EventSourceInput> Sources { get; set; } = [];

    /// <summary>The form of a stored version, for the edit form.</summary>
    public static EventInput From(EventView view)
    {
        var coding = view.Coding;
        var narrative = view.Narrative;
        return new EventInput
        {
            EventId = view.Id,
            VersionId = RandomId.New(),
            BasedOn = view.Number,
            Title = narrative.Title,
            Description = narrative.Description,
            Start = EventChoices.Date(coding.Start),
            End = EventChoices.Date(coding.End),
            Region = coding.Region,
            Status = coding.Status.ToString(),
            Confidentiality = coding.Confidentiality.ToString(),
            Acts = [.. coding.Acts.Select(a => new EventActInput
            {
                Id = a.Id,
                Type = a.Type,
                Victim = a.Victim,
                VictimStatus = a.VictimStatus,
                Method = narrative.Act(a.Id)?.Method,
                Consequences = narrative.Act(a.Id)?.Consequences,
                Involvements = [.. a.Involvements.Select(i => new EventInvolvementInput { Perpetrator = i.Perpetrator, Degree = i.Degree })],
            })],
            Sources = [.. coding.Information.Select(i => new EventSourceInput
            {
                Id = i.Id,
                Kind = i.Source.ToString(),
                CaseId = i.CaseId,
                Connection = i.Connection,
                Reliability = i.Reliability.ToString(CultureInfo.InvariantCulture),
                Details = narrative.Source(i.Id)?.Details,
            })],
        };
    }

    /// <summary>Adds the empty rows a form without JavaScript offers: one more act (and one more involvement per act), and on the create form one more new victim.</summary>
    public void AddEmptyRows(bool victims)
    {
        Acts.RemoveAll(a => a is null);
        NewVictims.RemoveAll(v => v is null);
        Sources.RemoveAll(s => s is null);
        Acts.Add(new EventActInput { Id = RandomId.New() });
        foreach (var act in Acts)
        {
            act.Involvements.RemoveAll(i => i is null || string.IsNullOrEmpty(i.Perpetrator));
            act.Involvements.Add(new EventInvolvementInput { Degree = "suspected" });
        }

        if (victims)
        {
            NewVictims.RemoveAll(v => v.IsBlank && !Acts.Any(a => a.Victim == v.Id));
            NewVictims.Add(VictimInput.New());
        }
    }

    /// <summary>
    /// The coding and narrative typed (rows without a type or a perpetrator left out); null with the reason when
    /// the form cannot say them. Terms, regions, victims and lengths are checked by the save itself.
    /// </summary>
    public (EventCoding Coding, EventNarrative Narrative)? ToEvent(bool withSources, out RecordWriteOutcome problem)
    {
        problem = RecordWriteOutcome.Saved;
        PartialDate? start = null, end = null;
        if ((!string.IsNullOrWhiteSpace(Start) && (start = PartialDate.Parse(Start.Trim())) is null)
            || (!string.IsNullOrWhiteSpace(End) && (end = PartialDate.Parse(End.Trim())) is null))
        {
            problem = RecordWriteOutcome.InvalidDates;
            return null;
        }

        if (!EnumNames.TryParse<ViolationStatus>(Status, out var status) || !EnumNames.TryParse<Confidentiality>(Confidentiality, out var confidentiality))
        {
            problem = RecordWriteOutcome.UnknownTerm;
            return null;
        }

        var coding = new EventCoding { Start = start, End = end, Region = string.IsNullOrEmpty(Region) ? null : Region, Status = status, Confidentiality = confidentiality };
        var narrative = new EventNarrative { Title = Title ?? "", Description = Description };
        foreach (var act in Acts.Where(a => a is not null && !string.IsNullOrEmpty(a.Type)))
        {
            if (string.IsNullOrEmpty(act.Victim))
            {
                problem = RecordWriteOutcome.UnknownVictim;
                return null;
            }

            var involvements = new List<InvolvementCoding>();
            foreach (var involvement in act.Involvements.Where(i => i is not null && !string.IsNullOrEmpty(i.Perpetrator)))
            {
                involvements.Add(new InvolvementCoding { Perpetrator = involvement.Perpetrator!, Degree = involvement.Degree ?? "" });
            }

            coding.Acts.Add(new ActCoding { Id = act.Id ?? "", Type = act.Type!, Victim = act.Victim, VictimStatus = string.IsNullOrEmpty(act.VictimStatus) ? null : act.VictimStatus, Involvements = involvements });
            narrative.Acts.Add(new ActNarrative { Id = act.Id ?? "", Method = act.Method, Consequences = act.Consequences });
        }

        if (withSources)
        {
            foreach (var source in Sources.Where(s => s is not null))
            {
                if (!EnumNames.TryParse<InformationSource>(source.Kind, out var kind))
                {
                    problem = RecordWriteOutcome.UnknownSource;
                    return null;
                }

                if (!TryReliability(source.Reliability, out var reliability))
                {
                    problem = RecordWriteOutcome.InvalidReliability;
                    return null;
                }

                coding.Information.Add(new InformationCoding { Id = source.Id ?? "", Source = kind, CaseId = kind == InformationSource.Case ? source.CaseId : null, Connection = source.Connection ?? "", Reliability = reliability });
                narrative.Information.Add(new InformationNarrative { Id = source.Id ?? "", Details = source.Details });
            }
        }

        return (coding, narrative);
    }

    /// <summary>Reads a reliability 1..5 as typed; false for anything else.</summary>
    public static bool TryReliability(string? text, out int reliability) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out reliability) && reliability is >= 1 and <= 5;
}
