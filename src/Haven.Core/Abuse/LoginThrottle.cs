using System.Text;
using Haven.Accounts;
using Microsoft.Extensions.Options;

namespace Haven.Abuse;

/// <summary>
/// The throttle for logins. Each attempt first reserves a permit of its responder name's allowance of failures
/// (the normalized name, unknown names alike, so that the answers tell nothing about which names exist; the store
/// keeps only a keyed hash of it), or,
/// from a browser with that responder's device cookie, of the device's own allowance; then, without a device
/// cookie, a permit of the instance-wide cap on Argon2id work, which lets attempts wait a short fair turn. A
/// success gives the name's permit back. An attacker who spends a name's allowance keeps new browsers out for
/// one interval after their last attempt at most, and the responder's own browser not at all. On PostgreSQL both
/// allowances are held in the database (<see cref="IThrottleStore"/>), so they are the instance's, not each node's.
/// </summary>
internal sealed class LoginThrottle
{
    private readonly AttemptLimiter _allowance;
    private readonly AttemptLimiter _capacity;

    public LoginThrottle(IOptions<LoginThrottleOptions> options, IOptions<Argon2Options> argon2, IThrottleStore store, TimeProvider clock)
    {
        var o = options.Value;
        _allowance = new AttemptLimiter(store, "login-name", o.FailuresPerWindow, o.Window, TimeSpan.Zero, clock);
        _capacity = new AttemptLimiter(store, "login-work", o.AttemptsPerMinute ?? argon2.Value.DeskConcurrent * ThrottleDefaults.DerivationsPerMinutePerSlot, TimeSpan.FromMinutes(1), o.MaxWait, clock);
    }

    /// <summary>Reserves the permits of a login attempt for <paramref name="name"/>; <paramref name="trustedDevice"/> is the id of a device cookie bound to that name's responder.</summary>
    public async Task<ThrottleTicket> TryAdmitAsync(string name, string? trustedDevice, CancellationToken cancellationToken = default)
    {
        var key = trustedDevice is null ? NameKey(name) : "d:" + trustedDevice;
        var allowance = await _allowance.TryReserveAsync(key, cancellationToken);
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

        var capacity = await _capacity.TryReserveAsync("", cancellationToken);
        if (!capacity.Admitted)
        {
            await _allowance.RefundAsync(key);
            return ThrottleTicket.Refused(ThrottleRefusal.Busy, capacity.RetryAfter);
        }

        return ThrottleTicket.Admit(capacity.Wait, (_allowance, key), (_capacity, ""));
    }

    /// <summary>Reserves a permit of the name's allowance only: a responder with a session checking their current passphrase.</summary>
    public async Task<ThrottleTicket> TryAdmitSignedInAsync(string name, CancellationToken cancellationToken = default)
    {
        var key = NameKey(name);
        var allowance = await _allowance.TryReserveAsync(key, cancellationToken);
        return allowance.Admitted ? ThrottleTicket.Admit(TimeSpan.Zero, (_allowance, key), null) : ThrottleTicket.Refused(ThrottleRefusal.NameLocked, allowance.RetryAfter);
    }

    /// <summary>The normalized name (trimmed, NFC, lower case); the store keeps only a keyed hash of it.</summary>
    private static string NameKey(string name) => "n:" + name.Trim().Normalize(NormalizationForm.FormC).ToLowerInvariant();
}
