using Haven.Accounts;

namespace Haven.Abuse;

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
