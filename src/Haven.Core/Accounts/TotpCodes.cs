using System.Security.Cryptography;
using Haven.Crypto;
using OtpNet;

namespace Haven.Accounts;

/// <summary>TOTP (RFC 6238, 30 s, 6 digits) through Otp.NET.</summary>
internal static class TotpCodes
{
    /// <summary>A new 160-bit secret, base32, drawn from <see cref="SodiumRandom"/> like every other secret.</summary>
    public static string NewSecret()
    {
        var bytes = SodiumRandom.Bytes(20);
        try
        {
            return Base32Encoding.ToString(bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    public static string ProvisioningUri(string secret, string accountName) =>
        $"otpauth://totp/Haven:{Uri.EscapeDataString(accountName)}?secret={secret}&issuer=Haven&digits=6&period=30";

    /// <summary>
    /// True when <paramref name="code"/> can be a code at all: six digits, whatever is between them (as
    /// <see cref="Verify"/> reads it). Anything else is refused before any passphrase is derived.
    /// </summary>
    public static bool IsWellFormed(string? code) => code is not null && code.Length <= 32 && code.Count(char.IsAsciiDigit) == 6;

    /// <summary>Checks a code against the secret, allowing one step of clock drift either way.</summary>
    /// <returns>The time step the code belongs to, or null when it is wrong.</returns>
    public static long? Verify(string secret, string? code, DateTimeOffset now)
    {
        var trimmed = new string((code ?? "").Where(char.IsAsciiDigit).ToArray());
        if (trimmed.Length != 6)
        {
            return null;
        }

        var totp = new Totp(Base32Encoding.ToBytes(secret));
        return totp.VerifyTotp(now.UtcDateTime, trimmed, out var step, new VerificationWindow(previous: 1, future: 1)) ? step : null;
    }

    /// <summary>The current code; for tests and the CLI's self-check.</summary>
    public static string Compute(string secret, DateTimeOffset now) => new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(now.UtcDateTime);
}
