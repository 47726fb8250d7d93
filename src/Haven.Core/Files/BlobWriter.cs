using Microsoft.Win32.SafeHandles;

namespace Haven.Files;

/// <summary>
/// Writes a pending blob (ciphertext only) without holding up the upload that feeds it. Bytes are gathered
/// into 1 MiB segments; a full segment is written by a background task while the next one fills, so the
/// request's thread only receives and encrypts. On Linux:
/// <list type="bullet">
/// <item>each segment is handed to the disk at once (write-behind), and the one before it, by then written,
/// is dropped from the page cache: an upload of any size keeps a few MiB of cache, not gigabytes, and the
/// same pages are reused (why, and why not direct I/O: docs/benchmarks.md, "History");</item>
/// <item>every 64 MiB a data sync runs beside the upload, so that the final <see cref="SyncToDiskAsync"/>
/// flushes only the last stretch instead of everything at once.</item>
/// </list>
/// Nothing is durable until <see cref="SyncToDiskAsync"/> has returned.
/// </summary>
internal sealed class BlobWriter : Stream
{
    /// <summary>Bytes written to the file at a time.</summary>
    public const int SegmentLength = 1024 * 1024;

    /// <summary>How far ahead of the last data sync the written bytes may run before the next one starts.</summary>
    public const long DataSyncEvery = 64L * 1024 * 1024;

    private readonly FileStream _file;
    private readonly SafeFileHandle _handle;
    private AlignedSegment _filling = new(SegmentLength);
    private AlignedSegment _spare = new(SegmentLength);
    private int _filled;
    private long _handedOff;
    private long _forgotten;
    private long _synced;
    private Task _writing = Task.CompletedTask;
    private Task _syncing = Task.CompletedTask;
    private bool _disposed;

    /// <param name="file">The new, empty pending blob; this writer owns it.</param>
    public BlobWriter(FileStream file)
    {
        _file = file;
        _handle = file.SafeFileHandle;
    }

    /// <inheritdoc/>
    public override bool CanRead => false;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override bool CanWrite => !_disposed;

    /// <summary>Bytes taken so far (written or still in a segment).</summary>
    public override long Length => _handedOff + _filled;

    /// <inheritdoc/>
    public override long Position
    {
        get => Length;
        set => throw new NotSupportedException();
    }

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) =>
        WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    /// <inheritdoc/>
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc/>
    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (!buffer.IsEmpty)
        {
            var take = Math.Min(buffer.Length, SegmentLength - _filled);
            buffer.Span[..take].CopyTo(_filling.Span[_filled..]);
            _filled += take;
            buffer = buffer[take..];
            if (_filled == SegmentLength)
            {
                await HandOffAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Writes what is gathered and waits for every write; the data may still be only in the page cache.</summary>
    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_filled > 0)
        {
            await HandOffAsync().ConfigureAwait(false);
        }

        await _writing.ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Writes everything and flushes it to stable storage (<c>fsync</c>): only then is the blob durable.</summary>
    public async Task SyncToDiskAsync(CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        await _syncing.ConfigureAwait(false);
        _file.Flush(flushToDisk: true);
    }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override async ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            await Settle(_writing).ConfigureAwait(false);
            await Settle(_syncing).ConfigureAwait(false);
            await _file.DisposeAsync().ConfigureAwait(false);
            ReturnBuffers();
        }

        await base.DisposeAsync().ConfigureAwait(false);
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            Settle(_writing).GetAwaiter().GetResult();
            Settle(_syncing).GetAwaiter().GetResult();
            _file.Dispose();
            ReturnBuffers();
        }

        base.Dispose(disposing);
    }

    /// <summary>A background task's end, its failure already reported (or not wanted) when disposing.</summary>
    private static async Task Settle(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException or NotSupportedException)
        {
            // Reported already to the writer that went on, or to nobody: the blob is being abandoned.
        }
    }

    /// <summary>Waits for the previous segment's write (and reports its failure), then starts this one's.</summary>
    private async ValueTask HandOffAsync()
    {
        await _writing.ConfigureAwait(false);
        var segment = _filling;
        var length = _filled;
        var offset = _handedOff;
        (_filling, _spare) = (_spare, segment);
        _filled = 0;
        _handedOff += length;
        _writing = Task.Run(() => WriteSegment(segment, length, offset), CancellationToken.None);
    }

    private void WriteSegment(AlignedSegment segment, int length, long offset)
    {
        RandomAccess.Write(_handle, segment.Span[..length], offset);
        var end = offset + length;
        PageCacheHints.StartWriteBack(_handle, offset, length);
        if (offset > _forgotten)
        {
            // The segments before this one were handed to the disk at least one segment ago.
            PageCacheHints.WriteBackAndForget(_handle, _forgotten, offset - _forgotten);
            _forgotten = offset;
        }

        if (end - _synced >= DataSyncEvery && _syncing.IsCompleted)
        {
            _synced = end;
            _syncing = Task.Run(() => PageCacheHints.DataSync(_handle), CancellationToken.None);
        }
    }

    private void ReturnBuffers()
    {
        _filling.Dispose();
        _spare.Dispose();
    }
}
