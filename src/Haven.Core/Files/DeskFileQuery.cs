using Haven.Accounts;
using Haven.Cases;
using Haven.Crypto;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Files;

/// <summary>
/// Opens a file of a case for a responder who holds the case: the record that lists the file is decrypted
/// with the responder's seal of the case key, and the blob with the file key found in it. Null when the
/// responder holds no key to it, the file is not of that case, or the blob is gone: the caller answers 404.
/// </summary>
internal sealed class DeskFileQuery(IDbContextFactory<HavenDbContext> dbFactory, BlobStore store)
{
    /// <summary>
    /// Opens <paramref name="fileId"/> of <paramref name="caseId"/> for <paramref name="responder"/>. Null when an id
    /// is malformed, the file is not of that case, the responder holds no key to it or the blob is gone.
    /// </summary>
    public async Task<OpenedFile?> ExecuteAsync(string caseId, string fileId, UnlockedResponder responder, CancellationToken cancellationToken)
    {
        if (!RandomId.IsValid(caseId) || !RandomId.IsValid(fileId))
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

        var keys = await CaseRecords.OpenCaseKeysAsync(db, caseId, responder.Id, responder.BoxKeys, cancellationToken);
        try
        {
            if (!keys.TryGetValue(record.KeyGeneration, out var key))
            {
                return null;
            }

            return Open(store, CaseRecords.Open(record, record.KeyForCase, key), fileId);
        }
        finally
        {
            foreach (var key in keys.Values)
            {
                key.Dispose();
            }
        }
    }

    /// <summary>The attachment <paramref name="fileId"/> of decrypted record content, with its blob opened for decryption.</summary>
    public static OpenedFile? Open(BlobStore store, RecordContent? content, string fileId)
    {
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
