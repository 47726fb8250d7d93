using Haven.Cases;
using Haven.Crypto;

namespace Haven.Files;

/// <summary>
/// Opens a file a responder sent to the person, with the person's receipt keys: only records sealed to
/// the source key (replies) can be opened, so a person can never download what they sent themselves.
/// </summary>
internal sealed class SourceFileQuery(CaseFileOpener files)
{
    /// <summary>
    /// Opens a file a responder sent on the person's case. Null when the id is malformed, the file is not of that case,
    /// or its record is not sealed to the person (anything they sent themselves).
    /// </summary>
    public Task<OpenedFile?> ExecuteAsync(string caseId, string fileId, ReceiptKeys keys, CancellationToken cancellationToken) =>
        files.OpenAsync(caseId, fileId, (_, record) => Task.FromResult(record.KeyForSource is null ? null : CaseRecords.Open(record, record.KeyForSource, keys.SourceKeys)), cancellationToken);
}
