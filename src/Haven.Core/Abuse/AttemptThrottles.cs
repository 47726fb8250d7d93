using System.Text;
using Haven.Accounts;
using Haven.Crypto;
using Microsoft.Extensions.Options;

namespace Haven.Abuse;

/// <summary>Why an attempt was not let through to its Argon2id step.</summary>
internal enum ThrottleRefusal
{
    /// <summary>Admitted.</summary>
    None,

    /// <summary>The responder name (or device) has spent its allowance of failures.</summary>
    NameLocked,

    /// <summary>The instance is checking as many attempts as its Argon2id budget allows.</summary>
    Busy,
}

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
            GiveBack();
            throw;
        }
    }

    /// <summary>A success: the name's (or device's) allowance gets its permit back; the work done still counts.</summary>
    public void Succeeded()
    {
        if (_allowance is var (limiter, key) && Interlocked.Exchange(ref _returned, 1) == 0)
        {
            limiter.Refund(key);
        }
    }

    /// <summary>The slow step never ran (cancelled, or the server was too busy to derive): every permit goes back.</summary>
    public void GiveBack()
    {
        if (Interlocked.Exchange(ref _returned, 1) != 0)
        {
            return;
        }

        if (_allowance is var (limiter, key))
        {
            limiter.Refund(key);
        }

        if (_capacity is var (capacityLimiter, capacityKey))
        {
            capacityLimiter.Refund(capacityKey);
        }
    }

    internal static ThrottleTicket Refused(ThrottleRefusal refusal, TimeSpan retryAfter) => new(refusal, TimeSpan.Zero, retryAfter, null, null);

    internal static ThrottleTicket Admit(TimeSpan wait, (AttemptLimiter, string)? allowance, (AttemptLimiter, string)? capacity) => new(ThrottleRefusal.None, wait, TimeSpan.Zero, allowance, capacity);
}

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

/// <summary>
/// Limits on responder logins (<c>Haven:Throttle:Logins</c>): an allowance of failures per responder name and per
/// device cookie, and an instance-wide cap on the Argon2id work of logins from browsers without a device cookie.
/// </summary>
internal sealed class LoginThrottleOptions
{
    /// <summary>Failed logins one responder name may have per <see cref="Window"/> from browsers without its device cookie (and each device cookie on its own).</summary>
    public int FailuresPerWindow { get; set; } = 10;

    /// <summary>The time in which a name's allowance comes back in full (one attempt every Window / FailuresPerWindow).</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Logins checked per minute, instance-wide, from browsers without a device cookie; unset: from <see cref="Argon2Options.DeskConcurrent"/>.</summary>
    public int? AttemptsPerMinute { get; set; }

    /// <summary>How long a login may wait for its fair turn under the instance-wide cap before the answer is "busy".</summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a device cookie, given to a browser at each successful login, is honoured.</summary>
    public TimeSpan DeviceLifetime { get; set; } = TimeSpan.FromDays(30);

    public bool IsValid => FailuresPerWindow >= 1 && Window > TimeSpan.Zero && AttemptsPerMinute is null or >= 1
        && ThrottleDefaults.IsWaitValid(MaxWait) && DeviceLifetime > TimeSpan.Zero;
}

/// <summary>Defaults shared by the receipt and login throttles.</summary>
internal static class ThrottleDefaults
{
    /// <summary>
    /// Argon2id derivations per minute one slot of <see cref="Argon2Gate"/> is given by default: a derivation
    /// (64 MiB, t=3) takes about 0.15 s of a core, so a slot could do about 400 a minute; half of that leaves
    /// the other half to new receipts, passphrase changes and everything else.
    /// </summary>
    public const int DerivationsPerMinutePerSlot = 200;

    /// <summary>The longest fair wait allowed: a request waiting longer would meet the browser's patience.</summary>
    public static readonly TimeSpan LongestWait = TimeSpan.FromMinutes(1);

    public static bool IsWaitValid(TimeSpan wait) => wait >= TimeSpan.Zero && wait <= LongestWait;
}

/// <summary>
/// The throttle for receipts: every well-formed receipt reserves a permit of the instance-wide cap before its
/// derivation. Malformed receipts never reach it. A success does not give its permit back: the cap counts work.
/// </summary>
internal sealed class ReceiptThrottle(IOptions<ReceiptThrottleOptions> options, IOptions<Argon2Options> argon2, TimeProvider clock)
{
    private readonly AttemptLimiter _capacity = new(
        options.Value.AttemptsPerMinute ?? argon2.Value.MaxConcurrent * ThrottleDefaults.DerivationsPerMinutePerSlot,
        TimeSpan.FromMinutes(1),
        options.Value.MaxWait,
        clock);

    public ThrottleTicket TryAdmit()
    {
        var answer = _capacity.TryReserve("");
        return answer.Admitted
            ? ThrottleTicket.Admit(answer.Wait, null, (_capacity, ""))
            : ThrottleTicket.Refused(ThrottleRefusal.Busy, answer.RetryAfter);
    }
}

/// <summary>
/// The throttle for logins. Each attempt first reserves a permit of its responder name's allowance of failures
/// (a keyed hash of the name, unknown names alike, so that the answers tell nothing about which names exist), or,
/// from a browser with that responder's device cookie, of the device's own allowance; then, without a device
/// cookie, a permit of the instance-wide cap on Argon2id work, which lets attempts wait a short fair turn. A
/// success gives the name's permit back. An attacker who spends a name's allowance keeps new browsers out for
/// one interval after their last attempt at most, and the responder's own browser not at all.
/// </summary>
internal sealed class LoginThrottle
{
    private readonly AttemptLimiter _allowance;
    private readonly AttemptLimiter _capacity;
    private readonly byte[] _nameKey = SodiumRandom.Bytes(32);

    public LoginThrottle(IOptions<LoginThrottleOptions> options, IOptions<Argon2Options> argon2, TimeProvider clock)
    {
        var o = options.Value;
        _allowance = new AttemptLimiter(o.FailuresPerWindow, o.Window, TimeSpan.Zero, clock);
        _capacity = new AttemptLimiter(o.AttemptsPerMinute ?? argon2.Value.DeskConcurrent * ThrottleDefaults.DerivationsPerMinutePerSlot, TimeSpan.FromMinutes(1), o.MaxWait, clock);
    }

    /// <summary>Keys tracked for names and devices right now (for tests).</summary>
    public int TrackedKeys => _allowance.TrackedKeys;

    /// <summary>Reserves the permits of a login attempt for <paramref name="name"/>; <paramref name="trustedDevice"/> is the id of a device cookie bound to that name's responder.</summary>
    public ThrottleTicket TryAdmit(string name, string? trustedDevice)
    {
        var key = trustedDevice is null ? NameKey(name) : "d:" + trustedDevice;
        var allowance = _allowance.TryReserve(key);
        if (!allowance.Admitted)
        {
            return ThrottleTicket.Refused(ThrottleRefusal.NameLocked, allowance.RetryAfter);
        }

        if (trustedDevice is not null)
        {
            // A device cookie is given only to a browser that logged in: its attempts are bounded by its own
            // allowance and do not queue behind a flood of strangers.
            return ThrottleTicket.Admit(TimeSpan.Zero, (_allowance, key), null);
        }

        var capacity = _capacity.TryReserve("");
        if (!capacity.Admitted)
        {
            _allowance.Refund(key);
            return ThrottleTicket.Refused(ThrottleRefusal.Busy, capacity.RetryAfter);
        }

        return ThrottleTicket.Admit(capacity.Wait, (_allowance, key), (_capacity, ""));
    }

    /// <summary>Reserves a permit of the name's allowance only: a responder with a session checking their current passphrase.</summary>
    public ThrottleTicket TryAdmitSignedIn(string name)
    {
        var key = NameKey(name);
        var allowance = _allowance.TryReserve(key);
        return allowance.Admitted ? ThrottleTicket.Admit(TimeSpan.Zero, (_allowance, key), null) : ThrottleTicket.Refused(ThrottleRefusal.NameLocked, allowance.RetryAfter);
    }

    /// <summary>A keyed hash of the normalized name (trimmed, NFC, lower case), with a key that lives in this process only.</summary>
    private string NameKey(string name)
    {
        var normalized = name.Trim().Normalize(NormalizationForm.FormC).ToLowerInvariant();
        return "n:" + Hex.Encode(Blake2b.Hash(16, Encoding.UTF8.GetBytes(normalized), _nameKey));
    }
}
