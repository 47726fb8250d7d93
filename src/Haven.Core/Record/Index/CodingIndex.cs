using Haven.Crypto;
using Haven.Record.Events;
using Haven.Record.Keys;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Record.Index;

/// <summary>
/// The coding of every event and victim, decrypted with documentation keys and held in memory only (never on
/// disk): what the documentation list filters, counts and pages. It is kept per documentation generation, and
/// only a session's <see cref="DocumentationKeyring"/> can fill or read it: a snapshot holds the generations that
/// keyring has, so a responder sees the coding written under the keys they hold and nothing else.
/// </summary>
/// <remarks>
/// Each generation remembers the highest <see cref="RecordVersion.Seq"/> it has read; a refresh reads only the
/// versions after it. Sequence numbers are given under the write lock as one more than the highest committed one
/// and are unique, so a version with a lower number can never be committed after one with a higher number has been
/// read, even with several processes writing: nothing is skipped. Everything decrypted is dropped once no session
/// has asked for it for <see cref="IdleLifetime"/>.
/// </remarks>
internal sealed class CodingIndex : IDisposable
{
    /// <summary>How long decrypted coding is kept after the last snapshot was taken.</summary>
    public static readonly TimeSpan IdleLifetime = TimeSpan.FromMinutes(30);

    private readonly IDbContextFactory<HavenDbContext> _dbFactory;
    private readonly TimeProvider _clock;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<int, Slice> _slices = [];
    private readonly Dictionary<string, (long[] Stamps, CodingSnapshot Snapshot)> _snapshots = new(StringComparer.Ordinal);
    private readonly ITimer _sweep;
    private DateTimeOffset _lastUse;

    public CodingIndex(IDbContextFactory<HavenDbContext> dbFactory, TimeProvider clock)
    {
        _dbFactory = dbFactory;
        _clock = clock;
        _lastUse = clock.GetUtcNow();
        _sweep = clock.CreateTimer(_ => _ = ForgetIfIdleAsync(), null, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
    }

    /// <summary>
    /// Brings the generations the keyring holds up to date with the database and returns the coding they open:
    /// for each event and victim, its newest version under those generations.
    /// </summary>
    /// <exception cref="DocumentationKeyringClosedException">
    /// The keyring is wiped, or was wiped while its keys were in use (its session ended): nothing was added to the
    /// index from that refresh, so other sessions read on from where it was.
    /// </exception>
    public async Task<CodingSnapshot> SnapshotAsync(DocumentationKeyring keyring, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keyring);
        ThrowIfClosed(keyring, null);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _lastUse = _clock.GetUtcNow();
            var held = new List<int>();
            foreach (var generation in keyring.Generations.Order())
            {
                if (keyring.TryGet(generation, out var key))
                {
                    try
                    {
                        await RefreshAsync(generation, key, cancellationToken);
                    }
                    catch (Exception e) when (keyring.IsClosed && IsDisposal(e))
                    {
                        ThrowIfClosed(keyring, e);
                    }

                    held.Add(generation);
                }
            }

            // Wiped after its last key was used: its session is over, and so is this request.
            ThrowIfClosed(keyring, null);

            var name = string.Join(',', held);
            var slices = held.Select(g => _slices[g]).ToList();
            var stamps = slices.Select(s => s.Stamp).ToArray();
            if (_snapshots.TryGetValue(name, out var cached) && cached.Stamps.SequenceEqual(stamps))
            {
                return cached.Snapshot;
            }

            // After a write, the snapshot is brought up to date with what changed rather than built again.
            var snapshot = cached.Snapshot is not null && ChangedSince(slices, cached.Stamps) is { } changed
                ? cached.Snapshot.Update(slices, changed)
                : CodingSnapshot.Build(slices);
            _snapshots[name] = (stamps, snapshot);
            return snapshot;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The events and victims changed in the slices since <paramref name="stamps"/>; null when a slice no longer remembers.</summary>
    private static HashSet<string>? ChangedSince(List<Slice> slices, long[] stamps)
    {
        var changed = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < slices.Count; i++)
        {
            if (stamps[i] < slices[i].RememberedSince)
            {
                return null;
            }

            changed.UnionWith(slices[i].Changes.Where(c => c.Stamp > stamps[i]).Select(c => c.Id));
        }

        return changed;
    }

    /// <summary>Drops everything decrypted (at once; the next snapshot reads the database again).</summary>
    public async Task ForgetAsync()
    {
        await _gate.WaitAsync();
        try
        {
            _slices.Clear();
            _snapshots.Clear();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Forgets the events and victims anchored to <paramref name="caseIds"/>: the retention purge deleted them with
    /// their cases, and a refresh only reads what is new, so it would never notice they are gone.
    /// </summary>
    public async Task ForgetCasesAsync(IReadOnlyCollection<string> caseIds)
    {
        ArgumentNullException.ThrowIfNull(caseIds);
        var gone = caseIds.ToHashSet(StringComparer.Ordinal);
        await _gate.WaitAsync();
        try
        {
            foreach (var slice in _slices.Values)
            {
                List<string> removed = [.. slice.Events.Where(e => gone.Contains(e.Value.CaseId)).Select(e => e.Key), .. slice.Victims.Where(v => gone.Contains(v.Value.CaseId)).Select(v => v.Key)];
                if (removed.Count > 0)
                {
                    foreach (var id in removed)
                    {
                        slice.Events.Remove(id);
                        slice.Victims.Remove(id);
                    }

                    slice.Stamp++;
                    slice.Remember(removed);
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _sweep.Dispose();
        _gate.Dispose();
    }

    private static void ThrowIfClosed(DocumentationKeyring keyring, Exception? cause)
    {
        if (keyring.IsClosed)
        {
            throw cause is null ? new DocumentationKeyringClosedException() : new DocumentationKeyringClosedException("The documentation keyring was wiped while the coding index used it: its session ended.", cause);
        }
    }

    /// <summary>A key used by the refresh was disposed under it (inside <see cref="Parallel.For(int, int, Action{int})"/>, wrapped).</summary>
    private static bool IsDisposal(Exception e) =>
        e is ObjectDisposedException || (e is AggregateException aggregate && aggregate.Flatten().InnerExceptions.All(i => i is ObjectDisposedException or OperationCanceledException));

    private async Task ForgetIfIdleAsync()
    {
        if (_slices.Count > 0 && _clock.GetUtcNow() - _lastUse > IdleLifetime)
        {
            await ForgetAsync();
        }
    }

    private async Task RefreshAsync(int generation, X25519KeyPair key, CancellationToken cancellationToken)
    {
        if (!_slices.TryGetValue(generation, out var slice))
        {
            slice = new Slice(generation);
            _slices[generation] = slice;
        }

        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        while (true)
        {
            var last = slice.LastSeq;
            var rows = await db.RecordVersions.AsNoTracking()
                .Where(v => v.DocumentationGeneration == generation && v.Seq > last)
                .OrderBy(v => v.Seq)
                .Take(5000)
                .Select(v => new { v.Id, v.Seq, v.Kind, v.SubjectId, v.Number, v.CaseId, v.Coding, v.CodingKeyForDocumentation })
                .ToListAsync(cancellationToken);
            if (rows.Count == 0)
            {
                return;
            }

            // Opening a sealed key is the cost here: both cores share it on a first build.
            var opened = new object?[rows.Count];
            Parallel.For(0, rows.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
            {
                var row = rows[i];
                if (!DocumentationEnvelope.TryOpenCoding(row.Coding, row.CodingKeyForDocumentation, key, row.Kind, row.Id, out var json))
                {
                    return;
                }

                opened[i] = row.Kind == RecordVersionKinds.Event ? RecordJson.FromUtf8<EventCoding>(json) : RecordJson.FromUtf8<VictimCoding>(json);
                Array.Clear(json);
            });
            var changed = new List<string>();
            for (var i = 0; i < rows.Count; i++)
            {
                var row = rows[i];
                switch (opened[i])
                {
                    case EventCoding coding when !slice.Events.TryGetValue(row.SubjectId, out var known) || known.Number < row.Number:
                        slice.Events[row.SubjectId] = new IndexedEvent(row.SubjectId, row.CaseId, row.Number, generation, coding);
                        changed.Add(row.SubjectId);
                        break;
                    case VictimCoding coding when !slice.Victims.TryGetValue(row.SubjectId, out var known) || known.Number < row.Number:
                        slice.Victims[row.SubjectId] = new IndexedVictim(row.SubjectId, row.CaseId, row.Number, coding);
                        changed.Add(row.SubjectId);
                        break;
                }
            }

            slice.LastSeq = rows[^1].Seq;
            slice.Stamp++;
            slice.Remember(changed);
        }
    }

    /// <summary>What one generation's key has opened so far.</summary>
    internal sealed class Slice(int generation)
    {
        public int Generation { get; } = generation;

        public long LastSeq { get; set; }

        /// <summary>Changes whenever the slice does, so that a cached snapshot is known to be stale.</summary>
        public long Stamp { get; set; }

        /// <summary>At most this many changes are remembered; past it, a snapshot older than what is remembered is built again.</summary>
        public const int MaxChanges = 10_000;

        /// <summary>The events and victims changed, each with the <see cref="Stamp"/> that changed it, oldest first.</summary>
        public List<(long Stamp, string Id)> Changes { get; } = [];

        /// <summary>Every change after this stamp is in <see cref="Changes"/>.</summary>
        public long RememberedSince { get; private set; }

        public Dictionary<string, IndexedEvent> Events { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, IndexedVictim> Victims { get; } = new(StringComparer.Ordinal);

        /// <summary>Notes that <paramref name="ids"/> changed at the current stamp; a first build is not worth noting.</summary>
        public void Remember(IReadOnlyCollection<string> ids)
        {
            if (Changes.Count + ids.Count > MaxChanges)
            {
                Changes.Clear();
                RememberedSince = Stamp;
                return;
            }

            Changes.AddRange(ids.Select(id => (Stamp, id)));
        }
    }
}
