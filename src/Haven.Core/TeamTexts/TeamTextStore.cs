using Haven.Cluster;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.TeamTexts;

/// <summary>
/// The current version of every team text, held in memory: read once when the server starts and updated by
/// <see cref="SetTeamTextCommand"/> after each change it commits. The intake reads it on every page without
/// touching the database, so that a page shown again during a storage outage (with what the person typed)
/// still shows the team's texts. On SQLite one server owns a data directory (haven.lock), and no other command
/// changes these texts, so this copy stays the database's. On PostgreSQL other nodes change them too: a use
/// starts, at most every <see cref="CheckInterval"/> and without waiting for it, a look at the audit log for a
/// change committed since (<see cref="AuditChangeWatch"/>), which reads the texts again if there was one.
/// </summary>
internal sealed class TeamTextStore(IDbContextFactory<HavenDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>How often a use may start a look for changes made on other nodes (PostgreSQL).</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(2);

    private static readonly AuditChangeWatch Watch = new("teamtext.");

    private readonly Lock _merge = new();

    private volatile IReadOnlyDictionary<(string Language, string Kind), TeamTextVersion>? _current;

    /// <summary>Whether other nodes may change the texts (the database is PostgreSQL).</summary>
    private volatile bool _shared;

    /// <summary>The newest audit number the copy has seen.</summary>
    private long _seen;

    /// <summary>1 while a look is under way.</summary>
    private int _checking;

    /// <summary>When the next look may start, in UTC ticks.</summary>
    private long _nextCheck;

    /// <summary>Reads the latest version of each text (at start).</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var shared = !db.Database.IsSqlite();
        var newest = shared ? await AuditChangeWatch.NewestAsync(db, cancellationToken) : 0;
        _current = await ReadAsync(db, cancellationToken);
        Interlocked.Exchange(ref _seen, newest);
        _shared = shared;
    }

    /// <summary>The latest version of a text in a language; null while it never changed. Its <see cref="TeamTextVersion.Text"/> is null when it went back to the default.</summary>
    /// <exception cref="InvalidOperationException">The texts were not loaded (<see cref="LoadAsync"/>).</exception>
    public TeamTextVersion? Current(string language, TeamTextKind kind)
    {
        var current = _current ?? throw new InvalidOperationException("The team texts were not loaded at start.");
        if (_shared)
        {
            StartCheck();
        }

        return current.GetValueOrDefault((language, TeamTextKinds.Key(kind)));
    }

    /// <summary>Takes a version just committed. Called inside the audited write (AuditedWriter.WriteAsync), so one at a time.</summary>
    internal void Put(TeamTextVersion version) => Merge([version]);

    /// <summary>Starts a look for changes of other nodes, unless one is under way or the last was too recent; never waits.</summary>
    private void StartCheck()
    {
        var now = clock.GetUtcNow().UtcTicks;
        if (now < Interlocked.Read(ref _nextCheck) || Interlocked.Exchange(ref _checking, 1) == 1)
        {
            return;
        }

        Interlocked.Exchange(ref _nextCheck, now + CheckInterval.Ticks);
        _ = Task.Run(CheckAsync);
    }

    private async Task CheckAsync()
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            var seen = Interlocked.Read(ref _seen);
            var newest = await AuditChangeWatch.NewestAsync(db, CancellationToken.None);
            if (await Watch.ChangedAsync(db, seen, newest, CancellationToken.None))
            {
                Merge((await ReadAsync(db, CancellationToken.None)).Values);
            }

            Interlocked.Exchange(ref _seen, newest);
        }
        catch (Exception e) when (StorageFailure.IsStorageFailure(e))
        {
            // The database is away: the copy stands, and a later use looks again.
        }
        finally
        {
            Volatile.Write(ref _checking, 0);
        }
    }

    /// <summary>Takes versions into the copy, each only if it is newer than the one held (versions only grow).</summary>
    private void Merge(IEnumerable<TeamTextVersion> versions)
    {
        lock (_merge)
        {
            var next = new Dictionary<(string Language, string Kind), TeamTextVersion>(_current ?? new Dictionary<(string Language, string Kind), TeamTextVersion>());
            foreach (var version in versions)
            {
                if (!next.TryGetValue((version.Language, version.Kind), out var held) || held.Version < version.Version)
                {
                    next[(version.Language, version.Kind)] = version;
                }
            }

            _current = next;
        }
    }

    private static async Task<Dictionary<(string Language, string Kind), TeamTextVersion>> ReadAsync(HavenDbContext db, CancellationToken cancellationToken)
    {
        var all = await db.TeamTexts.AsNoTracking().ToListAsync(cancellationToken);
        return all.GroupBy(v => (v.Language, v.Kind)).ToDictionary(g => g.Key, g => g.MaxBy(v => v.Version)!);
    }
}
