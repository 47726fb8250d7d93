using Haven.Crypto;

namespace Haven.Backup;

/// <summary>
/// A write-only stream that hands everything written to a <see cref="FileEncryptor"/>, so that the tar
/// writer's output goes straight into the encrypted backup: no plaintext of the payload is ever written
/// anywhere else. <see cref="CompleteAsync"/> writes the final chunk; without it the backup never decrypts.
/// </summary>
internal sealed class EncryptingStream(FileEncryptor encryptor) : Stream
{
    private long _written;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _written;
        set => throw new NotSupportedException();
    }

    public async Task CompleteAsync(CancellationToken cancellationToken) => await encryptor.CompleteAsync(cancellationToken);

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer) =>

        // The tar writer is used through its asynchronous methods; this path exists for completeness only.
        WriteAsync(buffer.ToArray()).AsTask().GetAwaiter().GetResult();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await encryptor.WriteAsync(buffer, cancellationToken);
        _written += buffer.Length;
    }

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
