using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Record.Vocabulary;

/// <summary>
/// The controlled lists and the gazetteer as every part of Record reads them: the terms of a list in order, the
/// regions (each country followed by its regions), and whether a key may be used for a new entry. The tables are
/// read once and kept in memory; the commands that change them (<see cref="AddTermCommand"/> and the others) call
/// <see cref="Invalidate"/> after each commit, so the next read sees the change. One server owns a data directory
/// (haven.lock), and the CLI changes the lists only while no server runs, so this copy stays the database's.
/// </summary>
internal sealed class RecordVocabulary(IDbContextFactory<HavenDbContext> dbFactory)
{
    private readonly Lock _gate = new();
    private Snapshot? _snapshot;
    private long _version;

    /// <summary>The terms of <paramref name="list"/> in their order, retired ones included.</summary>
    public async Task<IReadOnlyList<VocabularyTerm>> TermsAsync(TermList list, CancellationToken ct) =>
        (await CurrentAsync(ct)).Terms.GetValueOrDefault(list) ?? [];

    /// <summary>Whether <paramref name="key"/> is a term of <paramref name="list"/> that is not retired.</summary>
    public async Task<bool> IsUsableAsync(TermList list, string key, CancellationToken ct) =>
        (await CurrentAsync(ct)).TermsByKey.TryGetValue((list, key), out var term) && !term.Retired;

    /// <summary>Every country in its order, each followed by its regions in their order; retired ones included.</summary>
    public async Task<IReadOnlyList<GazetteerRegion>> RegionsAsync(CancellationToken ct) => (await CurrentAsync(ct)).Regions;

    /// <summary>Whether <paramref name="key"/> is a country or region that is not retired (nor is its country).</summary>
    public async Task<bool> IsUsableRegionAsync(string key, CancellationToken ct)
    {
        var snapshot = await CurrentAsync(ct);
        return snapshot.RegionsByKey.TryGetValue(key, out var region) && !region.Retired
            && (region.ParentKey is null || !snapshot.RegionsByKey[region.ParentKey].Retired);
    }

    /// <summary>The term of <paramref name="list"/> with <paramref name="key"/>, retired or not; null when there is none.</summary>
    public async Task<VocabularyTerm?> TermAsync(TermList list, string key, CancellationToken ct) =>
        (await CurrentAsync(ct)).TermsByKey.GetValueOrDefault((list, key));

    /// <summary>The country or region with <paramref name="key"/>, retired or not; null when there is none.</summary>
    public async Task<GazetteerRegion?> RegionAsync(string key, CancellationToken ct) =>
        (await CurrentAsync(ct)).RegionsByKey.GetValueOrDefault(key);

    /// <summary>Forgets the copy in memory: called by the commands after they commit a change.</summary>
    public void Invalidate()
    {
        lock (_gate)
        {
            _version++;
            _snapshot = null;
        }
    }

    private async Task<Snapshot> CurrentAsync(CancellationToken ct)
    {
        long version;
        lock (_gate)
        {
            if (_snapshot is { } current)
            {
                return current;
            }

            version = _version;
        }

        var loaded = await LoadAsync(ct);
        lock (_gate)
        {
            // A change committed while this was read leaves the copy unset, for the next read to load again.
            if (_version == version)
            {
                _snapshot = loaded;
            }
        }

        return loaded;
    }

    private async Task<Snapshot> LoadAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var terms = await db.VocabularyTerms.AsNoTracking().ToListAsync(ct);
        var termLabels = (await db.VocabularyTermLabels.AsNoTracking().ToListAsync(ct)).ToLookup(l => (l.List, l.Key));
        var regions = await db.GazetteerRegions.AsNoTracking().ToListAsync(ct);
        var regionLabels = (await db.GazetteerRegionLabels.AsNoTracking().ToListAsync(ct)).ToLookup(l => l.Code);

        var byList = terms.GroupBy(t => t.List).ToDictionary(
            g => g.Key,
            g => (IReadOnlyList<VocabularyTerm>)[.. g.OrderBy(t => t.Position).ThenBy(t => t.Key, StringComparer.Ordinal)
                .Select(t => new VocabularyTerm(t.Key, t.Retired, termLabels[(t.List, t.Key)].ToDictionary(l => l.Culture, l => l.Label, StringComparer.Ordinal)))]);

        GazetteerRegion ToRegion(StoredRegion r) =>
            new(r.Code, r.ParentCode, r.Retired, regionLabels[r.Code].ToDictionary(l => l.Culture, l => l.Label, StringComparer.Ordinal));
        var children = regions.Where(r => r.ParentCode is not null).ToLookup(r => r.ParentCode!);
        var ordered = new List<GazetteerRegion>(regions.Count);
        foreach (var country in regions.Where(r => r.ParentCode is null).OrderBy(r => r.Position).ThenBy(r => r.Code, StringComparer.Ordinal))
        {
            ordered.Add(ToRegion(country));
            ordered.AddRange(children[country.Code].OrderBy(r => r.Position).ThenBy(r => r.Code, StringComparer.Ordinal).Select(ToRegion));
        }

        return new Snapshot(byList, ordered);
    }

    private sealed class Snapshot
    {
        public Snapshot(Dictionary<TermList, IReadOnlyList<VocabularyTerm>> terms, IReadOnlyList<GazetteerRegion> regions)
        {
            Terms = terms;
            TermsByKey = terms.SelectMany(l => l.Value.Select(t => (l.Key, t))).ToDictionary(x => (x.Key, x.t.Key), x => x.t);
            Regions = regions;
            RegionsByKey = regions.ToDictionary(r => r.Key, StringComparer.Ordinal);
        }

        public Dictionary<TermList, IReadOnlyList<VocabularyTerm>> Terms { get; }

        public Dictionary<(TermList, string), VocabularyTerm> TermsByKey { get; }

        public IReadOnlyList<GazetteerRegion> Regions { get; }

        public Dictionary<string, GazetteerRegion> RegionsByKey { get; }
    }
}
