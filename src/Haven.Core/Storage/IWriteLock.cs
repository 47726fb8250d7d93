namespace Haven.Storage;

/// <summary>
/// Serialises the audited writes of the instance, so that the audit chain never forks and record numbers are
/// read and taken by one writer at a time. <see cref="Audit.AuditedWriter"/> takes it, and the set-up's completion
/// (which adds the first administrator). <see cref="ProcessWriteLock"/> on SQLite (one web node);
/// <see cref="PostgresWriteLock"/> on PostgreSQL, held in the database for every node (lock order:
/// <see cref="Cluster.ClusterLocks"/>).
/// </summary>
internal interface IWriteLock
{
    /// <summary>
    /// Runs <paramref name="work"/> holding the lock. A flow that already holds it (a write inside
    /// <see cref="Audit.AuditedWriter.WriteAsync{T}"/>) runs the work without waiting again.
    /// </summary>
    Task<T> RunAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken);
}
