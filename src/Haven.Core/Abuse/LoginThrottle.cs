using System.Text;
using Haven.Accounts;
using Haven.Crypto;
using Microsoft.Extensions.Options;

namespace Haven.Abuse;

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
