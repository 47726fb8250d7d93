namespace Haven.Files;

/// <summary>
/// A stored file: only what the server needs to keep, delete and authorise it (random ids, the encrypted
/// blob's length, a coarse date). Its name, declared type, size, SHA-256 and key live only inside the
/// encrypted record that lists it (<see cref="FileAttachment"/>).
/// </summary>
internal sealed class StoredFile
{
    public required string Id { get; init; }

    public required string CaseId { get; init; }

    /// <summary>The record whose content lists this file (and holds its key).</summary>
    public required string RecordId { get; init; }

    /// <summary>Bytes of the encrypted blob on disk; counts towards the storage quota.</summary>
    public long Length { get; init; }

    public DateOnly CreatedOn { get; init; }

    /// <summary>For a cleaned working copy, the original it was made from; null for a file as received.</summary>
    public string? OriginalId { get; init; }
}
