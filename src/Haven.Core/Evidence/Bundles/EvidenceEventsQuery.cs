using Haven.Accounts;
using Haven.Cases;
using Haven.Crypto;
using Haven.Record.Events;
using Haven.Record.Index;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Evidence.Bundles;

/// <summary>
/// What a signed evidence bundle may hold for a responder: for a case they hold, or for a set of documented events,
/// the events (<see cref="BundleEvent"/>: current coding, never a narrative) and the files that support each. An
/// event supports the files of the cases that are its sources (<see cref="InformationCoding"/> with
/// <see cref="InformationSource.Case"/>).
/// </summary>
/// <remarks>
/// An event is read as the event page reads it: with the key of its anchor case when the responder holds it,
/// otherwise through their documentation keyring (the coding index; the caller refreshes the keyring first), and
/// not at all otherwise. Files come only from cases the responder holds, decrypted with their own seal of the case
/// key; for every other source case only the number of its evidentiary copies is counted (a plaintext count of the
/// <c>files</c> table, nothing of their records), so the page can say what is left out.
/// </remarks>
internal sealed class EvidenceEventsQuery(IDbContextFactory<HavenDbContext> dbFactory, CaseQuery cases, CodingIndex index)
{
    /// <summary>At most this many events are read for one export; further ids are ignored.</summary>
    public const int MaxEvents = 100;

    /// <summary>
    /// The files of <paramref name="caseId"/> and the events the responder may read that cite it as a source (anchored
    /// to any case they hold, or read through their documentation keyring), ordered by id. Null when the responder does
    /// not hold the case, as for an unknown id.
    /// </summary>
    public async Task<EvidenceSelection?> ForCaseAsync(string caseId, UnlockedResponder responder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(responder);
        if (!RandomId.IsValid(caseId) || await cases.ExecuteAsync(caseId, responder, cancellationToken) is not { } view)
        {
            return null;
        }

        var files = FilesOf(caseId, view);
        var fileIds = files.Select(f => f.File.Id).ToList();
        var codings = new SortedDictionary<string, (int Number, EventCoding Coding)>(StringComparer.Ordinal);
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            using var keys = new CaseKeys(db, responder);
            var held = db.CaseKeySeals.Where(s => s.ResponderId == responder.Id).Select(s => s.CaseId);
            var latest = await Latest(db).Where(v => held.Contains(v.CaseId)).ToListAsync(cancellationToken);
            foreach (var version in latest)
            {
                if (await keys.CodingAsync(version, cancellationToken) is { } coding && Cites(coding, caseId))
                {
                    codings[version.SubjectId] = (version.Number, coding);
                }
            }
        }

        if (responder.Documentation.Generations.Count > 0)
        {
            foreach (var indexed in (await index.SnapshotAsync(responder.Documentation, cancellationToken)).Events.Values)
            {
                if (!codings.ContainsKey(indexed.Id) && Cites(indexed.Coding, caseId))
                {
                    codings[indexed.Id] = (indexed.Number, indexed.Coding);
                }
            }
        }

        return new EvidenceSelection([.. codings.Select(c => new BundleEvent(c.Key, c.Value.Number, c.Value.Coding, fileIds))], files, [caseId], 0, 0);
    }

    /// <summary>
    /// The events of <paramref name="eventIds"/> the responder may read (malformed and unreadable ids are left out,
    /// as are ids past <see cref="MaxEvents"/>), in the order asked, with the files of their source cases the responder
    /// holds; the source cases they do not hold are counted with their evidentiary copies.
    /// </summary>
    public async Task<EvidenceSelection> ForEventsAsync(IReadOnlyCollection<string> eventIds, UnlockedResponder responder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(eventIds);
        ArgumentNullException.ThrowIfNull(responder);
        var wanted = eventIds.Where(RandomId.IsValid).Distinct(StringComparer.Ordinal).Take(MaxEvents).ToList();
        var read = new List<(string Id, int Number, EventCoding Coding)>();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        using (var keys = new CaseKeys(db, responder))
        {
            var latest = (await Latest(db).Where(v => wanted.Contains(v.SubjectId)).ToListAsync(cancellationToken)).ToDictionary(v => v.SubjectId, StringComparer.Ordinal);
            var snapshot = responder.Documentation.Generations.Count > 0 ? await index.SnapshotAsync(responder.Documentation, cancellationToken) : null;
            foreach (var id in wanted)
            {
                if (latest.TryGetValue(id, out var version) && await keys.CodingAsync(version, cancellationToken) is { } coding)
                {
                    read.Add((id, version.Number, coding));
                }
                else if (snapshot?.Events.GetValueOrDefault(id) is { } indexed)
                {
                    read.Add((id, indexed.Number, indexed.Coding));
                }
            }
        }

        var sources = read.SelectMany(e => SourceCases(e.Coding)).Distinct(StringComparer.Ordinal).ToList();
        var files = new List<EvidenceFile>();
        var heldCases = new List<string>();
        var leftOut = new List<string>();
        foreach (var caseId in sources)
        {
            if (RandomId.IsValid(caseId) && await cases.ExecuteAsync(caseId, responder, cancellationToken) is { } view)
            {
                heldCases.Add(caseId);
                files.AddRange(FilesOf(caseId, view));
            }
            else
            {
                leftOut.Add(caseId);
            }
        }

        var filesLeftOut = leftOut.Count == 0 ? 0 : await db.Files.CountAsync(f => leftOut.Contains(f.CaseId) && f.OriginalId == null, cancellationToken);
        var byCase = files.ToLookup(f => f.CaseId, StringComparer.Ordinal);
        var events = read.Select(e => new BundleEvent(e.Id, e.Number, e.Coding, [.. SourceCases(e.Coding).Distinct(StringComparer.Ordinal).SelectMany(c => byCase[c]).Select(f => f.File.Id)])).ToList();
        return new EvidenceSelection(events, files, heldCases, leftOut.Count, filesLeftOut);
    }

    /// <summary>The current version of every event.</summary>
    private static IQueryable<RecordVersion> Latest(HavenDbContext db) =>
        db.RecordVersions.AsNoTracking().Where(v => v.Kind == RecordVersionKinds.Event && v.Number == db.RecordVersions.Where(o => o.SubjectId == v.SubjectId).Max(o => o.Number));

    private static IEnumerable<string> SourceCases(EventCoding coding) =>
        coding.Information.Where(i => i.Source == InformationSource.Case && i.CaseId is not null).Select(i => i.CaseId!);

    private static bool Cites(EventCoding coding, string caseId) => SourceCases(coding).Contains(caseId, StringComparer.Ordinal);

    private static List<EvidenceFile> FilesOf(string caseId, CaseView view) =>
        [.. view.Entries.Where(e => e.Content?.Files is not null).SelectMany(e => e.Content!.Files!.Select(f => new EvidenceFile(caseId, f, e.On)))];

    /// <summary>The case keys a responder holds, opened once per case for one query and wiped with it.</summary>
    private sealed class CaseKeys(HavenDbContext db, UnlockedResponder responder) : IDisposable
    {
        private readonly Dictionary<string, Dictionary<int, X25519KeyPair>> _keys = new(StringComparer.Ordinal);

        /// <summary>The coding of <paramref name="version"/> opened with its case key; null when the responder does not hold it.</summary>
        public async Task<EventCoding?> CodingAsync(RecordVersion version, CancellationToken cancellationToken)
        {
            if (!_keys.TryGetValue(version.CaseId, out var keys))
            {
                keys = await CaseRecords.OpenCaseKeysAsync(db, version.CaseId, responder.Id, responder.BoxKeys, cancellationToken);
                _keys[version.CaseId] = keys;
            }

            if (!keys.TryGetValue(version.CaseKeyGeneration, out var key) || !DocumentationEnvelope.TryOpenCoding(version.Coding, version.CodingKeyForCase, key, version.Kind, version.Id, out var json))
            {
                return null;
            }

            try
            {
                return RecordJson.FromUtf8<EventCoding>(json);
            }
            finally
            {
                Array.Clear(json);
            }
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
