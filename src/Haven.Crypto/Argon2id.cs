namespace Haven.Crypto;

/// <summary>
/// Argon2id (libsodium <c>crypto_pwhash</c> with <c>crypto_pwhash_ALG_ARGON2ID13</c>) with the protocol's fixed
/// cost, so that every guess of a receipt or passphrase costs an attacker 64 MiB and three passes.
/// </summary>
public static class Argon2id
{
    /// <summary>Number of passes (<c>opslimit</c>) fixed by protocol v1; changing it changes every derived key.</summary>
    public const long OpsLimit = 3;

    /// <summary>Memory cost in bytes (<c>memlimit</c>, 64 MiB) fixed by protocol v1.</summary>
    public const long MemLimit = 67108864;

    /// <summary>Salt length libsodium requires (<c>crypto_pwhash_SALTBYTES</c>).</summary>
    public const int SaltLength = Interop.Sodium.CryptoPwhashSaltBytes;

    /// <summary>
    /// Derives <paramref name="outLength"/> bytes from <paramref name="password"/> and <paramref name="salt"/>.
    /// The caller owns the result and should wipe it once the keys it contains have been split off.
    /// </summary>
    /// <param name="outLength">Output length, at least 16 bytes.</param>
    /// <param name="password">The secret input (may be empty).</param>
    /// <param name="salt">Exactly <see cref="SaltLength"/> bytes.</param>
    /// <exception cref="ArgumentException">A length is out of range.</exception>
    /// <exception cref="System.Security.Cryptography.CryptographicException">libsodium could not allocate the memory.</exception>
    public static unsafe byte[] Derive(int outLength, ReadOnlySpan<byte> password, ReadOnlySpan<byte> salt)
    {
        if (outLength < Interop.Sodium.CryptoPwhashBytesMin)
        {
            throw new ArgumentException(
                $"Argon2id output length must be at least {Interop.Sodium.CryptoPwhashBytesMin} bytes, not {outLength}.",
                nameof(outLength));
        }

        if (salt.Length != SaltLength)
        {
            throw new ArgumentException($"An Argon2id salt must be {SaltLength} bytes, not {salt.Length}.", nameof(salt));
        }

        var output = SecureMemory.AllocatePinned(outLength);
        fixed (byte* o = output)
        fixed (byte* p = password)
        fixed (byte* s = salt)
        {
            SecureMemory.Check(
                Interop.Sodium.crypto_pwhash(
                    o, (ulong)output.Length, p, (ulong)password.Length, s, (ulong)OpsLimit, (nuint)MemLimit, Interop.Sodium.CryptoPwhashAlgArgon2id13),
                "crypto_pwhash (Argon2id)");
        }

        SecureMemory.ScrubStack();
        return output;
    }
}
