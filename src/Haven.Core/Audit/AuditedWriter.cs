using Haven.Instance;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Audit;

/// <summary>
/// The one write path of audited commands: a write and its audit entries are one commit, saved holding the
/// write lock (<see cref="IWriteLock"/>), after the areas' save steps (<see cref="ISaveStep"/>: record
/// numbers). Two ways in, and neither lets a caller take the lock after a transaction:
/// <list type="bullet">
/// <item><see cref="SaveAsync(HavenDbContext, AuditActor, IEnumerable{AuditEvent}, CancellationToken)"/> saves
/// changes prepared in a context of the caller's, without a transaction of its own (refused otherwise).</item>
/// <item><see cref="WriteAsync{T}"/> is for a command that reads what it then writes, or needs a transaction:
/// it takes the lock first, then makes the context (and begins the transaction), runs the work, which saves
/// through its <see cref="WriteScope"/>, and commits.</item>
/// </list>
/// </summary>
internal sealed class AuditedWriter(IDbContextFactory<HavenDbContext> dbFactory, IWriteLock writeLock, IEnumerable<ISaveStep> saveSteps, InstanceState instance, TimeProvider clock)
{
    private readonly ISaveStep[] _saveSteps = [.. saveSteps];

    /// <summary>The instance's own actor: for what a person does (time kept to the day) and for jobs.</summary>
    public AuditActor System(bool dayOnly) => new(AuditActors.System, instance.Required.AuditKeys(), dayOnly);

    /// <summary>
    /// Saves the pending changes of <paramref name="db"/> together with the audit entries for them, holding the
    /// write lock. The context must have no transaction: one begun before the lock could hold the database's
    /// write lock while waiting here for a writer that waits for the database; use <see cref="WriteAsync{T}"/>.
    /// </summary>
    public Task SaveAsync(HavenDbContext db, AuditActor actor, IEnumerable<AuditEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.Database.CurrentTransaction is not null)
        {
            throw new InvalidOperationException("An audited write with a transaction goes through AuditedWriter.WriteAsync, which takes the write lock before it begins.");
        }

        return writeLock.RunAsync(() => SaveHoldingLockAsync(db, actor, events, cancellationToken), cancellationToken);
    }

    /// <inheritdoc cref="SaveAsync(HavenDbContext, AuditActor, IEnumerable{AuditEvent}, CancellationToken)"/>
    public Task SaveAsync(HavenDbContext db, AuditActor actor, AuditEvent e, CancellationToken cancellationToken) =>
        SaveAsync(db, actor, [e], cancellationToken);

    /// <summary>
    /// Takes the write lock, makes a context, begins a transaction when <paramref name="transaction"/> is set,
    /// and runs <paramref name="work"/>, which reads, adds its changes and saves them with
    /// <see cref="WriteScope.SaveAsync(AuditActor, IEnumerable{AuditEvent}, CancellationToken)"/>. The
    /// transaction is committed when the work returns after a save, and rolled back otherwise.
    /// </summary>
    public Task<T> WriteAsync<T>(Func<WriteScope, Task<T>> work, CancellationToken cancellationToken, bool transaction = false)
    {
        ArgumentNullException.ThrowIfNull(work);
        return writeLock.RunAsync(
            async () =>
            {
                await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
                await using var tx = transaction ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
                var scope = new WriteScope(db, this);
                var result = await work(scope);
                if (tx is not null && scope.Saved)
                {
                    await tx.CommitAsync(cancellationToken);
                }

                return result;
            },
            cancellationToken);
    }

    /// <summary>Called by <see cref="WriteScope"/> and by <see cref="SaveAsync(HavenDbContext, AuditActor, IEnumerable{AuditEvent}, CancellationToken)"/>, holding the lock.</summary>
    internal async Task<bool> SaveHoldingLockAsync(HavenDbContext db, AuditActor actor, IEnumerable<AuditEvent> events, CancellationToken cancellationToken)
    {
        var added = await AuditLog.AddEntriesAsync(db, actor, events, clock.GetUtcNow(), cancellationToken);
        try
        {
            foreach (var step in _saveSteps)
            {
                await step.BeforeSaveAsync(db, cancellationToken);
            }

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
}
