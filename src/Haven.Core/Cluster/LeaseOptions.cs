namespace Haven.Cluster;

/// <summary>
/// The singleton jobs' leases (<c>Haven:Cluster</c>), validated at start-up. Only PostgreSQL uses them: with several
/// web nodes, a node that dies holding a job's lease is replaced by another after at most this time.
/// </summary>
internal sealed class LeaseOptions
{
    /// <summary>How long a lease lasts unless renewed; a job renews it at least three times in that time.</summary>
    public int LeaseSeconds { get; set; } = 90;

    public bool IsValid => LeaseSeconds is >= 3 and <= 3600;

    public TimeSpan Lease => TimeSpan.FromSeconds(LeaseSeconds);

    /// <summary>A job's lease: at least three of its polls, and at least <see cref="LeaseSeconds"/>.</summary>
    public TimeSpan LeaseFor(TimeSpan poll) => poll * 3 > Lease ? poll * 3 : Lease;
}
