namespace Haven.Crypto;

/// <summary>
/// An Ed25519 signing key pair (libsodium <c>crypto_sign</c>) held by a responder. The secret key uses
/// libsodium's 64-byte form, <c>seed || public key</c>, as stored in the responder's wrapped keys, kept in
/// libsodium's guarded memory (<see cref="GuardedMemory"/>). Dispose it to wipe the secret key; a signature being
/// made meanwhile on another thread finishes first.
/// </summary>
public sealed class Ed25519KeyPair : IDisposable
{
    /// <summary>Public key length in bytes.</summary>
    public const int PublicKeyLength = Interop.Sodium.CryptoSignPublicKeyBytes;

    /// <summary>Secret key length in bytes (<c>seed || public key</c>).</summary>
    public const int SecretKeyLength = Interop.Sodium.CryptoSignSecretKeyBytes;

    /// <summary>Detached signature length in bytes.</summary>
    public const int SignatureLength = Interop.Sodium.CryptoSignBytes;

    private readonly GuardedMemory _secretKey;
    private readonly byte[] _publicKey;

    private Ed25519KeyPair(GuardedMemory secretKey, byte[] publicKey)
    {
        _secretKey = secretKey;
        _publicKey = publicKey;
    }

    /// <summary>The 32-byte public key (a fresh copy on each call).</summary>
    public byte[] PublicKey => (byte[])_publicKey.Clone();

    /// <summary>Marks the secret key in use until the lease is disposed (see <see cref="GuardedMemory.Acquire"/>).</summary>
    /// <exception cref="ObjectDisposedException">The key pair has been disposed.</exception>
    internal GuardedMemory.Lease AcquireSecretKey() => _secretKey.Acquire();

    /// <summary>Draws a new key pair (<c>crypto_sign_keypair</c>).</summary>
    public static unsafe Ed25519KeyPair Generate()
    {
        var secretKey = GuardedMemory.Allocate(SecretKeyLength);
        var publicKey = new byte[PublicKeyLength];
        using (var sk = secretKey.Acquire())
        {
            fixed (byte* pk = publicKey)
            {
                SecureMemory.Check(Interop.Sodium.crypto_sign_keypair(pk, sk.Pointer), "crypto_sign_keypair");
            }
        }

        return new Ed25519KeyPair(secretKey, publicKey);
    }

    /// <summary>
    /// Rebuilds a key pair from libsodium's 64-byte secret key. The public half is recomputed from the seed and
    /// must match the last 32 bytes, so a corrupted key is refused rather than producing bad signatures.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="sk64"/> is not 64 bytes or is inconsistent.</exception>
    public static unsafe Ed25519KeyPair FromSecretKey(ReadOnlySpan<byte> sk64)
    {
        if (sk64.Length != SecretKeyLength)
        {
            throw new ArgumentException($"An Ed25519 secret key must be {SecretKeyLength} bytes, not {sk64.Length}.", nameof(sk64));
        }

        var secretKey = GuardedMemory.Allocate(SecretKeyLength);
        var publicKey = new byte[PublicKeyLength];
        using (var sk = secretKey.Acquire())
        {
            fixed (byte* pk = publicKey)
            fixed (byte* seed = sk64)
            {
                SecureMemory.Check(Interop.Sodium.crypto_sign_seed_keypair(pk, sk.Pointer, seed), "crypto_sign_seed_keypair");
            }
        }

        if (!sk64[Interop.Sodium.CryptoSignSeedBytes..].SequenceEqual(publicKey))
        {
            secretKey.Dispose();
            throw new ArgumentException("The Ed25519 secret key is inconsistent: its public half does not match its seed.", nameof(sk64));
        }

        return new Ed25519KeyPair(secretKey, publicKey);
    }

    /// <summary>Returns a pinned copy of the 64-byte secret key, to be wrapped; the caller must wipe it.</summary>
    /// <exception cref="ObjectDisposedException">The key pair has been disposed.</exception>
    public byte[] ExportSecretKey()
    {
        using var sk = _secretKey.Acquire();
        var copy = SecureMemory.AllocatePinned(SecretKeyLength);
        sk.Span.CopyTo(copy);
        return copy;
    }

    /// <summary>Signs <paramref name="message"/> and returns the 64-byte detached signature (<c>crypto_sign_detached</c>).</summary>
    /// <exception cref="ObjectDisposedException">The key pair has been disposed.</exception>
    public unsafe byte[] Sign(ReadOnlySpan<byte> message)
    {
        using var sk = _secretKey.Acquire();
        var signature = new byte[SignatureLength];
        ulong written;
        fixed (byte* sig = signature)
        fixed (byte* m = message)
        {
            SecureMemory.Check(Interop.Sodium.crypto_sign_detached(sig, &written, m, (ulong)message.Length, sk.Pointer), "crypto_sign_detached");
        }

        return signature;
    }

    /// <summary>
    /// Verifies a detached signature (<c>crypto_sign_verify_detached</c>). A signature is untrusted input, so a
    /// wrong-length or forged signature returns false; a wrong-length public key is a programming error.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="publicKey"/> is not 32 bytes.</exception>
    public static unsafe bool Verify(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> message, ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length != PublicKeyLength)
        {
            throw new ArgumentException($"An Ed25519 public key must be {PublicKeyLength} bytes, not {publicKey.Length}.", nameof(publicKey));
        }

        if (signature.Length != SignatureLength)
        {
            return false;
        }

        fixed (byte* sig = signature)
        fixed (byte* m = message)
        fixed (byte* pk = publicKey)
        {
            return Interop.Sodium.crypto_sign_verify_detached(sig, m, (ulong)message.Length, pk) == 0;
        }
    }

    /// <summary>Wipes and frees the secret key (at once, or when a signature being made ends). The public key stays readable.</summary>
    public void Dispose() => _secretKey.Dispose();
}
