using Haven.Cases;
using Haven.Crypto;
using Haven.Record.Vocabulary;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Record.Events;

/// <summary>
/// Checks a version before it is written: terms and regions usable through <see cref="RecordVocabulary"/> (a
/// retired one only where the previous version already used it), reliability 1..5, dates consistent, group
/// sizes, victims and case sources that exist, texts within <see cref="RecordLimits"/>.
/// </summary>
internal sealed class RecordValidator(RecordVocabulary vocabulary)
{
    /// <summary>Trims the narrative in place and checks the event; <see cref="RecordWriteOutcome.Saved"/> when it is valid.</summary>
    public async Task<RecordWriteOutcome> EventAsync(HavenDbContext db, EventCoding coding, EventNarrative narrative, EventCoding? previous, string responderId, CancellationToken cancellationToken)
    {
        var text = Narrative(coding, narrative);
        if (text != RecordWriteOutcome.Saved)
        {
            return text;
        }

        if (coding.End is not null && (coding.Start is null || coding.End.Value.Last < coding.Start.Value.First))
        {
            return RecordWriteOutcome.InvalidDates;
        }

        if (!Enum.IsDefined(coding.Status) || !Enum.IsDefined(coding.Confidentiality) || coding.Information.Any(i => !Enum.IsDefined(i.Source)))
        {
            return RecordWriteOutcome.UnknownTerm;
        }

        if (coding.Acts.Count > RecordLimits.MaxActs || coding.Information.Count > RecordLimits.MaxSources || coding.Acts.Any(a => a.Involvements.Count > RecordLimits.MaxInvolvements))
        {
            return RecordWriteOutcome.TooMany;
        }

        if (!UniqueIds(coding.Acts.Select(a => a.Id)) || !UniqueIds(coding.Information.Select(i => i.Id)) || coding.Acts.Any(a => !RandomId.IsValid(a.Victim)))
        {
            return RecordWriteOutcome.InvalidIds;
        }

        if (coding.Information.Any(i => i.Reliability is < 1 or > 5))
        {
            return RecordWriteOutcome.InvalidReliability;
        }

        var used = previous is null ? [] : Terms(previous).ToHashSet();
        if (coding.Region is not null && coding.Region != previous?.Region && !await vocabulary.IsUsableRegionAsync(coding.Region, cancellationToken))
        {
            return RecordWriteOutcome.UnknownRegion;
        }

        foreach (var term in Terms(coding).Distinct())
        {
            if (!used.Contains(term) && !await vocabulary.IsUsableAsync(term.List, term.Key, cancellationToken))
            {
                return RecordWriteOutcome.UnknownTerm;
            }
        }

        // A victim the event already named may since have gone with its purged case; only new ones must exist.
        var earlierVictims = previous?.Acts.Select(a => a.Victim).ToHashSet(StringComparer.Ordinal) ?? [];
        var victims = coding.Acts.Select(a => a.Victim).Where(v => !earlierVictims.Contains(v)).Distinct(StringComparer.Ordinal).ToList();
        var known = await db.RecordVersions.Where(v => v.Kind == RecordVersionKinds.Victim && victims.Contains(v.SubjectId)).Select(v => v.SubjectId).Distinct().CountAsync(cancellationToken);
        if (known != victims.Count)
        {
            return RecordWriteOutcome.UnknownVictim;
        }

        var earlierCases = previous?.Information.Where(i => i.Source == InformationSource.Case).Select(i => i.CaseId).ToHashSet(StringComparer.Ordinal) ?? [];
        foreach (var source in coding.Information)
        {
            if (source.Source == InformationSource.Outside ? source.CaseId is not null : !RandomId.IsValid(source.CaseId))
            {
                return RecordWriteOutcome.UnknownSource;
            }

            if (source.Source == InformationSource.Case && !earlierCases.Contains(source.CaseId) && !await CaseRecords.HoldsAsync(db, source.CaseId!, responderId, cancellationToken))
            {
                return RecordWriteOutcome.UnknownSource;
            }
        }

        return RecordWriteOutcome.Saved;
    }

    /// <summary>Trims the pseudonym in place and checks the victim.</summary>
    public async Task<RecordWriteOutcome> VictimAsync(VictimCoding coding, VictimNarrative narrative, VictimCoding? previous, CancellationToken cancellationToken)
    {
        narrative.Pseudonym = narrative.Pseudonym.Trim();
        if (narrative.Pseudonym.Length == 0)
        {
            return RecordWriteOutcome.PseudonymMissing;
        }

        if (narrative.Pseudonym.Length > RecordLimits.MaxPseudonym)
        {
            return RecordWriteOutcome.TextTooLong;
        }

        if (!Enum.IsDefined(coding.Unit) || (coding.Unit == CountingUnit.Group ? coding.GroupSize is not > 0 : coding.GroupSize is not null))
        {
            return RecordWriteOutcome.InvalidGroupSize;
        }

        if (coding.AgeBand is not null && coding.AgeBand != previous?.AgeBand && !await vocabulary.IsUsableAsync(TermList.AgeBand, coding.AgeBand, cancellationToken))
        {
            return RecordWriteOutcome.UnknownTerm;
        }

        return RecordWriteOutcome.Saved;
    }

    /// <summary>Every term key an event's coding uses, with its list.</summary>
    private static IEnumerable<(TermList List, string Key)> Terms(EventCoding coding)
    {
        foreach (var act in coding.Acts)
        {
            yield return (TermList.ActType, act.Type);
            if (act.VictimStatus is not null)
            {
                yield return (TermList.VictimStatus, act.VictimStatus);
            }

            foreach (var involvement in act.Involvements)
            {
                yield return (TermList.PerpetratorType, involvement.Perpetrator);
                yield return (TermList.InvolvementDegree, involvement.Degree);
            }
        }

        foreach (var source in coding.Information)
        {
            yield return (TermList.SourceConnection, source.Connection);
        }
    }

    private static RecordWriteOutcome Narrative(EventCoding coding, EventNarrative narrative)
    {
        narrative.Title = narrative.Title.Trim();
        narrative.Description = Trimmed(narrative.Description);
        foreach (var act in narrative.Acts)
        {
            act.Method = Trimmed(act.Method);
            act.Consequences = Trimmed(act.Consequences);
        }

        foreach (var source in narrative.Information)
        {
            source.Details = Trimmed(source.Details);
        }

        narrative.Acts.RemoveAll(a => a.Method is null && a.Consequences is null);
        narrative.Information.RemoveAll(i => i.Details is null);
        if (narrative.Title.Length == 0)
        {
            return RecordWriteOutcome.TitleMissing;
        }

        string?[] texts = [narrative.Description, .. narrative.Acts.SelectMany(a => new[] { a.Method, a.Consequences }), .. narrative.Information.Select(i => i.Details)];
        if (narrative.Title.Length > RecordLimits.MaxTitle || texts.Any(t => t?.Length > RecordLimits.MaxText))
        {
            return RecordWriteOutcome.TextTooLong;
        }

        var acts = coding.Acts.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        var sources = coding.Information.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        return narrative.Acts.All(a => acts.Contains(a.Id)) && narrative.Information.All(i => sources.Contains(i.Id)) && UniqueIds(narrative.Acts.Select(a => a.Id)) && UniqueIds(narrative.Information.Select(i => i.Id))
            ? RecordWriteOutcome.Saved
            : RecordWriteOutcome.InvalidIds;
    }

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static bool UniqueIds(IEnumerable<string> ids)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return ids.All(id => RandomId.IsValid(id) && seen.Add(id));
    }
}
