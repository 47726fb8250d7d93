using Haven.Record.Keys;
using Haven.Record.Vocabulary;

namespace Haven.Record.Index;

/// <summary>
/// The documentation list: the coded acts a keyring opens (<see cref="CodingIndex"/>), filtered, counted and
/// paged in memory. Never reads a narrative: it holds no case key.
/// </summary>
internal sealed class DocumentationListQuery(CodingIndex index, RecordVocabulary vocabulary)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    /// <summary>One page of the acts that match <paramref name="filter"/>, with the counts of acts, events and victims that match.</summary>
    public async Task<DocumentationPage> ExecuteAsync(DocumentationFilter filter, DocumentationKeyring keyring, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var snapshot = await index.SnapshotAsync(keyring, cancellationToken);
        var inRegion = filter.Region is null ? null : await RegionsWithinAsync(filter.Region, cancellationToken);
        var matching = snapshot.Acts.Where(a => Matches(a, filter, inRegion)).ToList();
        var size = Math.Clamp(filter.PageSize, 1, MaxPageSize);
        var pages = Math.Max(1, (matching.Count + size - 1) / size);
        var page = Math.Clamp(filter.Page, 1, pages);
        var victims = new HashSet<string>(matching.Select(a => a.Act.Victim), StringComparer.Ordinal);
        var people = victims.Sum(v => snapshot.Victims.TryGetValue(v, out var victim) && victim.Coding.Unit == CountingUnit.Group ? victim.Coding.GroupSize ?? 1 : 1);
        return new DocumentationPage(
            [.. matching.Skip((page - 1) * size).Take(size)],
            matching.Count,
            matching.Select(a => a.Event.Id).Distinct(StringComparer.Ordinal).Count(),
            victims.Count,
            people,
            page,
            pages);
    }

    private static bool Matches(IndexedAct act, DocumentationFilter filter, HashSet<string>? regions)
    {
        var coding = act.Event.Coding;
        return (filter.ActType is null || act.Act.Type == filter.ActType)
            && (regions is null || (coding.Region is not null && regions.Contains(coding.Region)))
            && (filter.From is null || (act.To is { } to && to >= filter.From))
            && (filter.To is null || (act.From is { } from && from <= filter.To))
            && (filter.Perpetrator is null || act.Act.Involvements.Any(i => i.Perpetrator == filter.Perpetrator))
            && (filter.Status is null || coding.Status == filter.Status)
            && (filter.MinReliability is null || act.BestReliability >= filter.MinReliability)
            && (filter.Corroborated is null || (act.Corroboration >= 2) == filter.Corroborated);
    }

    /// <summary>The region and, for a country, every region of it.</summary>
    private async Task<HashSet<string>> RegionsWithinAsync(string region, CancellationToken cancellationToken)
    {
        var regions = await vocabulary.RegionsAsync(cancellationToken);
        var within = new HashSet<string>(StringComparer.Ordinal) { region };
        within.UnionWith(regions.Where(r => r.ParentKey == region).Select(r => r.Key));
        return within;
    }
}
