namespace Haven.Abuse;

/// <summary>
/// A token bucket per key (the generic cell rate algorithm) in one named bucket of an <see cref="IThrottleStore"/>:
/// <c>burst</c> attempts at once, then one more every interval. An attempt reserves its permit atomically,
/// <em>before</em> the slow step it guards, so attempts sent at once (on one node or several) can never pass more
/// than the limit; a success may give its permit back (<see cref="RefundAsync"/>). With a <c>maxWait</c>, an attempt
/// that finds the bucket empty takes the next free turn in arrival order and waits for it, if that turn is at most
/// <c>maxWait</c> away; later turns are refused with the time until one is within reach. Time is the injected clock's.
/// </summary>
internal sealed class AttemptLimiter
{
    private readonly IThrottleStore _store;
    private readonly string _bucket;
    private readonly ThrottleRule _rule;
    private readonly TimeProvider _clock;

    /// <param name="store">Where the buckets live.</param>
    /// <param name="bucket">The bucket's name in the store (at most 32 characters).</param>
    /// <param name="limit">Attempts allowed at once, and per <paramref name="window"/>; at least 1.</param>
    /// <param name="window">The time in which the whole allowance comes back.</param>
    /// <param name="maxWait">How long an attempt may wait for its turn instead of being refused.</param>
    /// <param name="clock">The clock.</param>
    public AttemptLimiter(IThrottleStore store, string bucket, int limit, TimeSpan window, TimeSpan maxWait, TimeProvider clock)
        : this(store, bucket, Rule(limit, CheckedInterval(limit, window), maxWait), clock)
    {
    }

    private AttemptLimiter(IThrottleStore store, string bucket, ThrottleRule rule, TimeProvider clock)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bucket.Length, 32);
        _store = store;
        _bucket = bucket;
        _rule = rule;
        _clock = clock;
    }

    /// <summary>A bucket of <paramref name="burst"/> permits that come back at <paramref name="perMinute"/>, never waiting.</summary>
    public static AttemptLimiter PerMinute(IThrottleStore store, string bucket, int burst, int perMinute, TimeProvider clock)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perMinute, 1);
        return new AttemptLimiter(store, bucket, Rule(burst, TimeSpan.FromMinutes(1) / perMinute, TimeSpan.Zero), clock);
    }

    /// <summary>Reserves a permit for <paramref name="key"/>, or says when to come back.</summary>
    public Task<LimiterAnswer> TryReserveAsync(string key, CancellationToken cancellationToken = default) =>
        _store.ReserveAsync(_bucket, key, _rule, _clock.GetUtcNow(), cancellationToken);

    /// <summary>Gives back a permit reserved for <paramref name="key"/> (a success, or an attempt that never ran).</summary>
    public Task RefundAsync(string key) => _store.RefundAsync(_bucket, key, _rule.Interval, CancellationToken.None);

    private static ThrottleRule Rule(int burst, TimeSpan interval, TimeSpan maxWait)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(burst, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWait, TimeSpan.Zero);
        return new ThrottleRule(interval, interval * (burst - 1), maxWait);
    }

    private static TimeSpan CheckedInterval(int limit, TimeSpan window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        return window / limit;
    }
}
