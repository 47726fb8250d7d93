namespace Haven.Crypto;

/// <summary>
/// What a responder's passphrase derives to: a verifier to store and check at login, and the wrapping key
/// <c>W</c> that unwraps the responder's keys. <c>W</c> is never stored; dispose this object to wipe it.
/// </summary>
public sealed class PassphraseKeys : IDisposable
{
    private readonly byte[] _verifier;
    private readonly byte[] _wrappingKey;
    private bool _disposed;

    /// <summary>Takes ownership of both buffers; <paramref name="pinnedWrappingKey"/> must be pinned (it is wiped on dispose).</summary>
    internal PassphraseKeys(byte[] verifier, byte[] pinnedWrappingKey)
    {
        _verifier = verifier;
        _wrappingKey = pinnedWrappingKey;
    }

    /// <summary><c>BLAKE2b(32, D[0:32])</c>: <c>responders.verifier</c> (a fresh copy on each call).</summary>
    public byte[] Verifier => (byte[])_verifier.Clone();

    /// <summary><c>W = D[32:64]</c>, the 32-byte key that wraps the responder's keys. Valid until <see cref="Dispose"/>.</summary>
    /// <exception cref="ObjectDisposedException">The object has been disposed.</exception>
    public ReadOnlySpan<byte> WrappingKey
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _wrappingKey;
        }
    }

    /// <summary>Wipes the wrapping key.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        SecureMemory.Wipe(_wrappingKey);
        _disposed = true;
    }
}
