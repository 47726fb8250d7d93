namespace Haven.Abuse;

/// <summary>
/// One attempt's place in the throttles: the permits it holds, taken before its Argon2id step. A refused
/// attempt holds none and says when to come back.
/// </summary>
internal sealed class ThrottleTicket
{
    private readonly (AttemptLimiter Limiter, string Key)? _allowance;
    private readonly (AttemptLimiter Limiter, string Key)? _capacity;
    private int _returned;

    private ThrottleTicket(ThrottleRefusal refusal, TimeSpan wait, TimeSpan retryAfter, (AttemptLimiter, string)? allowance, (AttemptLimiter, string)? capacity)
    {
        Refusal = refusal;
        Wait = wait;
        RetryAfter = retryAfter;
        _allowance = allowance;
        _capacity = capacity;
    }

    public ThrottleRefusal Refusal { get; }

    public bool Admitted => Refusal == ThrottleRefusal.None;

    /// <summary>How long an admitted attempt waits for its fair turn before its derivation.</summary>
    public TimeSpan Wait { get; }

    /// <summary>For a refused attempt: when to try again.</summary>
    public TimeSpan RetryAfter { get; }

    /// <summary>Waits for the attempt's turn; if the request is cancelled meanwhile, its permits go back.</summary>
    public async Task WaitForTurnAsync(TimeProvider clock, CancellationToken cancellationToken)
    {
        if (Wait <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            await Task.Delay(Wait, clock, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await GiveBackAsync();
            throw;
        }
    }

    /// <summary>A success: the name's (or device's) allowance gets its permit back; the work done still counts.</summary>
    public async Task SucceededAsync()
    {
        if (_allowance is var (limiter, key) && Interlocked.Exchange(ref _returned, 1) == 0)
        {
            await limiter.RefundAsync(key);
        }
    }

    /// <summary>The slow step never ran (cancelled, or the server was too busy to derive): every permit goes back.</summary>
    public async Task GiveBackAsync()
    {
        if (Interlocked.Exchange(ref _returned, 1) != 0)
        {
            return;
        }

        if (_allowance is var (limiter, key))
        {
            await limiter.RefundAsync(key);
        }

        if (_capacity is var (capacityLimiter, capacityKey))
        {
            await capacityLimiter.RefundAsync(capacityKey);
        }
    }

    internal static ThrottleTicket Refused(ThrottleRefusal refusal, TimeSpan retryAfter) => new(refusal, TimeSpan.Zero, retryAfter, null, null);

    internal static ThrottleTicket Admit(TimeSpan wait, (AttemptLimiter, string)? allowance, (AttemptLimiter, string)? capacity) => new(ThrottleRefusal.None, wait, TimeSpan.Zero, allowance, capacity);
}
