namespace Haven.Abuse;

/// <summary>
/// Where the throttles' buckets live: in this process (<see cref="MemoryThrottleStore"/>, one node on SQLite) or in
/// the database (<see cref="PostgresThrottleStore"/>, every web node on one PostgreSQL, so that a flood gets one
/// allowance for the instance and not one per node). A bucket is one instant per key, when it is full again (the
/// generic cell rate algorithm); a key is kept only as a keyed hash, never as given.
/// </summary>
internal interface IThrottleStore
{
    /// <summary>Reserves one permit of <paramref name="key"/>'s bucket in <paramref name="bucket"/> at <paramref name="now"/>, atomically, or says when to come back.</summary>
    Task<LimiterAnswer> ReserveAsync(string bucket, string key, ThrottleRule rule, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Gives one permit back (one interval).</summary>
    Task RefundAsync(string bucket, string key, TimeSpan interval, CancellationToken cancellationToken);

    /// <summary>Forgets buckets that are full again at <paramref name="now"/>; returns how many.</summary>
    Task<int> SweepAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
