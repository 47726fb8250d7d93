using System.Globalization;
using System.Text;
using Haven.Crypto;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Audit;

/// <summary>
/// The hash-chained, signed audit log: how an entry is hashed and how entries are appended to a context.
/// Appends are saved only by <see cref="AuditedWriter"/>, which serialises them so that the chain never forks.
/// </summary>
internal static class AuditLog
{
    public static readonly byte[] Genesis = new byte[32];

    /// <summary>
    /// Adds the entries for <paramref name="events"/> to <paramref name="db"/>, chained after the last entry the
    /// database holds now; returns them so that a failed save can take them back. The caller holds the write lock.
    /// </summary>
    public static async Task<List<AuditEntry>> AddEntriesAsync(HavenDbContext db, AuditActor actor, IEnumerable<AuditEvent> events, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var head = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Seq).Select(e => new { e.Seq, e.Hash }).FirstOrDefaultAsync(cancellationToken);
        var seq = head?.Seq ?? 0;
        var prev = head?.Hash ?? Genesis;
        var at = actor.DayOnly
            ? new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero)
            : new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero);
        var added = new List<AuditEntry>();
        foreach (var e in events)
        {
            seq++;
            var hash = Hash(prev, seq, at, actor.Id, e.Action, e.CaseId, e.SubjectId);
            var entry = new AuditEntry
            {
                Seq = seq,
                At = at,
                ActorId = actor.Id,
                Action = e.Action,
                CaseId = e.CaseId,
                SubjectId = e.SubjectId,
                PrevHash = prev,
                Hash = hash,
                Signature = actor.SigningKeys.Sign(hash),
            };
            db.AuditEntries.Add(entry);
            added.Add(entry);
            prev = hash;
        }

        return added;
    }

    /// <summary>The hash of an entry (protocol.md, "Audit log").</summary>
    public static byte[] Hash(byte[] prev, long seq, DateTimeOffset at, string actor, string action, string? caseId, string? subjectId)
    {
        var canonical = string.Join('\n', "haven/v1/audit", seq.ToString(CultureInfo.InvariantCulture), at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm'Z'", CultureInfo.InvariantCulture), actor, action, caseId ?? "", subjectId ?? "");
        var bytes = Encoding.UTF8.GetBytes(canonical);
        var message = new byte[prev.Length + bytes.Length];
        prev.CopyTo(message, 0);
        bytes.CopyTo(message, prev.Length);
        return Blake2b.Hash(32, message, []);
    }
}
