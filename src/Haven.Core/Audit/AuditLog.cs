using System.Globalization;
using System.Text;
using Haven.Accounts;
using Haven.Crypto;
using Haven.Instance;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Audit;

/// <summary>Who acts, with the key that signs, and how precisely the time is kept.</summary>
internal sealed record AuditActor(string Id, Ed25519KeyPair SigningKeys, bool DayOnly)
{
    public static AuditActor For(UnlockedResponder responder) => new(responder.Id, responder.SigningKeys, DayOnly: false);
}

/// <summary>An entry to append: what happened, to which case, and who else it concerns.</summary>
internal sealed record AuditEvent(string Action, string? CaseId = null, string? SubjectId = null);

/// <summary>
/// Appends to the hash-chained, signed audit log in the same transaction as the change it records. Appends
/// are serialised so that the chain never forks.
/// </summary>
internal sealed class AuditLog(InstanceState instance, TimeProvider clock) : IDisposable
{
    public static readonly byte[] Genesis = new byte[32];

    private readonly SemaphoreSlim _lock = new(1, 1);

    /// <summary>The instance's own actor: for what a person does (time kept to the day) and for jobs.</summary>
    public AuditActor System(bool dayOnly) => new(AuditActors.System, instance.Required.AuditKeys(), dayOnly);

    /// <summary>Saves the pending changes of <paramref name="db"/> together with the audit entries for them.</summary>
    public async Task SaveWithAsync(HavenDbContext db, AuditActor actor, IEnumerable<AuditEvent> events, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            var head = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Seq).Select(e => new { e.Seq, e.Hash }).FirstOrDefaultAsync(cancellationToken);
            var seq = head?.Seq ?? 0;
            var prev = head?.Hash ?? Genesis;
            var now = clock.GetUtcNow();
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

            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch
            {
                foreach (var entry in added)
                {
                    db.Entry(entry).State = EntityState.Detached;
                }

                throw;
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    public Task SaveWithAsync(HavenDbContext db, AuditActor actor, AuditEvent e, CancellationToken cancellationToken) =>
        SaveWithAsync(db, actor, [e], cancellationToken);

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

    public void Dispose() => _lock.Dispose();
}

/// <summary>One problem found in the audit log.</summary>
internal sealed record AuditProblem(long Seq, string Problem);

/// <summary>
/// Checks the whole chain: numbering without gaps, each entry's link to the one before, its hash, and its
/// signature by the actor's key. Any entry edited, removed or reordered breaks at least one of these.
/// </summary>
internal static class AuditVerifier
{
    public static async Task<(long Entries, List<AuditProblem> Problems)> VerifyAsync(DataDirectory data, CancellationToken cancellationToken)
    {
        var instance = InstanceKeys.Load(data);
        using var systemKeys = instance.AuditKeys();
        await using var db = StorageServiceCollectionExtensions.CreateContext(data);
        var keys = await db.Responders.AsNoTracking().ToDictionaryAsync(r => r.Id, r => r.Ed25519PublicKey, cancellationToken);
        keys[AuditActors.System] = systemKeys.PublicKey;
        var problems = new List<AuditProblem>();
        long expected = 1, count = 0;
        var prev = AuditLog.Genesis;
        await foreach (var entry in db.AuditEntries.AsNoTracking().OrderBy(e => e.Seq).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            count++;
            if (entry.Seq != expected)
            {
                problems.Add(new AuditProblem(entry.Seq, $"expected entry {expected}: entries are missing or out of order"));
            }

            if (!entry.PrevHash.AsSpan().SequenceEqual(prev))
            {
                problems.Add(new AuditProblem(entry.Seq, "does not link to the entry before it"));
            }

            var hash = AuditLog.Hash(entry.PrevHash, entry.Seq, entry.At, entry.ActorId, entry.Action, entry.CaseId, entry.SubjectId);
            if (!hash.AsSpan().SequenceEqual(entry.Hash))
            {
                problems.Add(new AuditProblem(entry.Seq, "its content does not match its hash (edited)"));
            }

            if (!keys.TryGetValue(entry.ActorId, out var key) || !Ed25519KeyPair.Verify(entry.Signature, entry.Hash, key))
            {
                problems.Add(new AuditProblem(entry.Seq, "the signature is not the actor's"));
            }

            prev = entry.Hash;
            expected = entry.Seq + 1;
        }

        return (count, problems);
    }
}
