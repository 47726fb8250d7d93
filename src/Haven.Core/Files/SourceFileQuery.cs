using Haven.Cases;
using Haven.Crypto;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Files;

/// <summary>
/// Opens a file a responder sent to the person, with the person's receipt keys: only records sealed to
/// the source key (replies) can be opened, so a person can never download what they sent themselves.
/// </summary>
internal sealed class SourceFileQuery(IDbContextFactory<HavenDbContext> dbFactory, BlobStore store)
{
    /// <summary>
    /// Opens a file a responder sent on the person's case. Null when the id is malformed, the file is not of that case,
    /// or its record is not sealed to the person (anything they sent themselves).
    /// </summary>
    public async Task<OpenedFile?> ExecuteAsync(string caseId, string fileId, ReceiptKeys keys, CancellationToken cancellationToken)
    {
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
        if (record?.KeyForSource is null)
        {
            return null;
        }

        return DeskFileQuery.Open(store, CaseRecords.Open(record, record.KeyForSource, keys.SourceKeys), fileId);
    }
}
