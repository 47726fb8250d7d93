using System.Threading.RateLimiting;

namespace Haven.Abuse;

/// <summary>Options for one failure throttle: how many failures are allowed per window, instance-wide.</summary>
internal sealed class ThrottleOptions
{
    public int FailuresPerWindow { get; set; } = 30;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Counts failures (wrong receipts, wrong logins) across the whole instance, because Tor hides who is
/// trying: once a window's allowance is spent, every further attempt is refused until the window ends.
/// </summary>
internal sealed class FailureThrottle : IDisposable
{
    private readonly FixedWindowRateLimiter _limiter;

    public FailureThrottle(ThrottleOptions options)
    {
        _limiter = new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, options.FailuresPerWindow),
            Window = options.Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    /// <summary>True while the allowance of failures is spent.</summary>
    public bool IsLocked => _limiter.GetStatistics()?.CurrentAvailablePermits <= 0;

    /// <summary>Records one failure.</summary>
    public void RecordFailure()
    {
        using var lease = _limiter.AttemptAcquire(1);
    }

    public void Dispose() => _limiter.Dispose();
}

/// <summary>The throttle for wrong receipts.</summary>
internal sealed class ReceiptThrottle(ThrottleOptions options) : IDisposable
{
    public FailureThrottle Inner { get; } = new(options);

    public void Dispose() => Inner.Dispose();
}

/// <summary>The throttle for failed responder logins.</summary>
internal sealed class LoginThrottle(ThrottleOptions options) : IDisposable
{
    public FailureThrottle Inner { get; } = new(options);

    public void Dispose() => Inner.Dispose();
}
