namespace Haven.Crypto;

/// <summary>
/// An X25519 key pair (the keys of <c>crypto_box</c>): the recovery key, a case key, a responder's key or a
/// source's key. The secret half lives in a pinned buffer that <see cref="Dispose"/> wipes, so dispose every
/// instance as soon as it is no longer needed. Not safe for concurrent use with <see cref="Dispose"/>.
/// </summary>
public sealed class X25519KeyPair : IDisposable
{
    /// <summary>Length of both the public and the secret key, in bytes.</summary>
    public const int KeyLength = Interop.Sodium.CryptoBoxSecretKeyBytes;

    private readonly byte[] _secretKey;
    private readonly byte[] _publicKey;
    private bool _disposed;

    private unsafe X25519KeyPair(byte[] pinnedSecretKey)
    {
        _secretKey = pinnedSecretKey;
        _publicKey = new byte[KeyLength];
        fixed (byte* q = _publicKey)
        fixed (byte* n = _secretKey)
        {
            SecureMemory.Check(Interop.Sodium.crypto_scalarmult_base(q, n), "crypto_scalarmult_base");
        }
    }

    /// <summary>
    /// The public key, <c>PK(sk) = crypto_scalarmult_base(sk)</c> (32 bytes). A fresh copy is returned on each
    /// call, so callers cannot alter the key pair.
    /// </summary>
    public byte[] PublicKey => (byte[])_publicKey.Clone();

    /// <summary>
    /// The 32-byte secret key, without copying it. Valid only until <see cref="Dispose"/>.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The key pair has been disposed (and wiped).</exception>
    public ReadOnlySpan<byte> SecretKey
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _secretKey;
        }
    }

    /// <summary>The public key without a copy, for use inside the library.</summary>
    internal ReadOnlySpan<byte> PublicKeySpan => _publicKey;

    /// <summary>
    /// Draws a new key pair: 32 random bytes as secret key and its public key, exactly as docs/protocol.md
    /// describes the recovery and case keys (<c>sk</c> random, <c>pk = PK(sk)</c>).
    /// </summary>
    public static X25519KeyPair Generate()
    {
        var secretKey = SecureMemory.AllocatePinned(KeyLength);
        SodiumRandom.Fill(secretKey);
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

        var secretKey = SecureMemory.AllocatePinned(KeyLength);
        sk.CopyTo(secretKey);
        return new X25519KeyPair(secretKey);
    }

    /// <summary>
    /// Returns a copy of the secret key, for the rare places that must hand it on (sealing a case key,
    /// showing the recovery secret once). The caller owns the copy and must wipe it.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The key pair has been disposed.</exception>
    public byte[] ExportSecretKey()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return (byte[])_secretKey.Clone();
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
