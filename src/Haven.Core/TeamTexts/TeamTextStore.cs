using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.TeamTexts;

/// <summary>
/// The current version of every team text, held in memory: read once when the server starts and updated by
/// <see cref="SetTeamTextCommand"/> after each change it commits. The intake reads it on every page without
/// touching the database, so that a page shown again during a storage outage (with what the person typed)
/// still shows the team's texts. One server owns a data directory (haven.lock), and no other command
/// changes these texts, so this copy stays the database's.
/// </summary>
internal sealed class TeamTextStore(IDbContextFactory<HavenDbContext> dbFactory)
{
    private volatile IReadOnlyDictionary<(string Language, string Kind), TeamTextVersion>? _current;

    /// <summary>Reads the latest version of each text (at start).</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var all = await db.TeamTexts.AsNoTracking().ToListAsync(cancellationToken);
        _current = all.GroupBy(v => (v.Language, v.Kind)).ToDictionary(g => g.Key, g => g.MaxBy(v => v.Version)!);
    }

    /// <summary>The latest version of a text in a language; null while it never changed. Its <see cref="TeamTextVersion.Text"/> is null when it went back to the default.</summary>
    /// <exception cref="InvalidOperationException">The texts were not loaded (<see cref="LoadAsync"/>).</exception>
    public TeamTextVersion? Current(string language, TeamTextKind kind) =>
        (_current ?? throw new InvalidOperationException("The team texts were not loaded at start.")).GetValueOrDefault((language, TeamTextKinds.Key(kind)));

    /// <summary>Takes a version just committed. Called inside the audited write (AuditedWriter.WriteAsync), so one at a time.</summary>
    internal void Put(TeamTextVersion version)
    {
        var next = new Dictionary<(string Language, string Kind), TeamTextVersion>(_current ?? new Dictionary<(string Language, string Kind), TeamTextVersion>())
        {
            [(version.Language, version.Kind)] = version,
        };
        _current = next;
    }
}
