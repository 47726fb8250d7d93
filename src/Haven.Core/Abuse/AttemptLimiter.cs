namespace Haven.Abuse;

/// <summary>
/// A token bucket per key (the generic cell rate algorithm): <c>limit</c> attempts at once, then one more every
/// <c>window / limit</c>. An attempt reserves its permit atomically, <em>before</em> the slow step it guards, so
/// attempts sent at once can never pass more than the limit; a success may give its permit back
/// (<see cref="Refund"/>). With a <c>maxWait</c>, an attempt that finds the bucket empty takes the next free
/// turn in arrival order and waits for it, if that turn is at most <c>maxWait</c> away; later turns are refused
/// with the time until one is within reach. Time is the injected clock's.
/// </summary>
/// <remarks>
/// State is one instant per key (when the bucket will be full again), held in memory only. Keys whose bucket
/// is full again are dropped once a window, or sooner when their number doubles, so the memory used is bounded
/// by the attempts of about the last window.
/// </remarks>
internal sealed class AttemptLimiter
{
    private const int PruneAbove = 1024;

    private readonly TimeProvider _clock;
    private readonly TimeSpan _interval;
    private readonly TimeSpan _tolerance;
    private readonly TimeSpan _maxWait;
    private readonly Dictionary<string, DateTimeOffset> _full = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly TimeSpan _window;
    private int _pruneAt = PruneAbove;
    private DateTimeOffset _prunedAt = DateTimeOffset.MinValue;

    /// <param name="limit">Attempts allowed at once, and per <paramref name="window"/>; at least 1.</param>
    /// <param name="window">The time in which the whole allowance comes back.</param>
    /// <param name="maxWait">How long an attempt may wait for its turn instead of being refused.</param>
    /// <param name="clock">The clock.</param>
    public AttemptLimiter(int limit, TimeSpan window, TimeSpan maxWait, TimeProvider clock)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWait, TimeSpan.Zero);
        _clock = clock;
        _interval = window / limit;
        _tolerance = window - _interval;
        _maxWait = maxWait;
        _window = window;
    }

    /// <summary>Reserves a permit for <paramref name="key"/>, or says when to come back.</summary>
    public LimiterAnswer TryReserve(string key)
    {
        var now = _clock.GetUtcNow();
        lock (_lock)
        {
            Prune(now);
            var full = _full.TryGetValue(key, out var f) && f > now ? f : now;

            // Taking one more permit moves "full again" one interval further; it may not go beyond the
            // bucket's size plus the longest wait.
            var wait = full - now - _tolerance;
            if (wait > _maxWait)
            {
                return new LimiterAnswer(false, TimeSpan.Zero, wait - _maxWait);
            }

            _full[key] = full + _interval;
            return new LimiterAnswer(true, wait > TimeSpan.Zero ? wait : TimeSpan.Zero, TimeSpan.Zero);
        }
    }

    /// <summary>Gives back a permit reserved for <paramref name="key"/> (a success, or an attempt that never ran).</summary>
    public void Refund(string key)
    {
        lock (_lock)
        {
            if (_full.TryGetValue(key, out var full))
            {
                _full[key] = full - _interval;
            }
        }
    }

    /// <summary>Keys tracked right now (for tests).</summary>
    public int TrackedKeys
    {
        get
        {
            lock (_lock)
            {
                return _full.Count;
            }
        }
    }

    private void Prune(DateTimeOffset now)
    {
        if (_full.Count < _pruneAt && now - _prunedAt < _window)
        {
            return;
        }

        _prunedAt = now;

        foreach (var (key, full) in _full)
        {
            if (full <= now)
            {
                _full.Remove(key);
            }
        }

        _pruneAt = Math.Max(PruneAbove, _full.Count * 2);
    }
}
