using Microsoft.Win32.SafeHandles;

namespace Haven.Files;

/// <summary>
/// Reads a final blob (ciphertext only) for a download, one 1 MiB segment ahead: while the caller decrypts
/// one segment, a background task reads the next, so the disk never holds up the transfer. On Linux segments
/// are read with direct I/O where the file system has it (<see cref="PageCacheHints.SetDirect"/>): from the disk
/// into the segment, with no copy through the page cache. Without it, the pages of every segment already read
/// are dropped from the page cache, so a download of any size takes a few MiB of cache.
/// </summary>
internal sealed class BlobReader : Stream
{
    /// <summary>Bytes read from the file at a time.</summary>
    public const int SegmentLength = BlobWriter.SegmentLength;

    private readonly FileStream _file;
    private readonly SafeFileHandle _handle;
    private readonly long _length;
    private AlignedSegment _current = new(SegmentLength);
    private AlignedSegment _next = new(SegmentLength);
    private bool _direct;
    private int _offset;
    private int _available;
    private long _consumed;
    private long _requested;
    private long _forgotten;
    private Task<int>? _reading;
    private bool _disposed;

    /// <param name="file">The blob, opened for reading; this reader owns it.</param>
    /// <param name="direct">Whether to try direct I/O (false reads through the page cache).</param>
    public BlobReader(FileStream file, bool direct = true)
    {
        _file = file;
        _handle = file.SafeFileHandle;
        _length = RandomAccess.GetLength(_handle);
        _direct = direct && PageCacheHints.SetDirect(_handle, true);
        ReadAhead();
    }

    /// <summary>Whether segments are being read with direct I/O.</summary>
    public bool IsDirect => _direct;

    /// <inheritdoc/>
    public override bool CanRead => !_disposed;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override bool CanWrite => false;

    /// <inheritdoc/>
    public override long Length => _length;

    /// <inheritdoc/>
    public override long Position
    {
        get => _consumed;
        set => throw new NotSupportedException();
    }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_available == 0 && _reading is { } reading)
        {
            Advance(reading.GetAwaiter().GetResult());
        }

        return Take(buffer);
    }

    /// <inheritdoc/>
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc/>
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_available == 0 && _reading is { } reading)
        {
            Advance(await reading.WaitAsync(cancellationToken).ConfigureAwait(false));
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
        if (disposing && !_disposed)
        {
            _disposed = true;
            try
            {
                _reading?.GetAwaiter().GetResult();
            }
            catch (IOException)
            {
                // The download is over; a failed read-ahead has nobody left to tell.
            }

            _file.Dispose();
            _current.Dispose();
            _next.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Starts reading the next segment into the spare buffer, unless the file is all requested.</summary>
    private void ReadAhead()
    {
        if (_requested >= _length)
        {
            _reading = null;
            return;
        }

        var into = _next;
        var offset = _requested;
        var length = (int)Math.Min(SegmentLength, _length - offset);
        _requested += length;
        _reading = Task.Run(() => Fill(into, offset, length), CancellationToken.None);
    }

    private int Fill(AlignedSegment into, long offset, int length)
    {
        if (_direct)
        {
            try
            {
                // Direct reads ask for the whole aligned segment; at the end of the file they return what is left.
                return ReadFully(into.Span, offset, length);
            }
            catch (IOException) when (PageCacheHints.SetDirect(_handle, false))
            {
                _direct = false;
            }
        }

        var got = ReadFully(into.Span[..length], offset, length);

        // Everything before this segment has been read and copied out: its pages are not needed again.
        if (offset > _forgotten && PageCacheHints.Forget(_handle, _forgotten, offset - _forgotten))
        {
            _forgotten = offset;
        }

        return got;
    }

    private int ReadFully(Span<byte> into, long offset, int length)
    {
        var got = 0;
        while (got < length)
        {
            var n = RandomAccess.Read(_handle, into[got..], offset + got);
            if (n == 0)
            {
                break;
            }

            got += n;
        }

        return got;
    }

    /// <summary>The read-ahead segment becomes the current one, and the one after it starts.</summary>
    private void Advance(int got)
    {
        (_current, _next) = (_next, _current);
        _offset = 0;
        _available = got;
        ReadAhead();
    }

    private int Take(Span<byte> buffer)
    {
        var n = Math.Min(buffer.Length, _available);
        _current.Span.Slice(_offset, n).CopyTo(buffer);
        _offset += n;
        _available -= n;
        _consumed += n;
        return n;
    }
}
