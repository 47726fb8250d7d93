namespace Haven.Crypto;

/// <summary>
/// An Ed25519 signing key pair (libsodium <c>crypto_sign</c>) held by a responder. The secret key uses
/// libsodium's 64-byte form, <c>seed || public key</c>, as stored in the responder's wrapped keys. Dispose it
/// to wipe the secret key.
/// </summary>
public sealed class Ed25519KeyPair : IDisposable
{
    /// <summary>Public key length in bytes.</summary>
    public const int PublicKeyLength = Interop.Sodium.CryptoSignPublicKeyBytes;

    /// <summary>Secret key length in bytes (<c>seed || public key</c>).</summary>
    public const int SecretKeyLength = Interop.Sodium.CryptoSignSecretKeyBytes;

    /// <summary>Detached signature length in bytes.</summary>
    public const int SignatureLength = Interop.Sodium.CryptoSignBytes;

    private readonly byte[] _secretKey;
    private readonly byte[] _publicKey;
    private bool _disposed;

    private Ed25519KeyPair(byte[] pinnedSecretKey, byte[] publicKey)
    {
        _secretKey = pinnedSecretKey;
        _publicKey = publicKey;
    }

    /// <summary>The 32-byte public key (a fresh copy on each call).</summary>
    public byte[] PublicKey => (byte[])_publicKey.Clone();

    /// <summary>Draws a new key pair (<c>crypto_sign_keypair</c>).</summary>
    public static unsafe Ed25519KeyPair Generate()
    {
        var secretKey = SecureMemory.AllocatePinned(SecretKeyLength);
        var publicKey = new byte[PublicKeyLength];
        fixed (byte* pk = publicKey)
        fixed (byte* sk = secretKey)
        {
            SecureMemory.Check(Interop.Sodium.crypto_sign_keypair(pk, sk), "crypto_sign_keypair");
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

        var secretKey = SecureMemory.AllocatePinned(SecretKeyLength);
        var publicKey = new byte[PublicKeyLength];
        fixed (byte* pk = publicKey)
        fixed (byte* sk = secretKey)
        fixed (byte* seed = sk64)
        {
            SecureMemory.Check(Interop.Sodium.crypto_sign_seed_keypair(pk, sk, seed), "crypto_sign_seed_keypair");
        }

        if (!sk64[Interop.Sodium.CryptoSignSeedBytes..].SequenceEqual(publicKey))
        {
            SecureMemory.Wipe(secretKey);
            throw new ArgumentException("The Ed25519 secret key is inconsistent: its public half does not match its seed.", nameof(sk64));
        }

        return new Ed25519KeyPair(secretKey, publicKey);
    }

    /// <summary>Returns a copy of the 64-byte secret key, to be wrapped; the caller must wipe it.</summary>
    /// <exception cref="ObjectDisposedException">The key pair has been disposed.</exception>
    public byte[] ExportSecretKey()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return (byte[])_secretKey.Clone();
    }

    /// <summary>Signs <paramref name="message"/> and returns the 64-byte detached signature (<c>crypto_sign_detached</c>).</summary>
    /// <exception cref="ObjectDisposedException">The key pair has been disposed.</exception>
    public unsafe byte[] Sign(ReadOnlySpan<byte> message)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var signature = new byte[SignatureLength];
        ulong written;
        fixed (byte* sig = signature)
        fixed (byte* m = message)
        fixed (byte* sk = _secretKey)
        {
            SecureMemory.Check(Interop.Sodium.crypto_sign_detached(sig, &written, m, (ulong)message.Length, sk), "crypto_sign_detached");
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

    /// <summary>Wipes the secret key. The public key stays readable.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        SecureMemory.Wipe(_secretKey);
        _disposed = true;
    }
}
