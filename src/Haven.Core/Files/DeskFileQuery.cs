using Haven.Accounts;
using Haven.Cases;
using Haven.Crypto;
using Haven.Storage;

namespace Haven.Files;

/// <summary>
/// Opens a file of a case for a responder who holds the case: the record that lists the file is decrypted
/// with the responder's seal of the case key, and the blob with the file key found in it. Null when the
/// responder holds no key to it, the file is not of that case, or the blob is gone: the caller answers 404.
/// </summary>
internal sealed class DeskFileQuery(CaseFileOpener files)
{
    /// <summary>
    /// Opens <paramref name="fileId"/> of <paramref name="caseId"/> for <paramref name="responder"/>. Null when an id
    /// is malformed, the file is not of that case, the responder holds no key to it or the blob is gone.
    /// </summary>
    public Task<OpenedFile?> ExecuteAsync(string caseId, string fileId, UnlockedResponder responder, CancellationToken cancellationToken) =>
        RandomId.IsValid(caseId)
            ? files.OpenAsync(caseId, fileId, (db, record) => DecryptAsync(db, caseId, record, responder, cancellationToken), cancellationToken)
            : Task.FromResult<OpenedFile?>(null);

    private static async Task<RecordContent?> DecryptAsync(HavenDbContext db, string caseId, CaseRecord record, UnlockedResponder responder, CancellationToken cancellationToken)
    {
        var keys = await CaseRecords.OpenCaseKeysAsync(db, caseId, responder.Id, responder.BoxKeys, cancellationToken);
        try
        {
            return keys.TryGetValue(record.KeyGeneration, out var key) ? CaseRecords.Open(record, record.KeyForCase, key) : null;
        }
        finally
        {
            foreach (var key in keys.Values)
            {
                key.Dispose();
            }
        }
    }
}
