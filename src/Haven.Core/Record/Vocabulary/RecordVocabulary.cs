using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Record.Vocabulary;

/// <summary>
/// The controlled lists and the gazetteer as every part of Record reads them: the terms of a list in order, the
/// regions (each country followed by its regions), and whether a key may be used for a new entry. The tables are
/// read once and kept in memory; the commands that change them (<see cref="AddTermCommand"/> and the others) call
/// <see cref="Invalidate"/> after each commit, so the next read sees the change. On SQLite one server owns a data
/// directory (haven.lock), and the CLI changes the lists only while no server runs, so this copy stays the
/// database's. On PostgreSQL other nodes change the lists too: each use asks whether an audited vocabulary change
/// was committed since the copy was read (<see cref="Cluster.AuditChangeWatch"/>), and reads the tables again if so.
/// </summary>
internal sealed class RecordVocabulary(IDbContextFactory<HavenDbContext> dbFactory)
{
    private static readonly Cluster.AuditChangeWatch Watch = new("record.term.", "record.region.");

    private readonly Lock _gate = new();
    private Snapshot? _snapshot;
    private long _version;

    /// <summary>The newest audit number when <see cref="_snapshot"/> was read or last checked (PostgreSQL).</summary>
    private long _seen;

    /// <summary>Whether other nodes may change the tables (the database is PostgreSQL); known after the first read.</summary>
    private bool _shared;

    /// <summary>The terms of <paramref name="list"/> in their order, retired ones included.</summary>
    public async Task<IReadOnlyList<VocabularyTerm>> TermsAsync(TermList list, CancellationToken ct) =>
        (await CurrentAsync(ct)).Terms.GetValueOrDefault(list) ?? [];

    /// <summary>Whether <paramref name="key"/> is a term of <paramref name="list"/> that is not retired.</summary>
    public async Task<bool> IsUsableAsync(TermList list, string key, CancellationToken ct) =>
        key is not null && (await CurrentAsync(ct)).TermsByKey.TryGetValue((list, key), out var term) && !term.Retired;

    /// <summary>Every country in its order, each followed by its regions in their order; retired ones included.</summary>
    public async Task<IReadOnlyList<GazetteerRegion>> RegionsAsync(CancellationToken ct) => (await CurrentAsync(ct)).Regions;

    /// <summary>Whether <paramref name="key"/> is a country or region that is not retired (nor is its country).</summary>
    public async Task<bool> IsUsableRegionAsync(string key, CancellationToken ct)
    {
        if (key is null)
        {
            return false;
        }

        var snapshot = await CurrentAsync(ct);
        return snapshot.RegionsByKey.TryGetValue(key, out var region) && !region.Retired
            && (region.ParentKey is null || !snapshot.RegionsByKey[region.ParentKey].Retired);
    }

    /// <summary>The term of <paramref name="list"/> with <paramref name="key"/>, retired or not; null when there is none.</summary>
    public async Task<VocabularyTerm?> TermAsync(TermList list, string key, CancellationToken ct) =>
        key is null ? null : (await CurrentAsync(ct)).TermsByKey.GetValueOrDefault((list, key));

    /// <summary>The country or region with <paramref name="key"/>, retired or not; null when there is none.</summary>
    public async Task<GazetteerRegion?> RegionAsync(string key, CancellationToken ct) =>
        key is null ? null : (await CurrentAsync(ct)).RegionsByKey.GetValueOrDefault(key);

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
        long version, seen;
        Snapshot? current;
        lock (_gate)
        {
            current = _snapshot;
            if (current is not null && !_shared)
            {
                return current;
            }

            version = _version;
            seen = _seen;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var shared = !db.Database.IsSqlite();
        var newest = shared ? await Cluster.AuditChangeWatch.NewestAsync(db, ct) : 0;
        if (current is not null)
        {
            if (!await Watch.ChangedAsync(db, seen, newest, ct))
            {
                lock (_gate)
                {
                    if (_version == version && ReferenceEquals(_snapshot, current))
                    {
                        _seen = Math.Max(_seen, newest);
                    }
                }

                return current;
            }

            // Changed on another node: read again, and let a read under way on this node not keep the old copy.
            lock (_gate)
            {
                if (_version == version)
                {
                    _version++;
                    _snapshot = null;
                }

                version = _version;
            }
        }

        var loaded = await LoadAsync(db, ct);
        lock (_gate)
        {
            // A change committed while this was read leaves the copy unset, for the next read to load again.
            if (_version == version)
            {
                _snapshot = loaded;
                _seen = newest;
                _shared = shared;
            }
        }

        return loaded;
    }

    private static async Task<Snapshot> LoadAsync(HavenDbContext db, CancellationToken ct)
    {
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
