namespace Haven.Cluster;

/// <summary>
/// A singleton job's lease (table <c>node_leases</c>): which node runs the job now and until when, and when it
/// last ran. A node takes the lease when it is free or expired, renews it while it runs the job, and another
/// node takes it over once a dead holder's lease expires; <see cref="LastRunAt"/> keeps the job's interval
/// across a takeover, so that a job runs once per interval for the instance as a whole.
/// </summary>
internal sealed class NodeLease
{
    /// <summary>The job: <c>retention</c>, <c>outbox</c>, <c>alerts</c>, …</summary>
    public string Name { get; set; } = "";

    /// <summary>The holder's <see cref="NodeIdentity.Id"/> (random per process, names no machine).</summary>
    public string Holder { get; set; } = "";

    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>When the job last finished a run, whoever ran it; null before the first.</summary>
    public DateTimeOffset? LastRunAt { get; set; }

    /// <summary>How many runs have finished since the lease row was made, on any node (what an operator and the two-node test read).</summary>
    public long Runs { get; set; }
}
