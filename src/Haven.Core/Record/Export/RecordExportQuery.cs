using Haven.Crypto;
using Haven.Progress;
using Haven.Record.Events;
using Haven.Record.Vocabulary;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;
using static Haven.Record.Export.RecordExportDocument;

namespace Haven.Record.Export;

/// <summary>
/// Builds a Record export (docs/record-export.md) in memory: the current version of every event and victim, its
/// coding opened with a documentation generation the keys hold (or with the case key when they hold the case), and,
/// for <see cref="ExportScope.Narratives"/>, its narrative when the keys hold the case. A current version the keys
/// open neither way is named by id in <see cref="RecordExportDocument.Skipped"/>; an older version is never
/// exported in its place. Nothing is written anywhere: the writers take the document.
/// </summary>
internal sealed class RecordExportQuery(IDbContextFactory<HavenDbContext> dbFactory, RecordVocabulary vocabulary, TimeProvider clock)
{
    /// <summary>Every event's and victim's current version that <paramref name="keys"/> open, with narratives when <paramref name="scope"/> asks and the keys hold their case; the lists and the gazetteer with every label.</summary>
    public Task<RecordExportDocument> ExecuteAsync(ExportKeys keys, ExportScope scope, CancellationToken cancellationToken) => ExecuteAsync(keys, scope, null, cancellationToken);

    /// <summary>As the other overload, reporting the versions opened of all current versions (<paramref name="progress"/>: counts only).</summary>
    public async Task<RecordExportDocument> ExecuteAsync(ExportKeys keys, ExportScope scope, IProgress<WorkProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var lists = new Dictionary<TermList, IReadOnlyList<VocabularyTerm>>();
        foreach (var list in Enum.GetValues<TermList>())
        {
            lists[list] = await vocabulary.TermsAsync(list, cancellationToken);
        }

        var regions = await vocabulary.RegionsAsync(cancellationToken);
        var cultures = Cultures(lists.Values.SelectMany(l => l).Select(t => t.Labels).Concat(regions.Select(r => r.Labels)));
        var terms = lists.ToDictionary(l => l.Key, l => l.Value.ToDictionary(t => t.Key, Term, StringComparer.Ordinal));
        var gazetteer = regions.Select(Region).ToList();
        var regionsByCode = gazetteer.ToDictionary(r => r.Code, StringComparer.Ordinal);
        Term TermOf(TermList list, string key) => terms[list].GetValueOrDefault(key) ?? new Term { Key = key, Retired = false, Labels = new Dictionary<string, string>() };

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var latest = await db.RecordVersions.AsNoTracking()
            .Where(v => v.Number == db.RecordVersions.Where(o => o.SubjectId == v.SubjectId).Max(o => o.Number))
            .ToListAsync(cancellationToken);
        var tally = new ProgressTally(progress);
        tally.Start(latest.Count, 0);

        var victims = new Dictionary<string, Victim>(StringComparer.Ordinal);
        var unreadableVictims = new List<string>();
        foreach (var version in latest.Where(v => v.Kind == RecordVersionKinds.Victim))
        {
            var (coding, narrative) = await OpenAsync<VictimCoding, VictimNarrative>(db, version, keys, scope, cancellationToken);
            tally.Items();
            if (coding is null)
            {
                unreadableVictims.Add(version.SubjectId);
                continue;
            }

            victims[version.SubjectId] = new Victim
            {
                Id = version.SubjectId,
                CaseId = version.CaseId,
                Version = version.Number,
                HasNarrative = narrative is not null,
                Pseudonym = narrative?.Pseudonym,
                AgeBand = coding.AgeBand is null ? null : TermOf(TermList.AgeBand, coding.AgeBand),
                CountingUnit = coding.Unit,
                GroupSize = coding.GroupSize,
            };
        }

        var events = new List<(PartialDate? Start, Event Event)>();
        var unreadableEvents = new List<string>();
        foreach (var version in latest.Where(v => v.Kind == RecordVersionKinds.Event))
        {
            var (coding, narrative) = await OpenAsync<EventCoding, EventNarrative>(db, version, keys, scope, cancellationToken);
            tally.Items();
            if (coding is null)
            {
                unreadableEvents.Add(version.SubjectId);
                continue;
            }

            var acts = coding.Acts.Select(a => new RecordExportDocument.Act
            {
                Id = a.Id,
                Type = TermOf(TermList.ActType, a.Type),
                VictimId = a.Victim,
                Victim = victims.GetValueOrDefault(a.Victim),
                VictimStatus = a.VictimStatus is null ? null : TermOf(TermList.VictimStatus, a.VictimStatus),
                Method = narrative?.Act(a.Id)?.Method,
                Consequences = narrative?.Act(a.Id)?.Consequences,
                Involvements = [.. a.Involvements.Select((i, n) => new Involvement
                {
                    Id = InvolvementId(a.Id, n),
                    PerpetratorType = TermOf(TermList.PerpetratorType, i.Perpetrator),
                    Degree = TermOf(TermList.InvolvementDegree, i.Degree),
                })],
            }).ToList();
            var information = coding.Information.Select(i => new Information
            {
                Id = i.Id,
                Source = i.Source == InformationSource.Case ? "case" : "outside",
                CaseId = i.Source == InformationSource.Case ? i.CaseId : null,
                Connection = TermOf(TermList.SourceConnection, i.Connection),
                Reliability = i.Reliability,
                Details = narrative?.Source(i.Id)?.Details,
            }).ToList();
            events.Add((coding.Start, new Event
            {
                Id = version.SubjectId,
                CaseId = version.CaseId,
                Version = version.Number,
                HasNarrative = narrative is not null,
                Title = narrative?.Title,
                Description = narrative?.Description,
                Start = Date(coding.Start),
                End = Date(coding.End),
                Region = coding.Region is null ? null : regionsByCode.GetValueOrDefault(coding.Region) ?? new Region { Code = coding.Region, Retired = false, Labels = new Dictionary<string, string>() },
                ViolationStatus = coding.Status,
                Confidentiality = coding.Confidentiality,
                Corroboration = coding.Corroboration,
                Acts = acts,
                Information = information,
            }));
        }

        return new RecordExportDocument
        {
            ExportedOn = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime),
            Scope = scope,
            Cultures = cultures,
            Events = [.. events.OrderBy(e => e.Start is null).ThenBy(e => e.Start?.First).ThenBy(e => e.Event.Id, StringComparer.Ordinal).Select(e => e.Event)],
            Victims = [.. victims.Values.OrderBy(v => v.Id, StringComparer.Ordinal)],
            Skipped = new Unreadable { Events = [.. unreadableEvents.Order(StringComparer.Ordinal)], Victims = [.. unreadableVictims.Order(StringComparer.Ordinal)] },
            Lists = lists.ToDictionary(l => l.Key.ToString(), l => (IReadOnlyList<Term>)[.. l.Value.Select(t => terms[l.Key][t.Key])], StringComparer.Ordinal),
            Gazetteer = gazetteer,
        };
    }

    /// <summary>The id of an involvement, which the coding does not give one: its act's id, a dash and its position from 1.</summary>
    public static string InvolvementId(string actId, int index) => $"{actId}-{index + 1}";

    /// <summary>
    /// The coding of <paramref name="version"/> (with a documentation generation, or else the case key) and, for a
    /// narratives export, its narrative (case key only); each null when it does not open. Plaintext bytes are wiped.
    /// </summary>
    private static async Task<(TCoding? Coding, TNarrative? Narrative)> OpenAsync<TCoding, TNarrative>(HavenDbContext db, RecordVersion version, ExportKeys keys, ExportScope scope, CancellationToken cancellationToken)
        where TCoding : class
        where TNarrative : class
    {
        byte[]? coding = null;
        byte[]? narrative = null;
        try
        {
            if (!keys.TryDocumentation(version.DocumentationGeneration, out var documentation)
                || !DocumentationEnvelope.TryOpenCoding(version.Coding, version.CodingKeyForDocumentation, documentation, version.Kind, version.Id, out coding))
            {
                coding = null;
            }

            if (coding is null || scope == ExportScope.Narratives)
            {
                var caseKeys = await keys.CaseKeysAsync(db, version.CaseId, cancellationToken);
                if (caseKeys.TryGetValue(version.CaseKeyGeneration, out var caseKey))
                {
                    if (coding is null && !DocumentationEnvelope.TryOpenCoding(version.Coding, version.CodingKeyForCase, caseKey, version.Kind, version.Id, out coding))
                    {
                        coding = null;
                    }

                    if (scope == ExportScope.Narratives && !DocumentationEnvelope.TryOpenNarrative(version.Narrative, version.NarrativeKeyForCase, caseKey, version.Kind, version.Id, out narrative))
                    {
                        narrative = null;
                    }
                }
            }

            var codingValue = coding is null ? null : RecordJson.FromUtf8<TCoding>(coding);
            return (codingValue, codingValue is null || narrative is null ? null : RecordJson.FromUtf8<TNarrative>(narrative));
        }
        finally
        {
            if (coding is not null)
            {
                Array.Clear(coding);
            }

            if (narrative is not null)
            {
                Array.Clear(narrative);
            }
        }
    }

    private static Term Term(VocabularyTerm term) => new() { Key = term.Key, Retired = term.Retired, Labels = Sorted(term.Labels) };

    private static Region Region(GazetteerRegion region) => new() { Code = region.Key, ParentCode = region.ParentKey, Retired = region.Retired, Labels = Sorted(region.Labels) };

    private static Date? Date(PartialDate? date) => date is not { } d ? null : new Date { Value = d.ToString(), Precision = d.Precision, First = d.First, Last = d.Last };

    private static SortedDictionary<string, string> Sorted(IReadOnlyDictionary<string, string> labels) => new(labels.ToDictionary(), StringComparer.Ordinal);

    /// <summary>English, Russian, then every other culture that has a label, by name.</summary>
    private static List<string> Cultures(IEnumerable<IReadOnlyDictionary<string, string>> labels) =>
        ["en", "ru", .. labels.SelectMany(l => l.Keys).Where(c => c is not "en" and not "ru").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}
