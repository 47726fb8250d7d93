using System.Security.Cryptography;

namespace Haven.Backup;

/// <summary>
/// Reads a blob file for the tar writer while hashing it (SHA-256 of the ciphertext, for the manifest). It
/// reports the file's length so that the tar header can be written before the data, and checks at the end
/// that exactly that many bytes were read. Each read is also told to <c>read</c> (the progress), when given.
/// </summary>
internal sealed class HashingReadStream(FileStream inner, Action<long>? read = null) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly long _length = inner.Length;
    private long _read;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position
    {
        get => _read;
        set
        {
            if (value != _read)
            {
                throw new NotSupportedException();
            }
        }
    }

    /// <summary>The SHA-256 of everything read, after checking that the whole blob was read.</summary>
    /// <exception cref="IOException">The blob changed length while it was read.</exception>
    public byte[] Finish() => _read == _length ? _hash.GetHashAndReset() : throw new IOException("A blob changed while it was being backed up.");

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer[..(int)Math.Min(buffer.Length, _length - _read)]);
        _hash.AppendData(buffer[..n]);
        _read += n;
        read?.Invoke(n);
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _length - _read)], cancellationToken);
        _hash.AppendData(buffer.Span[..n]);
        _read += n;
        read?.Invoke(n);
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) =>
        (origin == SeekOrigin.Current && offset == 0) || (origin == SeekOrigin.Begin && offset == _read) ? _read : throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
