using System.Security.Cryptography;

namespace Haven.Crypto;

/// <summary>
/// Encrypts a file into a blob as it arrives (see <see cref="FileCipher"/>). Plaintext is held only in one
/// pinned 64 KiB buffer, wiped as soon as each chunk is encrypted and again on dispose; nothing is written but
/// the header and ciphertext. The SHA-256 of the plaintext is computed on the way.
/// </summary>
/// <remarks>
/// The constructor starts the stream (<c>crypto_secretstream_xchacha20poly1305_init_push</c>, which draws the
/// random header) and keeps only libsodium's stream state, in a pinned buffer wiped on dispose: the caller may
/// wipe its copy of the key at once. Use one encryptor for one file and one key; it is not thread-safe.
/// <see cref="CompleteAsync"/> must be called for the blob to be readable: a blob without its final chunk never
/// decrypts.
/// </remarks>
public sealed class FileEncryptor : IDisposable
{
    private readonly Stream _output;
    private readonly byte[] _state = FileCipher.NewState();
    private readonly byte[] _plain = SecureMemory.AllocatePinned(FileCipher.ChunkLength);
    private readonly byte[] _cipher = new byte[FileCipher.CipherChunkLength];
    private readonly byte[] _ad;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private byte[]? _header;
    private int _filled;
    private long _length;
    private bool _completed;
    private bool _disposed;

    /// <summary>Starts a stream under <paramref name="key"/>; the header is written with the first chunk.</summary>
    /// <param name="output">Where the blob goes; it receives only the header and ciphertext and is never closed here.</param>
    /// <param name="key">The file's <see cref="FileCipher.KeyLength"/>-byte key, not used for anything else.</param>
    /// <param name="fileId">The file id (32 lowercase hexadecimal characters), bound into every chunk.</param>
    /// <exception cref="ArgumentException">The key is not 32 bytes or the id is not in that form.</exception>
    public FileEncryptor(Stream output, ReadOnlySpan<byte> key, string fileId)
        : this(output, key, FileCipher.AssociatedData(fileId))
    {
    }

    /// <summary>A stream with other associated data than a file's (<see cref="BackupCipher"/>).</summary>
    internal unsafe FileEncryptor(Stream output, ReadOnlySpan<byte> key, byte[] associatedData)
    {
        ArgumentNullException.ThrowIfNull(output);
        FileCipher.ValidateKey(key);
        _ad = associatedData;
        _output = output;
        var header = new byte[FileCipher.HeaderLength];
        fixed (byte* s = _state)
        fixed (byte* h = header)
        fixed (byte* k = key)
        {
            SecureMemory.Check(Interop.Sodium.crypto_secretstream_xchacha20poly1305_init_push(s, h, k), "crypto_secretstream_xchacha20poly1305_init_push");
        }

        _header = header;
    }

    /// <summary>Plaintext bytes taken so far.</summary>
    public long Length => _length;

    /// <summary>Takes more plaintext; full chunks are encrypted and written at once, a partial one is kept.</summary>
    /// <exception cref="InvalidOperationException">The file is already complete.</exception>
    /// <exception cref="ObjectDisposedException">The encryptor has been disposed.</exception>
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_completed)
        {
            throw new InvalidOperationException("The file is already complete.");
        }

        await WriteHeaderAsync(cancellationToken);
        while (!data.IsEmpty)
        {
            var take = Math.Min(data.Length, FileCipher.ChunkLength - _filled);
            data.Span[..take].CopyTo(_plain.AsSpan(_filled));
            _hash.AppendData(data.Span[..take]);
            _filled += take;
            _length += take;
            data = data[take..];
            if (_filled == FileCipher.ChunkLength)
            {
                var written = Push(Interop.Sodium.CryptoSecretStreamTagMessage);
                await _output.WriteAsync(_cipher.AsMemory(0, written), cancellationToken);
            }
        }
    }

    /// <summary>Writes the final chunk and returns the plaintext length and SHA-256. The output is not closed.</summary>
    /// <exception cref="InvalidOperationException">The file is already complete.</exception>
    /// <exception cref="ObjectDisposedException">The encryptor has been disposed.</exception>
    public async ValueTask<FileDigest> CompleteAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_completed)
        {
            throw new InvalidOperationException("The file is already complete.");
        }

        await WriteHeaderAsync(cancellationToken);
        var written = Push(Interop.Sodium.CryptoSecretStreamTagFinal);
        await _output.WriteAsync(_cipher.AsMemory(0, written), cancellationToken);
        _completed = true;
        return new FileDigest(_length, _hash.GetHashAndReset());
    }

    /// <summary>Wipes the stream state and the plaintext buffer.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        SecureMemory.Wipe(_state);
        SecureMemory.Wipe(_plain);
        _hash.Dispose();
    }

    private async ValueTask WriteHeaderAsync(CancellationToken cancellationToken)
    {
        if (_header is { } header)
        {
            _header = null;
            await _output.WriteAsync(header, cancellationToken);
        }
    }

    private unsafe int Push(byte tag)
    {
        ulong written;
        fixed (byte* s = _state)
        fixed (byte* c = _cipher)
        fixed (byte* m = _plain)
        fixed (byte* ad = _ad)
        {
            SecureMemory.Check(
                Interop.Sodium.crypto_secretstream_xchacha20poly1305_push(s, c, &written, m, (ulong)_filled, ad, (ulong)_ad.Length, tag),
                "crypto_secretstream_xchacha20poly1305_push");
        }

        SecureMemory.Wipe(_plain.AsSpan(0, _filled));
        _filled = 0;
        return (int)written;
    }
}
