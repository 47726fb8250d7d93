namespace Haven.Web.Files;

/// <summary>A read-only stream that can tell whether its source is empty without losing the first byte.</summary>
internal sealed class PeekStream(Stream inner) : Stream
{
    private int _peeked = -1;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public async Task<bool> IsEmptyAsync(CancellationToken cancellationToken)
    {
        var one = new byte[1];
        var read = await inner.ReadAsync(one, cancellationToken);
        _peeked = read == 0 ? -1 : one[0];
        return read == 0;
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        if (_peeked >= 0)
        {
            buffer.Span[0] = (byte)_peeked;
            _peeked = -1;
            return 1 + (buffer.Length > 1 ? await inner.ReadAsync(buffer[1..], cancellationToken) : 0);
        }

        return await inner.ReadAsync(buffer, cancellationToken);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
