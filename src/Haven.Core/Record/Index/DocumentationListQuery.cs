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
        // The unfiltered list, the one opened most, reads the snapshot's counts (computed once per snapshot).
        IReadOnlyList<IndexedAct> matching = IsEmpty(filter) ? snapshot.Acts : [.. snapshot.Acts.Where(a => Matches(a, filter, inRegion))];
        var counts = IsEmpty(filter) ? snapshot.Totals : snapshot.CountOf(matching);
        var size = Math.Clamp(filter.PageSize, 1, MaxPageSize);
        var pages = Math.Max(1, (matching.Count + size - 1) / size);
        var page = Math.Clamp(filter.Page, 1, pages);
        return new DocumentationPage(
            [.. matching.Skip((page - 1) * size).Take(size)],
            counts.Acts,
            counts.Events,
            counts.Victims,
            counts.People,
            page,
            pages);
    }

    private static bool IsEmpty(DocumentationFilter filter) =>
        filter.ActType is null && filter.Region is null && filter.From is null && filter.To is null && filter.Perpetrator is null
        && filter.Status is null && filter.MinReliability is null && filter.Corroborated is null;

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
