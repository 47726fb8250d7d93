namespace Haven.Cluster;

/// <summary>A lease held by this node: when the job last finished a run (on any node), and the lease's clock now.</summary>
/// <param name="LastRunAt">The last finished run, null before the first.</param>
/// <param name="Now">The time the lease was taken, by the same clock as <paramref name="LastRunAt"/> (the database's on PostgreSQL).</param>
internal sealed record LeaseGrant(DateTimeOffset? LastRunAt, DateTimeOffset Now)
{
    /// <summary>Whether at least <paramref name="interval"/> has passed since the last run (or there was none).</summary>
    public bool IsDue(TimeSpan interval) => LastRunAt is not { } last || Now - last >= interval || Now < last;
}
