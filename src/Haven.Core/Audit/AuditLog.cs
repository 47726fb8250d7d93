using System.Globalization;
using System.Text;
using Haven.Crypto;
using Haven.Instance;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Audit;

/// <summary>
/// Appends to the hash-chained, signed audit log in the same transaction as the change it records. Appends
/// are serialised so that the chain never forks.
/// </summary>
internal sealed class AuditLog(InstanceState instance, TimeProvider clock) : IDisposable
{
    public static readonly byte[] Genesis = new byte[32];

    private readonly SemaphoreSlim _lock = new(1, 1);

    /// <summary>Whether the current asynchronous flow already holds <see cref="_lock"/> (inside <see cref="ExclusiveAsync{T}"/>).</summary>
    private readonly AsyncLocal<bool> _held = new();

    /// <summary>The instance's own actor: for what a person does (time kept to the day) and for jobs.</summary>
    public AuditActor System(bool dayOnly) => new(AuditActors.System, instance.Required.AuditKeys(), dayOnly);

    /// <summary>Saves the pending changes of <paramref name="db"/> together with the audit entries for them.</summary>
    public Task SaveWithAsync(HavenDbContext db, AuditActor actor, IEnumerable<AuditEvent> events, CancellationToken cancellationToken) =>
        ExclusiveAsync(() => SaveHoldingLockAsync(db, actor, events, cancellationToken), cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> holding the audit lock. A command that opens its own database transaction
    /// must take the lock first, through this, and only then begin: otherwise it could hold the database's write
    /// lock while waiting here for a writer that is itself waiting for the database (a deadlock until the busy
    /// timeout). <see cref="SaveWithAsync(HavenDbContext, AuditActor, IEnumerable{AuditEvent}, CancellationToken)"/> inside it does not lock again.
    /// </summary>
    public async Task<T> ExclusiveAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (_held.Value)
        {
            return await work();
        }

        await _lock.WaitAsync(cancellationToken);
        try
        {
            _held.Value = true;
            return await work();
        }
        finally
        {
            _held.Value = false;
            _lock.Release();
        }
    }

    private async Task<bool> SaveHoldingLockAsync(HavenDbContext db, AuditActor actor, IEnumerable<AuditEvent> events, CancellationToken cancellationToken)
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
            await Cases.CaseRecords.RenumberPendingAsync(db, cancellationToken);
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

        return true;
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
