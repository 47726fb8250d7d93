using System.Security.Cryptography;
using System.Text;

namespace Haven.Crypto;

/// <summary>
/// Files in protocol v1: libsodium's <c>crypto_secretstream_xchacha20poly1305</c> over fixed 64 KiB chunks,
/// so that a file of any size is encrypted while it streams in and decrypted while it streams out, with
/// constant memory. A blob is <c>header (24 bytes) || chunk_1 || … || chunk_n</c>: every chunk but the last
/// holds exactly <see cref="ChunkLength"/> bytes of plaintext and is tagged <c>MESSAGE</c>; the last holds 0
/// to <see cref="ChunkLength"/> − 1 bytes and is tagged <c>FINAL</c>, so a truncated blob never decrypts as
/// a shorter file. Every chunk carries the associated data <see cref="AssociatedData"/>, which binds the blob
/// to its file id.
/// </summary>
public static class FileCipher
{
    /// <summary>Plaintext bytes in every chunk but the last.</summary>
    public const int ChunkLength = 64 * 1024;

    /// <summary>Key length (<c>crypto_secretstream_xchacha20poly1305_KEYBYTES</c>).</summary>
    public const int KeyLength = Interop.Sodium.CryptoSecretStreamKeyBytes;

    /// <summary>Header length (<c>crypto_secretstream_xchacha20poly1305_HEADERBYTES</c>).</summary>
    public const int HeaderLength = Interop.Sodium.CryptoSecretStreamHeaderBytes;

    /// <summary>How much longer each ciphertext chunk is than its plaintext (<c>…_ABYTES</c>).</summary>
    public const int ChunkOverhead = Interop.Sodium.CryptoSecretStreamABytes;

    /// <summary>Length of a full ciphertext chunk.</summary>
    public const int CipherChunkLength = ChunkLength + ChunkOverhead;

    private const string AdPrefix = "haven/v1/file:";

    /// <summary>A fresh random file key.</summary>
    public static byte[] NewKey() => SodiumRandom.Bytes(KeyLength);

    /// <summary><c>"haven/v1/file:" || fileId</c> in ASCII, the associated data of every chunk.</summary>
    /// <exception cref="ArgumentException">The id is not 32 lowercase hexadecimal characters.</exception>
    public static byte[] AssociatedData(string fileId)
    {
        RandomId.Validate(fileId, nameof(fileId));
        return Encoding.ASCII.GetBytes(AdPrefix + fileId);
    }

    /// <summary>The exact blob length of a file of <paramref name="plaintextLength"/> bytes.</summary>
    public static long CiphertextLength(long plaintextLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(plaintextLength);
        var full = plaintextLength / ChunkLength;
        return HeaderLength + (full * CipherChunkLength) + (plaintextLength % ChunkLength) + ChunkOverhead;
    }

    internal static void ValidateKey(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeyLength)
        {
            throw new ArgumentException($"A file key must be {KeyLength} bytes, not {key.Length}.", nameof(key));
        }
    }

    /// <summary>A pinned, wiped-on-dispose buffer for a secretstream state (its size asked from libsodium).</summary>
    internal static byte[] NewState() =>
        SecureMemory.AllocatePinned((int)Interop.Sodium.crypto_secretstream_xchacha20poly1305_statebytes());
}

/// <summary>What <see cref="FileEncryptor.CompleteAsync"/> measured: the plaintext length and its SHA-256.</summary>
/// <param name="Length">Plaintext bytes.</param>
/// <param name="Sha256">SHA-256 of the plaintext (32 bytes), for evidence integrity.</param>
public sealed record FileDigest(long Length, byte[] Sha256);

/// <summary>
/// Encrypts a file into a blob as it arrives (see <see cref="FileCipher"/>). Plaintext is held only in one
/// pinned 64 KiB buffer, wiped on dispose; nothing is written but ciphertext. The SHA-256 of the plaintext
/// is computed on the way.
/// </summary>
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

    /// <summary>Takes more plaintext; full chunks are encrypted and written at once.</summary>
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

/// <summary>
/// Decrypts a blob while it is read (see <see cref="FileCipher"/>): a read-only stream of the plaintext.
/// A chunk that fails authentication, a wrong key or file id, a chunk out of order, data after the final
/// chunk or a blob cut short all end in a <see cref="CryptographicException"/>; no unauthenticated byte
/// is ever returned.
/// </summary>
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
