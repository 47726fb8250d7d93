using System.Buffers;
using System.Formats.Tar;
using Haven.Crypto;
using Haven.Files;

namespace Haven.Evidence.Bundles;

/// <summary>
/// Streams a prepared bundle: the tar (<see cref="System.Formats.Tar"/>, pax) is written into the OpenPGP literal
/// packet, each file's blob decrypted chunk by chunk as it goes (<see cref="FileDecryptingStream"/>) and hashed on
/// the way (<see cref="ListedFileStream"/>). A file whose bytes differ from the SHA-256 or the size its record lists
/// throws before its last chunk is written, so the message is left cut short and <c>gpg</c> reports it broken.
/// Nothing is written anywhere but <c>output</c>, and at most a few chunks of any file are in memory at once.
/// </summary>
/// <remarks>
/// BouncyCastle writes synchronously; the ciphertext it produces goes into a small buffer that is sent to
/// <c>output</c> asynchronously after every write (<see cref="EncryptingTarSink"/>), so a slow reader at the other
/// end holds back reading from the disk instead of filling memory.
/// </remarks>
internal sealed class BundleStreamWriter(BlobStore store)
{
    /// <summary>The names of the entries before the files, in the order the tar holds them.</summary>
    public const string ManifestName = "manifest.json";

    public const string ResponderSignatureName = "manifest.json.responder.sig";

    public const string InstanceSignatureName = "manifest.json.instance.sig";

    public const string PublicKeysName = "public-keys.json";

    public const string ReadmeName = "README.txt";

    /// <summary>Whether the blob of <paramref name="fileId"/> is in place.</summary>
    public bool BlobExists(string fileId) => store.Exists(fileId);

    public async Task WriteAsync(BundlePlan plan, Stream output, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(output);
        var content = plan.Content;
        var pending = new PendingCiphertext();
        var (encrypted, literal) = content.Encryption.Open(pending, "haven-evidence-" + plan.BundleId + ".tar", content.Created.UtcDateTime);
        var sink = new EncryptingTarSink(literal, pending, output);
        await using (var tar = new TarWriter(sink, TarEntryFormat.Pax, leaveOpen: true))
        {
            await WriteSmallAsync(tar, ManifestName, content.Manifest, content.Created, cancellationToken);
            await WriteSmallAsync(tar, ResponderSignatureName, content.ResponderSignature, content.Created, cancellationToken);
            await WriteSmallAsync(tar, InstanceSignatureName, content.InstanceSignature, content.Created, cancellationToken);
            await WriteSmallAsync(tar, PublicKeysName, content.PublicKeys, content.Created, cancellationToken);
            await WriteSmallAsync(tar, ReadmeName, BundleReadme.Utf8, content.Created, cancellationToken);
            var sent = 0L;
            foreach (var (path, file) in content.Files)
            {
                var blob = store.OpenRead(file.Id) ?? throw new InvalidDataException($"The blob of file {file.Id} is gone.");
                var key = Convert.FromBase64String(file.Key);
                Stream decrypted;
                try
                {
                    decrypted = new FileDecryptingStream(blob, key, file.Id);
                }
                catch
                {
                    await blob.DisposeAsync();
                    throw;
                }
                finally
                {
                    Array.Clear(key);
                }

                await using var listed = new ListedFileStream(decrypted, file.Id, file.Size, file.Sha256, sent, progress);
                var entry = Entry(path, content.Created);
                entry.DataStream = listed;
                await tar.WriteEntryAsync(entry, cancellationToken);
                sent += file.Size;
            }
        }

        // Only once every file was written whole and matched: the end of the literal packet, then the MDC.
        literal.Dispose();
        encrypted.Dispose();
        await pending.DrainAsync(output, cancellationToken);
        await output.FlushAsync(cancellationToken);
    }

    private static PaxTarEntry Entry(string path, DateTimeOffset created) => new(TarEntryType.RegularFile, path)
    {
        Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
        ModificationTime = created,
    };

    private static async Task WriteSmallAsync(TarWriter tar, string name, byte[] bytes, DateTimeOffset created, CancellationToken cancellationToken)
    {
        var entry = Entry(name, created);
        entry.DataStream = new MemoryStream(bytes, writable: false);
        await tar.WriteEntryAsync(entry, cancellationToken);
    }

    /// <summary>What BouncyCastle wrote since the last drain: ciphertext only, at most a few chunks.</summary>
    private sealed class PendingCiphertext : Stream
    {
        private readonly ArrayBufferWriter<byte> _buffer = new(2 * BundleEncryption.ChunkLength);

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public async Task DrainAsync(Stream output, CancellationToken cancellationToken)
        {
            if (_buffer.WrittenCount > 0)
            {
                await output.WriteAsync(_buffer.WrittenMemory, cancellationToken);
                _buffer.ResetWrittenCount();
            }
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer) => _buffer.Write(buffer);

        public override void WriteByte(byte value) => _buffer.Write([value]);

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }

    /// <summary>The tar's output: each write goes into the literal packet, and the ciphertext it makes out to the caller.</summary>
    private sealed class EncryptingTarSink(Stream literal, PendingCiphertext pending, Stream output) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            literal.Write(buffer.Span);
            await pending.DrainAsync(output, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        // TarWriter writes asynchronously here; a synchronous write still reaches the literal packet and is sent with the next one.
        public override void Write(byte[] buffer, int offset, int count) => literal.Write(buffer, offset, count);

        public override void Write(ReadOnlySpan<byte> buffer) => literal.Write(buffer);

        public override void Flush()
        {
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
