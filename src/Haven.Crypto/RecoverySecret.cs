using System.Text;

namespace Haven.Crypto;

/// <summary>
/// The recovery secret: the recovery X25519 secret key <c>rsk</c> as the operator writes it down, 64 lowercase
/// hexadecimal characters in eight groups of eight after the prefix <c>haven-recovery-v1:</c>. Parsing is
/// lenient about layout (prefix, spaces, hyphens, line breaks, case) because it is copied by hand or from paper.
/// </summary>
public static class RecoverySecret
{
    /// <summary>The optional prefix that names the format version.</summary>
    public const string Prefix = "haven-recovery-v1:";

    private const int KeyLength = X25519KeyPair.KeyLength;
    private const int GroupLength = 8;

    /// <summary>
    /// Formats a 32-byte secret key as <c>haven-recovery-v1: xxxxxxxx xxxxxxxx … xxxxxxxx</c> (8 groups). The
    /// hexadecimal digits are wiped once the string is built, but a string cannot be wiped: show it once and
    /// keep no reference to it.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="secretKey"/> is not 32 bytes.</exception>
    public static string Format(ReadOnlySpan<byte> secretKey)
    {
        if (secretKey.Length != KeyLength)
        {
            throw new ArgumentException($"A recovery secret key must be {KeyLength} bytes, not {secretKey.Length}.", nameof(secretKey));
        }

        Span<char> hex = stackalloc char[KeyLength * 2];
        try
        {
            _ = Convert.TryToHexStringLower(secretKey, hex, out _);
            var builder = new StringBuilder(Prefix.Length + (KeyLength * 2) + (KeyLength * 2 / GroupLength));
            builder.Append(Prefix);
            for (var i = 0; i < hex.Length; i += GroupLength)
            {
                builder.Append(' ').Append(hex.Slice(i, GroupLength));
            }

            return builder.ToString();
        }
        finally
        {
            SecureMemory.Wipe(hex);
        }
    }

    /// <summary>
    /// Parses a recovery secret: an optional leading <see cref="Prefix"/> (any case), then 64 hexadecimal
    /// characters (any case) with any white space and hyphens between them. Anything else is refused.
    /// </summary>
    /// <param name="text">The recovery secret as typed or read from a file.</param>
    /// <param name="secretKey">The 32-byte secret key on success (the caller must wipe it); empty otherwise.</param>
    public static bool TryParse(string? text, out byte[] secretKey)
    {
        secretKey = [];
        if (text is null)
        {
            return false;
        }

        var rest = text.AsSpan().TrimStart();
        if (rest.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            rest = rest[Prefix.Length..];
        }

        Span<char> hex = stackalloc char[KeyLength * 2];
        var count = 0;
        try
        {
            foreach (var c in rest)
            {
                if (char.IsWhiteSpace(c) || c == '-')
                {
                    continue;
                }

                if (!char.IsAsciiHexDigit(c) || count == hex.Length)
                {
                    return false;
                }

                hex[count++] = c;
            }

            if (count != hex.Length)
            {
                return false;
            }

            var key = SecureMemory.AllocatePinned(KeyLength);
            _ = Convert.FromHexString(hex, key, out _, out _);
            secretKey = key;
            return true;
        }
        finally
        {
            SecureMemory.Wipe(hex);
        }
    }
}
