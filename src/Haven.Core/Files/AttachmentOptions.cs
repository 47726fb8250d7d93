namespace Haven.Files;

/// <summary>Limits on files (<c>Haven:Files</c>), validated at start-up.</summary>
internal sealed class AttachmentOptions
{
    /// <summary>Largest file accepted, in bytes (default 2 GiB).</summary>
    public long MaxFileBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Most files in one message, request or reply (default 10).</summary>
    public int MaxFilesPerMessage { get; set; } = 10;

    /// <summary>Most bytes all encrypted blobs together may take (default 100 GiB).</summary>
    public long QuotaBytes { get; set; } = 100L * 1024 * 1024 * 1024;

    /// <summary>The largest request body an upload form may send: every file at its limit, plus the text fields.</summary>
    public long MaxUploadBytes => checked((MaxFileBytes * MaxFilesPerMessage) + (16L * 1024 * 1024));

    public string? Problem()
    {
        if (MaxFileBytes is < 1 or > 64L * 1024 * 1024 * 1024)
        {
            return "Haven:Files:MaxFileBytes must be between 1 and 68719476736 (64 GiB).";
        }

        if (MaxFilesPerMessage is < 0 or > 100)
        {
            return "Haven:Files:MaxFilesPerMessage must be between 0 (no files) and 100.";
        }

        return QuotaBytes < 1 ? "Haven:Files:QuotaBytes must be at least 1." : null;
    }
}
