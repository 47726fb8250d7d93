namespace Haven.Cluster;

/// <summary>
/// Leases of the singleton jobs (retention, outbox, alerts): one web node at a time runs each, and another node takes
/// a lease over once its holder stopped renewing it (a node killed, say) and it expired. On PostgreSQL the leases
/// are rows of <c>node_leases</c> (<see cref="PostgresNodeLeases"/>); on SQLite the one process always holds them
/// (<see cref="MemoryNodeLeases"/>).
/// </summary>
internal interface INodeLeases
{
    /// <summary>
    /// Takes the lease <paramref name="name"/> for <paramref name="ttl"/> when it is free, expired or already this node's
    /// (then it is renewed), in one conditional statement; null when another node holds it.
    /// </summary>
    Task<LeaseGrant?> TryAcquireAsync(string name, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>Extends this node's lease by <paramref name="ttl"/> from now; false when it is no longer this node's.</summary>
    Task<bool> RenewAsync(string name, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>Records a finished run of the job: its time (<c>last_run_at</c>) and one more in <c>runs</c>; nothing when the lease is no longer this node's.</summary>
    Task FinishRunAsync(string name, CancellationToken cancellationToken);

    /// <summary>Lets the lease go (a node stopping in order), keeping its last run, so another node need not wait for it to expire.</summary>
    Task ReleaseAsync(string name, CancellationToken cancellationToken);
}
