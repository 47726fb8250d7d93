using System.Text;
using Haven.Crypto;

namespace Haven.Abuse;

/// <summary>
/// The throttles' buckets in this process's memory: the single-process path (SQLite). Keys are kept as a keyed hash
/// under a key that lives in this process only. State is one instant per key; keys whose bucket is full again are
/// dropped once a minute, or sooner when their number doubles, so the memory used is bounded by the attempts of
/// about the last window.
/// </summary>
internal sealed class MemoryThrottleStore : IThrottleStore
{
    private const int PruneAbove = 1024;
    private static readonly TimeSpan PruneEvery = TimeSpan.FromMinutes(1);

    private readonly byte[] _hashKey = SodiumRandom.Bytes(32);
    private readonly Dictionary<(string Bucket, string Key), DateTimeOffset> _full = [];
    private readonly Lock _lock = new();
    private int _pruneAt = PruneAbove;
    private DateTimeOffset _prunedAt = DateTimeOffset.MinValue;

    /// <summary>Keys tracked right now, in every bucket (for tests).</summary>
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

    public Task<LimiterAnswer> ReserveAsync(string bucket, string key, ThrottleRule rule, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var id = (bucket, Hash(key));
        lock (_lock)
        {
            Prune(now);
            var full = _full.TryGetValue(id, out var f) && f > now ? f : now;

            // Taking one more permit moves "full again" one interval further; it may not go beyond the
            // bucket's size plus the longest wait.
            var wait = full - now - rule.Tolerance;
            if (wait > rule.MaxWait)
            {
                return Task.FromResult(new LimiterAnswer(false, TimeSpan.Zero, wait - rule.MaxWait));
            }

            _full[id] = full + rule.Interval;
            return Task.FromResult(new LimiterAnswer(true, wait > TimeSpan.Zero ? wait : TimeSpan.Zero, TimeSpan.Zero));
        }
    }

    public Task RefundAsync(string bucket, string key, TimeSpan interval, CancellationToken cancellationToken)
    {
        var id = (bucket, Hash(key));
        lock (_lock)
        {
            if (_full.TryGetValue(id, out var full))
            {
                _full[id] = full - interval;
            }
        }

        return Task.CompletedTask;
    }

    public Task<int> SweepAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var before = _full.Count;
            _prunedAt = DateTimeOffset.MinValue;
            Prune(now);
            return Task.FromResult(before - _full.Count);
        }
    }

    private string Hash(string key) => Hex.Encode(Blake2b.Hash(16, Encoding.UTF8.GetBytes(key), _hashKey));

    private void Prune(DateTimeOffset now)
    {
        if (_full.Count < _pruneAt && now - _prunedAt < PruneEvery)
        {
            return;
        }

        _prunedAt = now;
        foreach (var (id, full) in _full)
        {
            if (full <= now)
            {
                _full.Remove(id);
            }
        }

        _pruneAt = Math.Max(PruneAbove, _full.Count * 2);
    }
}
