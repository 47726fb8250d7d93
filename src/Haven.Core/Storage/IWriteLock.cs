namespace Haven.Storage;

/// <summary>
/// Serialises the audited writes of the instance, so that the audit chain never forks and record numbers are
/// read and taken by one writer at a time. Only <see cref="Audit.AuditedWriter"/> takes it. Today it is
/// <see cref="ProcessWriteLock"/> (one web node); several nodes on one PostgreSQL need a lock held in the
/// database instead, behind this same interface.
/// </summary>
internal interface IWriteLock
{
    /// <summary>
    /// Runs <paramref name="work"/> holding the lock. A flow that already holds it (a write inside
    /// <see cref="Audit.AuditedWriter.WriteAsync{T}"/>) runs the work without waiting again.
    /// </summary>
    Task<T> RunAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken);
}
