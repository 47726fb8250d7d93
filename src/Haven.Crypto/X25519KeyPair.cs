namespace Haven.Crypto;

/// <summary>
/// An X25519 key pair (the keys of <c>crypto_box</c>): the recovery key, a case key, a responder's key or a
/// source's key. The secret half lives in libsodium's guarded memory (<see cref="GuardedMemory"/>: locked against
/// swap, left out of core dumps) that <see cref="Dispose"/> wipes and frees, so dispose every instance as soon as
/// it is no longer needed. Operations inside the library may run while another thread disposes: the memory is
/// freed when they end. <see cref="SecretKey"/> is not protected that way.
/// </summary>
public sealed class X25519KeyPair : IDisposable
{
    /// <summary>Length of both the public and the secret key, in bytes.</summary>
    public const int KeyLength = Interop.Sodium.CryptoBoxSecretKeyBytes;

    private readonly GuardedMemory _secretKey;
    private readonly byte[] _publicKey;

    private unsafe X25519KeyPair(GuardedMemory secretKey)
    {
        _secretKey = secretKey;
        _publicKey = new byte[KeyLength];
        using var sk = _secretKey.Acquire();
        fixed (byte* q = _publicKey)
        {
            SecureMemory.Check(Interop.Sodium.crypto_scalarmult_base(q, sk.Pointer), "crypto_scalarmult_base");
        }
    }

    /// <summary>
    /// The public key, <c>PK(sk) = crypto_scalarmult_base(sk)</c> (32 bytes). A fresh copy is returned on each
    /// call, so callers cannot alter the key pair.
    /// </summary>
    public byte[] PublicKey => (byte[])_publicKey.Clone();

    /// <summary>
    /// The 32-byte secret key, without copying it. Valid only until <see cref="Dispose"/>, which unmaps it: use it
    /// only where nothing can dispose the key pair meanwhile.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The key pair has been disposed (and wiped).</exception>
    public ReadOnlySpan<byte> SecretKey
    {
        get
        {
            using var sk = _secretKey.Acquire();
            return sk.Span;
        }
    }

    /// <summary>Marks the secret key in use until the lease is disposed (see <see cref="GuardedMemory.Acquire"/>).</summary>
    /// <exception cref="ObjectDisposedException">The key pair has been disposed.</exception>
    internal GuardedMemory.Lease AcquireSecretKey() => _secretKey.Acquire();

    /// <summary>The public key without a copy, for use inside the library.</summary>
    internal ReadOnlySpan<byte> PublicKeySpan => _publicKey;

    /// <summary>
    /// Draws a new key pair: 32 random bytes as secret key and its public key, exactly as docs/protocol.md
    /// describes the recovery and case keys (<c>sk</c> random, <c>pk = PK(sk)</c>).
    /// </summary>
    public static X25519KeyPair Generate()
    {
        var secretKey = GuardedMemory.Allocate(KeyLength);
        using (var sk = secretKey.Acquire())
        {
            SodiumRandom.Fill(sk.Span);
        }

        return new X25519KeyPair(secretKey);
    }

    /// <summary>
    /// Rebuilds a key pair from a 32-byte secret key (a recovery secret, a derived source key, an unwrapped
    /// responder key). The bytes are copied; the caller should wipe its own copy.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="sk"/> is not 32 bytes.</exception>
    public static X25519KeyPair FromSecretKey(ReadOnlySpan<byte> sk)
    {
        if (sk.Length != KeyLength)
        {
            throw new ArgumentException($"An X25519 secret key must be {KeyLength} bytes, not {sk.Length}.", nameof(sk));
        }

        var secretKey = GuardedMemory.Allocate(KeyLength);
        using (var copy = secretKey.Acquire())
        {
            sk.CopyTo(copy.Span);
        }

        return new X25519KeyPair(secretKey);
    }

    /// <summary>
    /// Returns a copy of the secret key, for the rare places that must hand it on (sealing a case key,
    /// showing the recovery secret once). The copy is pinned, so the garbage collector leaves no stale copy of it;
    /// the caller owns it and must wipe it.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The key pair has been disposed.</exception>
    public byte[] ExportSecretKey()
    {
        using var sk = _secretKey.Acquire();
        var copy = SecureMemory.AllocatePinned(KeyLength);
        sk.Span.CopyTo(copy);
        return copy;
    }

    /// <summary>Wipes and frees the secret key (at once, or when the last operation using it ends). The public key stays readable.</summary>
    public void Dispose() => _secretKey.Dispose();
}
