using Haven.Accounts;
using Haven.Cases;
using Haven.Crypto;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Record.Events;

/// <summary>
/// Reads an event, or a victim, whole (coding and narrative) through the case key: only a responder who holds the
/// anchor case can. Everyone else gets null, the same as for an id that does not exist.
/// </summary>
internal sealed class EventQuery(IDbContextFactory<HavenDbContext> dbFactory)
{
    /// <summary>The current version of the event (or version <paramref name="number"/>), its history and its victims; null when the responder does not hold its case.</summary>
    public async Task<EventView?> GetAsync(string eventId, UnlockedResponder responder, CancellationToken cancellationToken, int? number = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        using var keys = new CaseKeyCache(db, responder);
        var versions = await db.RecordVersions.AsNoTracking().Where(v => v.SubjectId == eventId && v.Kind == RecordVersionKinds.Event).OrderBy(v => v.Number).ToListAsync(cancellationToken);
        var version = number is null ? versions.LastOrDefault() : versions.FirstOrDefault(v => v.Number == number);
        if (version is null || await OpenAsync(version, keys, cancellationToken) is not { } opened)
        {
            return null;
        }

        try
        {
            var coding = RecordJson.FromUtf8<EventCoding>(opened.Coding);
            var narrative = RecordJson.FromUtf8<EventNarrative>(opened.Narrative);
            if (coding is null || narrative is null)
            {
                return null;
            }

            var victims = new List<VictimView>();
            foreach (var victimId in coding.Acts.Select(a => a.Victim).Distinct(StringComparer.Ordinal))
            {
                victims.Add(await VictimAsync(db, keys, victimId, cancellationToken) ?? new VictimView(victimId, null, 0, null, null));
            }

            return new EventView(eventId, version.CaseId, version.Number, versions[^1].Number, coding, narrative, [.. versions.Select(v => new VersionInfo(v.Number, v.CreatedOn))], victims);
        }
        finally
        {
            opened.Clear();
        }
    }

    /// <summary>The victim's current version; its pseudonym only when the responder holds the victim's case; null when it does not exist or they do not.</summary>
    public async Task<VictimView?> GetVictimAsync(string victimId, UnlockedResponder responder, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        using var keys = new CaseKeyCache(db, responder);
        return await VictimAsync(db, keys, victimId, cancellationToken);
    }

    /// <summary>The events and victims anchored to a case the responder holds (empty when they do not): ids, numbers and titles or pseudonyms.</summary>
    public async Task<CaseDocumentation> ForCaseAsync(string caseId, UnlockedResponder responder, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        using var keys = new CaseKeyCache(db, responder);
        var latest = await db.RecordVersions.AsNoTracking()
            .Where(v => v.CaseId == caseId && v.Number == db.RecordVersions.Where(o => o.SubjectId == v.SubjectId).Max(o => o.Number))
            .ToListAsync(cancellationToken);
        var events = new List<(string Id, string Title)>();
        var victims = new List<VictimView>();
        foreach (var version in latest.OrderBy(v => v.Seq))
        {
            if (await OpenAsync(version, keys, cancellationToken) is not { } opened)
            {
                continue;
            }

            try
            {
                if (version.Kind == RecordVersionKinds.Event && RecordJson.FromUtf8<EventNarrative>(opened.Narrative) is { } narrative)
                {
                    events.Add((version.SubjectId, narrative.Title));
                }
                else if (version.Kind == RecordVersionKinds.Victim)
                {
                    victims.Add(new VictimView(version.SubjectId, version.CaseId, version.Number, RecordJson.FromUtf8<VictimCoding>(opened.Coding), RecordJson.FromUtf8<VictimNarrative>(opened.Narrative)?.Pseudonym));
                }
            }
            finally
            {
                opened.Clear();
            }
        }

        return new CaseDocumentation(events, victims);
    }

    private static async Task<VictimView?> VictimAsync(HavenDbContext db, CaseKeyCache keys, string victimId, CancellationToken cancellationToken)
    {
        var version = await db.RecordVersions.AsNoTracking().Where(v => v.SubjectId == victimId && v.Kind == RecordVersionKinds.Victim).OrderByDescending(v => v.Number).FirstOrDefaultAsync(cancellationToken);
        if (version is null || await OpenAsync(version, keys, cancellationToken) is not { } opened)
        {
            return null;
        }

        try
        {
            return new VictimView(victimId, version.CaseId, version.Number, RecordJson.FromUtf8<VictimCoding>(opened.Coding), RecordJson.FromUtf8<VictimNarrative>(opened.Narrative)?.Pseudonym);
        }
        finally
        {
            opened.Clear();
        }
    }

    private static async Task<OpenedVersion?> OpenAsync(RecordVersion version, CaseKeyCache keys, CancellationToken cancellationToken) =>
        RecordVersionCipher.Open(version, await keys.ForAsync(version.CaseId, cancellationToken));

    /// <summary>The case keys a responder holds, opened once per case for one query and wiped with it.</summary>
    private sealed class CaseKeyCache(HavenDbContext db, UnlockedResponder responder) : IDisposable
    {
        private readonly Dictionary<string, Dictionary<int, X25519KeyPair>> _keys = new(StringComparer.Ordinal);

        public async Task<IReadOnlyDictionary<int, X25519KeyPair>> ForAsync(string caseId, CancellationToken cancellationToken)
        {
            if (!_keys.TryGetValue(caseId, out var keys))
            {
                keys = await CaseRecords.OpenCaseKeysAsync(db, caseId, responder.Id, responder.BoxKeys, cancellationToken);
                _keys[caseId] = keys;
            }

            return keys;
        }

        public void Dispose()
        {
            foreach (var key in _keys.Values.SelectMany(k => k.Values))
            {
                key.Dispose();
            }
        }
    }
}
