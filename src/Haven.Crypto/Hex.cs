namespace Haven.Crypto;

/// <summary>
/// Hexadecimal encoding, lowercase on output as the protocol writes ids, lookup ids and the recovery secret.
/// </summary>
public static class Hex
{
    /// <summary>Encodes bytes as lowercase hexadecimal.</summary>
    public static string Encode(ReadOnlySpan<byte> b) => Convert.ToHexStringLower(b);

    /// <summary>Decodes hexadecimal (either case) into bytes.</summary>
    /// <exception cref="ArgumentException"><paramref name="s"/> is null, of odd length or not hexadecimal.</exception>
    public static byte[] Decode(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        if (s.Length % 2 != 0)
        {
            throw new ArgumentException($"A hexadecimal string must have an even length, not {s.Length}.", nameof(s));
        }

        var bytes = new byte[s.Length / 2];
        if (Convert.FromHexString(s, bytes, out _, out _) != System.Buffers.OperationStatus.Done)
        {
            throw new ArgumentException("The string contains characters that are not hexadecimal digits.", nameof(s));
        }

        return bytes;
    }
}
