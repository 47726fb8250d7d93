using System.Security.Cryptography;

namespace Haven.Crypto;

/// <summary>
/// Decrypts a blob while it is read (see <see cref="FileCipher"/>): a read-only stream of the plaintext.
/// A chunk that fails authentication, a wrong key or file id, a chunk out of order, data after the final
/// chunk or a blob cut short all end in a <see cref="CryptographicException"/>; no unauthenticated byte
/// is ever returned.
/// </summary>
/// <remarks>
/// The key is copied into a pinned buffer, wiped on dispose with the stream state and the plaintext buffer; the
/// caller may wipe its own copy at once. The header is read with the first chunk, so a wrong key shows on the
/// first read, not at construction. Not seekable, not thread-safe.
/// </remarks>
public sealed class FileDecryptingStream : Stream
{
    private readonly Stream _input;
    private readonly byte[] _key;
    private readonly byte[] _state = FileCipher.NewState();
    private readonly byte[] _cipher = new byte[FileCipher.CipherChunkLength];
    private readonly byte[] _plain = SecureMemory.AllocatePinned(FileCipher.ChunkLength);
    private readonly byte[] _ad;
    private readonly bool _leaveOpen;
    private bool _started;
    private bool _finished;
    private int _offset;
    private int _available;
    private long _position;

    /// <summary>Reads the blob from <paramref name="input"/> under <paramref name="key"/>.</summary>
    /// <param name="input">The blob, read forward from its header.</param>
    /// <param name="key">The file's <see cref="FileCipher.KeyLength"/>-byte key.</param>
    /// <param name="fileId">The file id the blob was written for (32 lowercase hexadecimal characters).</param>
    /// <param name="leaveOpen">Whether disposing this stream leaves <paramref name="input"/> open.</param>
    /// <exception cref="ArgumentException">The key is not 32 bytes or the id is not in that form.</exception>
    public FileDecryptingStream(Stream input, ReadOnlySpan<byte> key, string fileId, bool leaveOpen = false)
        : this(input, key, FileCipher.AssociatedData(fileId), leaveOpen)
    {
    }

    /// <summary>A stream with other associated data than a file's (<see cref="BackupCipher"/>).</summary>
    internal FileDecryptingStream(Stream input, ReadOnlySpan<byte> key, byte[] associatedData, bool leaveOpen)
    {
        ArgumentNullException.ThrowIfNull(input);
        FileCipher.ValidateKey(key);
        _ad = associatedData;
        _input = input;
        _key = SecureMemory.AllocatePinned(FileCipher.KeyLength);
        key.CopyTo(_key);
        _leaveOpen = leaveOpen;
    }

    /// <inheritdoc/>
    public override bool CanRead => true;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override bool CanWrite => false;

    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer)
    {
        while (_available == 0 && !_finished)
        {
            if (!_started)
            {
                if (Fill(_cipher.AsSpan(0, FileCipher.HeaderLength)) < FileCipher.HeaderLength)
                {
                    throw new CryptographicException("The file is cut short.");
                }

                InitPull();
            }

            if (buffer.Length >= FileCipher.ChunkLength)
            {
                return Deliver(Open(Fill(_cipher), buffer));
            }

            _available = Open(Fill(_cipher), _plain);
            _offset = 0;
        }

        return Take(buffer);
    }

    /// <inheritdoc/>
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc/>
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_available == 0 && !_finished)
        {
            var got = await ReadChunkAsync(cancellationToken);

            // A caller's buffer that holds a whole chunk takes the plaintext straight from libsodium, which writes
            // it only after the chunk has authenticated: one copy fewer on every download.
            if (buffer.Length >= FileCipher.ChunkLength)
            {
                return Deliver(Open(got, buffer.Span));
            }

            _available = Open(got, _plain);
            _offset = 0;
        }

        return Take(buffer.Span);
    }

    /// <inheritdoc/>
    public override void Flush()
    {
    }

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            SecureMemory.Wipe(_key);
            SecureMemory.Wipe(_state);
            SecureMemory.Wipe(_plain);
            if (!_leaveOpen)
            {
                _input.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    private int Fill(Span<byte> into)
    {
        var got = 0;
        while (got < into.Length)
        {
            var n = _input.Read(into[got..]);
            if (n == 0)
            {
                break;
            }

            got += n;
        }

        return got;
    }

    private async ValueTask<int> ReadChunkAsync(CancellationToken cancellationToken)
    {
        if (!_started)
        {
            if (await _input.ReadAtLeastAsync(_cipher.AsMemory(0, FileCipher.HeaderLength), FileCipher.HeaderLength, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false) < FileCipher.HeaderLength)
            {
                throw new CryptographicException("The file is cut short.");
            }

            InitPull();
        }

        var got = 0;
        while (got < _cipher.Length)
        {
            var n = await _input.ReadAsync(_cipher.AsMemory(got), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            got += n;
        }

        return got;
    }

    private int Take(Span<byte> buffer)
    {
        var n = Math.Min(buffer.Length, _available);
        _plain.AsSpan(_offset, n).CopyTo(buffer);
        _offset += n;
        _available -= n;
        _position += n;
        return n;
    }

    private unsafe void InitPull()
    {
        fixed (byte* s = _state)
        fixed (byte* h = _cipher)
        fixed (byte* k = _key)
        {
            if (Interop.Sodium.crypto_secretstream_xchacha20poly1305_init_pull(s, h, k) != 0)
            {
                throw new CryptographicException("The file's header is invalid.");
            }
        }

        _started = true;
    }

    private int Deliver(int length)
    {
        _position += length;
        return length;
    }

    /// <summary>Authenticates and decrypts the chunk in <c>_cipher</c> into <paramref name="into"/> (at least a chunk long, or <c>_plain</c>).</summary>
    private unsafe int Open(int got, Span<byte> into)
    {
        if (got < FileCipher.ChunkOverhead)
        {
            throw new CryptographicException("The file is cut short.");
        }

        ulong length;
        byte tag;
        fixed (byte* s = _state)
        fixed (byte* m = into)
        fixed (byte* c = _cipher)
        fixed (byte* ad = _ad)
        {
            if (Interop.Sodium.crypto_secretstream_xchacha20poly1305_pull(s, m, &length, &tag, c, (ulong)got, ad, (ulong)_ad.Length) != 0)
            {
                throw new CryptographicException("The file does not decrypt: wrong key, wrong file, or altered.");
            }
        }

        var full = got == FileCipher.CipherChunkLength;
        if (tag == Interop.Sodium.CryptoSecretStreamTagFinal)
        {
            // A final chunk is always shorter than a full one, and a short read means the blob has ended.
            if (full)
            {
                throw new CryptographicException("The file continues after its final chunk.");
            }

            _finished = true;
        }
        else if (tag != Interop.Sodium.CryptoSecretStreamTagMessage || !full)
        {
            throw new CryptographicException("The file is cut short.");
        }

        return (int)length;
    }
}
