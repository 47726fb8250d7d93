using System.Buffers;
using Haven.Crypto;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Haven.Files;

/// <summary>
/// Takes one file as it streams in and encrypts it into a pending blob of a <see cref="FileBatch"/>: the
/// plaintext exists only in the read buffer and the encryptor's chunk, both in memory. Limits are checked
/// as the bytes arrive, so an oversized file is refused without ever being held whole.
/// </summary>
internal sealed class FileReceiver(BlobStore store, StorageQuota quota, SharedQuota shared, IOptions<AttachmentOptions> options, IDbContextFactory<HavenDbContext> dbFactory)
{
    private const int BufferLength = 256 * 1024;

    public AttachmentOptions Options => options.Value;

    /// <summary>A new, empty batch for one message.</summary>
    public async Task<FileBatch> NewBatchAsync(CancellationToken cancellationToken)
    {
        await CountUsedAsync(cancellationToken);
        return NewBatch();
    }

    /// <summary>
    /// A new, empty batch without touching the database: a form without files must still be read (and shown
    /// back to its sender) while the database is down. The quota is counted when the first file arrives.
    /// </summary>
    public FileBatch NewBatch() => new(store, quota, shared.IsActive ? shared : null);

    /// <summary>
    /// Encrypts <paramref name="content"/> into the batch. On a problem the partial blob is deleted at once and
    /// the rest of <paramref name="content"/> is left unread (the caller drains it).
    /// </summary>
    public async Task<FileOutcome> ReceiveAsync(FileBatch batch, Stream content, string? name, string? type, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        if (batch.Count >= limits.MaxFilesPerMessage)
        {
            return FileOutcome.TooMany;
        }

        await CountUsedAsync(cancellationToken);

        var id = RandomId.New();
        var key = FileCipher.NewKey();
        batch.Track(id);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferLength);
        var taken = false;
        try
        {
            FileDigest digest;
            long blobLength;
            await using (var blob = store.CreatePending(id))
            {
                using var encryptor = new FileEncryptor(blob, key, id);
                if (!await batch.ReserveAsync(FileCipher.HeaderLength + FileCipher.ChunkOverhead, cancellationToken))
                {
                    store.DeletePending(id);
                    return FileOutcome.QuotaExceeded;
                }

                int read;
                while ((read = await content.ReadAsync(buffer.AsMemory(0, BufferLength), cancellationToken)) > 0)
                {
                    if (encryptor.Length + read > limits.MaxFileBytes)
                    {
                        await blob.DisposeAsync();
                        store.DeletePending(id);
                        return FileOutcome.TooLarge;
                    }

                    if (!await batch.ReserveAsync(read + (((read / FileCipher.ChunkLength) + 1) * FileCipher.ChunkOverhead), cancellationToken))
                    {
                        await blob.DisposeAsync();
                        store.DeletePending(id);
                        return FileOutcome.QuotaExceeded;
                    }

                    await encryptor.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    Array.Clear(buffer, 0, read);
                }

                digest = await encryptor.CompleteAsync(cancellationToken);
                await blob.SyncToDiskAsync(cancellationToken);
                blobLength = blob.Length;
            }

            batch.Add(new ReceivedFile(id, key, SafeFileName.ForRecord(name), DeclaredType(type), digest.Length, digest.Sha256, blobLength));
            taken = true;
            return FileOutcome.None;
        }
        catch
        {
            store.DeletePending(id);
            throw;
        }
        finally
        {
            if (!taken)
            {
                Array.Clear(key);
            }

            Array.Clear(buffer);
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Counts the committed bytes from the database, once per process.</summary>
    private async Task CountUsedAsync(CancellationToken cancellationToken)
    {
        if (!quota.IsKnown)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            quota.SetUsed(await db.Files.SumAsync(f => f.Length, cancellationToken));
        }
    }

    /// <summary>The declared type, kept only if it looks like a media type; never used to serve the file.</summary>
    private static string DeclaredType(string? type)
    {
        var value = type?.Trim() ?? "";
        return value.Length is > 0 and <= 127 && value.Count(c => c == '/') == 1 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '+' or '-' or '_')
            ? value.ToLowerInvariant()
            : "application/octet-stream";
    }
}
