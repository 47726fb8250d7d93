using Haven.Cases;
using Haven.Crypto;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Files;

/// <summary>
/// What <see cref="DeskFileQuery"/> and <see cref="SourceFileQuery"/> share: the <c>files</c> row of a file of the
/// case, the record that lists it, and the blob opened with the file key found in that record once the
/// reader's keys have decrypted it. Every missing piece is the same null: the caller answers 404.
/// </summary>
internal sealed class CaseFileOpener(IDbContextFactory<HavenDbContext> dbFactory, BlobStore store)
{
    /// <summary>
    /// Opens the file <paramref name="fileId"/> of the case <paramref name="caseId"/>: <paramref name="decrypt"/>
    /// opens the record that lists it with the reader's keys, or gives null when the reader holds none for it.
    /// </summary>
    public async Task<OpenedFile?> OpenAsync(string caseId, string fileId, Func<HavenDbContext, CaseRecord, Task<RecordContent?>> decrypt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decrypt);
        if (!RandomId.IsValid(fileId))
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var file = await db.Files.AsNoTracking().SingleOrDefaultAsync(f => f.Id == fileId && f.CaseId == caseId, cancellationToken);
        if (file is null)
        {
            return null;
        }

        var record = await db.Records.AsNoTracking().SingleOrDefaultAsync(r => r.Id == file.RecordId && r.CaseId == caseId, cancellationToken);
        if (record is null)
        {
            return null;
        }

        return Open(store, await decrypt(db, record), fileId);
    }

    /// <summary>The attachment <paramref name="fileId"/> of decrypted record content, with its blob opened for decryption.</summary>
    public static OpenedFile? Open(BlobStore store, RecordContent? content, string fileId)
    {
        ArgumentNullException.ThrowIfNull(store);
        var attachment = content?.Files?.FirstOrDefault(f => f.Id == fileId);
        if (attachment is null)
        {
            return null;
        }

        var blob = store.OpenRead(fileId);
        if (blob is null)
        {
            return null;
        }

        var key = Convert.FromBase64String(attachment.Key);
        try
        {
            return new OpenedFile(attachment, new FileDecryptingStream(blob, key, fileId));
        }
        finally
        {
            Array.Clear(key);
        }
    }
}
