using Haven.Accounts;

namespace Haven.Abuse;

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
