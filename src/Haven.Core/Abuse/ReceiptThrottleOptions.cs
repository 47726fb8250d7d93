using Haven.Accounts;

namespace Haven.Abuse;

/// <summary>
/// Limits on receipts tried (<c>Haven:Throttle:Receipts</c>). A receipt has about 66 random bits, far beyond
/// guessing at Argon2id speed, so the limit is a cap on the instance's Argon2id work, not a lock-out.
/// </summary>
internal sealed class ReceiptThrottleOptions
{
    /// <summary>Well-formed receipts checked per minute, instance-wide; unset: from <see cref="Argon2Options.MaxConcurrent"/>.</summary>
    public int? AttemptsPerMinute { get; set; }

    /// <summary>How long a receipt may wait for its fair turn before the answer is "busy, try again in N seconds".</summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromSeconds(10);

    public bool IsValid => AttemptsPerMinute is null or >= 1 && ThrottleDefaults.IsWaitValid(MaxWait);
}
