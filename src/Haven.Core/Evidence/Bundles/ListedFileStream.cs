using System.Security.Cryptography;
using Haven.Crypto;

namespace Haven.Evidence.Bundles;

/// <summary>
/// A file's decrypted bytes as a bundle's tar reads them: exactly the size its record lists, hashed on the way. When
/// the bytes end early, go on past the size, or their SHA-256 differs from the listed one, the read that would give
/// the last bytes throws instead, so that a file that is not what the manifest says is never written whole.
/// </summary>
/// <remarks>
/// It says it can seek only so that <see cref="System.Formats.Tar.TarWriter"/> takes its length from
/// <see cref="Length"/> and writes the entry's header first (it would otherwise need to seek back in the output);
/// it never seeks.
/// </remarks>
internal sealed class ListedFileStream(Stream inner, string fileId, long size, string sha256, long before, IProgress<long>? progress) : Stream
{
    private const long ProgressStep = 4L * 1024 * 1024;

    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _consumed;
    private long _reported;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => size;

    public override long Position
    {
        get => _consumed;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var want = (int)Math.Min(buffer.Length, size - _consumed);
        if (want == 0)
        {
            return 0;
        }

        var got = inner.ReadAtLeast(buffer[..want], want, throwOnEndOfStream: false);
        return Took(buffer[..got], want, () => inner.Read(new byte[1]));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var want = (int)Math.Min(buffer.Length, size - _consumed);
        if (want == 0)
        {
            return 0;
        }

        var got = await inner.ReadAtLeastAsync(buffer[..want], want, throwOnEndOfStream: false, cancellationToken);
        var beyond = got == want && _consumed + got == size ? await inner.ReadAsync(new byte[1], cancellationToken) : 0;
        return Took(buffer.Span[..got], want, () => beyond);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync();
        _hash.Dispose();
        await base.DisposeAsync();
    }

    private int Took(ReadOnlySpan<byte> read, int wanted, Func<int> beyond)
    {
        if (read.Length < wanted)
        {
            throw new InvalidDataException($"File {fileId} is shorter than its listed size.");
        }

        _hash.AppendData(read);
        _consumed += read.Length;
        if (_consumed == size)
        {
            if (beyond() > 0)
            {
                throw new InvalidDataException($"File {fileId} is longer than its listed size.");
            }

            if (!Hex.Encode(_hash.GetHashAndReset()).Equals(sha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidDataException($"File {fileId} does not match its listed SHA-256.");
            }
        }

        if (progress is not null && (_consumed - _reported >= ProgressStep || _consumed == size))
        {
            _reported = _consumed;
            progress.Report(before + _consumed);
        }

        return read.Length;
    }
}
