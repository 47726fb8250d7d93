namespace Haven.Crypto;

/// <summary>
/// BLAKE2b (libsodium <c>crypto_generichash</c>), keyed or not: the protocol uses it to derive the receipt
/// salt, the source lookup id and the passphrase verifier (<c>BLAKE2b(n, msg, key)</c> in docs/protocol.md).
/// </summary>
public static class Blake2b
{
    /// <summary>Smallest output length libsodium accepts (<c>crypto_generichash_BYTES_MIN</c>).</summary>
    public const int MinOutputLength = Interop.Sodium.CryptoGenerichashBytesMin;

    /// <summary>Largest output length libsodium accepts (<c>crypto_generichash_BYTES_MAX</c>).</summary>
    public const int MaxOutputLength = Interop.Sodium.CryptoGenerichashBytesMax;

    /// <summary>
    /// Hashes <paramref name="message"/> to <paramref name="outLength"/> bytes, keyed with
    /// <paramref name="key"/> when it is not empty (a keyed BLAKE2b is a MAC/PRF: without the key the output
    /// cannot be computed or tested).
    /// </summary>
    /// <param name="outLength">Output length, 16 to 64 bytes.</param>
    /// <param name="message">Data to hash (may be empty).</param>
    /// <param name="key">Empty for a plain hash, otherwise 16 to 64 bytes.</param>
    /// <exception cref="ArgumentException">A length is out of range.</exception>
    public static unsafe byte[] Hash(int outLength, ReadOnlySpan<byte> message, ReadOnlySpan<byte> key)
    {
        if (outLength is < MinOutputLength or > MaxOutputLength)
        {
            throw new ArgumentException(
                $"BLAKE2b output length must be between {MinOutputLength} and {MaxOutputLength} bytes, not {outLength}.",
                nameof(outLength));
        }

        if (!key.IsEmpty && key.Length is < Interop.Sodium.CryptoGenerichashKeyBytesMin or > Interop.Sodium.CryptoGenerichashKeyBytesMax)
        {
            throw new ArgumentException(
                $"A BLAKE2b key must be empty or between {Interop.Sodium.CryptoGenerichashKeyBytesMin} and {Interop.Sodium.CryptoGenerichashKeyBytesMax} bytes, not {key.Length}.",
                nameof(key));
        }

        var output = new byte[outLength];
        fixed (byte* o = output)
        fixed (byte* m = message)
        fixed (byte* k = key)
        {
            SecureMemory.Check(
                Interop.Sodium.crypto_generichash(o, (nuint)output.Length, m, (ulong)message.Length, k, (nuint)key.Length),
                "crypto_generichash");
        }

        return output;
    }
}
