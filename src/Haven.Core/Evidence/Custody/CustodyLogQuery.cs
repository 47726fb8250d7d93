using Haven.Accounts;
using Haven.Cases;
using Haven.Crypto;
using Haven.Files;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Evidence.Custody;

/// <summary>
/// The custody log of a file (docs/evidence.md, "Custody log"): its receipt, every download, every working copy made
/// from it (and for a copy, its own making), every export in a signed bundle and every change of who holds its case,
/// oldest first. Each is an entry of the audit log's signed hash chain, read from <c>audit_entries</c> by the case's
/// index in one query per case; nothing of the log is stored anywhere else, so it is exactly as append-only and as
/// tamper-evident as that chain. Which entry belongs to which file comes from the files' listings (a working copy's
/// <c>original</c>), decrypted with the responder's seal of the case key and never stored.
/// </summary>
internal sealed class CustodyLogQuery(IDbContextFactory<HavenDbContext> dbFactory)
{
    /// <summary>The actions read: the custody actions of files, and the changes of holders of the case.</summary>
    private static readonly string[] Actions =
    [
        CustodyActions.Received, CustodyActions.Downloaded, CustodyActions.Cleaned, CustodyActions.Redacted, CustodyActions.Exported,
        .. CustodyActions.HolderChanges.Order(StringComparer.Ordinal),
    ];

    /// <summary>
    /// The custody log of one file, oldest first: received, downloads, copies made from it (and, for a copy, its own
    /// making), exports, and the holder changes of its case. Null when the responder does not hold the case or the
    /// file is not listed (the same 404 as everywhere).
    /// </summary>
    public async Task<IReadOnlyList<CustodyEntry>?> ExecuteAsync(string caseId, string fileId, UnlockedResponder responder, CancellationToken cancellationToken) =>
        (await ReadAsync(caseId, fileId, responder, cancellationToken))?.Entries;

    /// <summary>
    /// The same as <see cref="ExecuteAsync"/> with what the desk shows beside it: the file's listing, the listings of
    /// the case's other files and the names of the responders the entries name. Null in the same cases.
    /// </summary>
    public async Task<CustodyLog?> ReadAsync(string caseId, string fileId, UnlockedResponder responder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(responder);
        if (!RandomId.IsValid(caseId) || !RandomId.IsValid(fileId))
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var listings = await ListingsAsync(db, caseId, responder, cancellationToken);
        if (listings is null || !listings.TryGetValue(fileId, out var file))
        {
            return null;
        }

        var copiedFrom = listings.ToDictionary(l => l.Key, l => l.Value.Original, StringComparer.Ordinal);
        var (entries, names, legacy) = await ReadEntriesAsync(db, caseId, [fileId], copiedFrom, cancellationToken);
        return new CustodyLog(caseId, file, entries[fileId], listings, names, legacy);
    }

    /// <summary>
    /// The custody logs of several files of a case the caller has ALREADY checked the responder holds (the bundle
    /// builder), by file id, from one read of the case's audit entries. <paramref name="copiedFrom"/> maps each file
    /// id of the case to the id it was made from (null for the evidentiary copy), from the decrypted listings.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<CustodyEntry>>> ForFilesAsync(string caseId, IReadOnlyCollection<string> fileIds, IReadOnlyDictionary<string, string?> copiedFrom, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fileIds);
        ArgumentNullException.ThrowIfNull(copiedFrom);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return (await ReadEntriesAsync(db, caseId, fileIds, copiedFrom, cancellationToken)).Entries;
    }

    /// <summary>
    /// The listing of every file of the case whose record the responder can open, by file id; null when they hold no
    /// seal of the case key. Only the records that list files are decrypted.
    /// </summary>
    private static async Task<Dictionary<string, FileListing>?> ListingsAsync(HavenDbContext db, string caseId, UnlockedResponder responder, CancellationToken cancellationToken)
    {
        var keys = await CaseRecords.OpenCaseKeysAsync(db, caseId, responder.Id, responder.BoxKeys, cancellationToken);
        try
        {
            if (keys.Count == 0)
            {
                return null;
            }

            var rows = await db.Files.AsNoTracking().Where(f => f.CaseId == caseId).Select(f => new { f.Id, f.RecordId }).ToListAsync(cancellationToken);
            var fileIds = rows.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
            var recordIds = rows.Select(r => r.RecordId).Distinct().ToList();
            var records = await db.Records.AsNoTracking().Where(r => r.CaseId == caseId && recordIds.Contains(r.Id)).ToListAsync(cancellationToken);
            var listings = new Dictionary<string, FileListing>(StringComparer.Ordinal);
            foreach (var record in records)
            {
                var content = keys.TryGetValue(record.KeyGeneration, out var key) ? CaseRecords.Open(record, record.KeyForCase, key) : null;
                foreach (var attachment in content?.Files ?? [])
                {
                    if (fileIds.Contains(attachment.Id))
                    {
                        listings.TryAdd(attachment.Id, attachment);
                    }
                }
            }

            return listings;
        }
        finally
        {
            foreach (var key in keys.Values)
            {
                key.Dispose();
            }
        }
    }

    private static async Task<(Dictionary<string, IReadOnlyList<CustodyEntry>> Entries, Dictionary<string, string> Names, Dictionary<long, string> Legacy)> ReadEntriesAsync(
        HavenDbContext db, string caseId, IReadOnlyCollection<string> fileIds, IReadOnlyDictionary<string, string?> copiedFrom, CancellationToken cancellationToken)
    {
        var rows = await db.AuditEntries.AsNoTracking()
            .Where(e => e.CaseId == caseId && Actions.Contains(e.Action))
            .OrderBy(e => e.Seq)
            .Select(e => new Row(e.Seq, e.At, e.ActorId, e.Action, e.SubjectId, e.Hash))
            .ToListAsync(cancellationToken);

        var ids = rows.Select(r => r.ActorId)
            .Concat(rows.Where(r => CustodyActions.HolderChanges.Contains(r.Action) && r.SubjectId is not null).Select(r => r.SubjectId!))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var names = await db.Responders.AsNoTracking().Where(r => ids.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Name, StringComparer.Ordinal, cancellationToken);
        var legacy = await LegacyCopiesAsync(db, caseId, rows, fileIds, copiedFrom, cancellationToken);

        var entries = new Dictionary<string, IReadOnlyList<CustodyEntry>>(StringComparer.Ordinal);
        foreach (var fileId in fileIds.Distinct(StringComparer.Ordinal))
        {
            entries[fileId] = rows
                .Where(r => Concerns(r, fileId, copiedFrom) || legacy.GetValueOrDefault(r.Seq) == fileId)
                .Select(r => new CustodyEntry(r.Seq, r.At, r.ActorId, names.GetValueOrDefault(r.ActorId), r.Action, r.SubjectId, Hex.Encode(r.Hash)))
                .ToList();
        }

        return (entries, names, legacy);
    }

    /// <summary>Whether the entry is part of the custody log of <paramref name="fileId"/>.</summary>
    private static bool Concerns(Row row, string fileId, IReadOnlyDictionary<string, string?> copiedFrom)
    {
        if (CustodyActions.HolderChanges.Contains(row.Action))
        {
            return true;
        }

        if (row.SubjectId == fileId)
        {
            // Its receipt, downloads and exports; for a working copy its own making; and, for an evidentiary copy, the
            // legacy form of "a cleaned copy was made of it" (file.cleaned naming the original).
            return true;
        }

        // A working copy made from this file: the entry names the new copy, whose listing names this file.
        return row.Action is CustodyActions.Cleaned or CustodyActions.Redacted
            && row.SubjectId is not null && copiedFrom.GetValueOrDefault(row.SubjectId) == fileId;
    }

    /// <summary>
    /// Entries of the legacy form (<c>file.cleaned</c> naming the original, written before copies were named) paired
    /// with the copies they made: the copies of an original that no entry names are paired, in the order of their
    /// records, with that original's legacy entries in the order of the chain (one command wrote each copy's record and
    /// its entry in one save under the write lock, so the two orders agree). Entry number to copy id, for the originals
    /// and copies among <paramref name="fileIds"/>; empty, with no further query, when there is no such entry.
    /// </summary>
    private static async Task<Dictionary<long, string>> LegacyCopiesAsync(HavenDbContext db, string caseId, List<Row> rows, IReadOnlyCollection<string> fileIds, IReadOnlyDictionary<string, string?> copiedFrom, CancellationToken cancellationToken)
    {
        var pairs = new Dictionary<long, string>();
        var originals = fileIds.Select(id => copiedFrom.GetValueOrDefault(id) ?? id).ToHashSet(StringComparer.Ordinal);
        var legacy = rows
            .Where(r => r.Action == CustodyActions.Cleaned && r.SubjectId is not null && originals.Contains(r.SubjectId) && copiedFrom.GetValueOrDefault(r.SubjectId) is null)
            .ToList();
        if (legacy.Count == 0)
        {
            return pairs;
        }

        var named = rows.Where(r => r.Action is CustodyActions.Cleaned or CustodyActions.Redacted && r.SubjectId is not null).Select(r => r.SubjectId!).ToHashSet(StringComparer.Ordinal);
        var unnamed = copiedFrom.Where(c => c.Value is not null && originals.Contains(c.Value) && !named.Contains(c.Key)).Select(c => c.Key).ToList();
        var order = await db.Files.AsNoTracking()
            .Where(f => f.CaseId == caseId && unnamed.Contains(f.Id))
            .Join(db.Records.Where(r => r.CaseId == caseId), f => f.RecordId, r => r.Id, (f, r) => new { f.Id, r.Seq })
            .ToListAsync(cancellationToken);
        foreach (var original in legacy.Select(r => r.SubjectId!).Distinct(StringComparer.Ordinal))
        {
            var copies = order.Where(o => copiedFrom[o.Id] == original).OrderBy(o => o.Seq).Select(o => o.Id).ToList();
            var entries = legacy.Where(r => r.SubjectId == original).ToList();
            for (var i = 0; i < Math.Min(copies.Count, entries.Count); i++)
            {
                pairs[entries[i].Seq] = copies[i];
            }
        }

        return pairs;
    }

    private sealed record Row(long Seq, DateTimeOffset At, string ActorId, string Action, string? SubjectId, byte[] Hash);
}
