namespace Haven.Crypto;

/// <summary>
/// Cryptographically secure random bytes from libsodium (<c>randombytes_buf</c>), used for every key, nonce,
/// pepper and identifier Haven draws, so that all randomness comes from one audited source.
/// </summary>
public static class SodiumRandom
{
    /// <summary>Returns <paramref name="count"/> fresh random bytes.</summary>
    /// <param name="count">Number of bytes, zero or more.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public static byte[] Bytes(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var bytes = new byte[count];
        Fill(bytes);
        return bytes;
    }

    /// <summary>
    /// Fills <paramref name="buffer"/> with random bytes; use it to fill a pinned or stack buffer meant for a
    /// secret without an intermediate copy.
    /// </summary>
    public static unsafe void Fill(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return;
        }

        fixed (byte* p = buffer)
        {
            Interop.Sodium.randombytes_buf(p, (nuint)buffer.Length);
        }
    }

    /// <summary>A uniform integer in [0, <paramref name="upperBound"/>) without modulo bias (<c>randombytes_uniform</c>).</summary>
    internal static uint Uniform(uint upperBound) => Interop.Sodium.randombytes_uniform(upperBound);
}
