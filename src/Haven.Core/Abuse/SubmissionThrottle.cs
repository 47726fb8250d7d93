using System.Threading.RateLimiting;

namespace Haven.Abuse;

/// <summary>
/// Token buckets for submissions: one for new cases, one for messages instance-wide, and one per case for
/// messages. Only counts; holds no text, no address, nothing about a person. Per-case buckets live in memory
/// and vanish when idle.
/// </summary>
internal sealed class SubmissionThrottle : IDisposable
{
    private readonly TokenBucketRateLimiter _newCases;
    private readonly TokenBucketRateLimiter _messages;
    private readonly PartitionedRateLimiter<string> _perCase;

    public SubmissionThrottle(SubmissionThrottleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _newCases = PerMinute(options.NewCasesPerMinute, options.NewCasesPerMinute);
        _messages = PerMinute(options.MessagesPerMinute, options.MessagesPerMinute);
        var burst = options.MessagesPerCaseBurst;
        var rate = options.MessagesPerCasePerMinute;
        _perCase = PartitionedRateLimiter.Create<string, string>(caseId => RateLimitPartition.GetTokenBucketLimiter(caseId, _ => Bucket(burst, rate)));
    }

    /// <summary>Takes one new case from the allowance; false when it is spent.</summary>
    public bool TryNewCase() => Take(_newCases);

    /// <summary>Takes one message for <paramref name="caseId"/> from the case's and the instance's allowances.</summary>
    public bool TryMessage(string caseId)
    {
        using var lease = _perCase.AttemptAcquire(caseId);
        return lease.IsAcquired && Take(_messages);
    }

    public void Dispose()
    {
        _newCases.Dispose();
        _messages.Dispose();
        _perCase.Dispose();
    }

    private static bool Take(RateLimiter limiter)
    {
        using var lease = limiter.AttemptAcquire(1);
        return lease.IsAcquired;
    }

    /// <summary>A bucket of <paramref name="burst"/> tokens refilled smoothly at <paramref name="perMinute"/>, in steps of at most a second.</summary>
    private static TokenBucketRateLimiter PerMinute(int burst, int perMinute) => new(Bucket(burst, perMinute));

    private static TokenBucketRateLimiterOptions Bucket(int burst, int perMinute)
    {
        // Refill every second with perMinute/60 tokens when that is at least one; otherwise one token per 60/perMinute seconds.
        var (period, tokens) = perMinute >= 60
            ? (TimeSpan.FromSeconds(1), perMinute / 60)
            : (TimeSpan.FromSeconds(60.0 / perMinute), 1);
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            ReplenishmentPeriod = period,
            TokensPerPeriod = tokens,
            QueueLimit = 0,
            AutoReplenishment = true,
        };
    }
}
