namespace Haven.Files;

internal enum CleanCopyOutcome
{
    Made,
    NotFound,
    FormExpired,

    /// <summary>The file is itself a cleaned copy: copies are made of originals only.</summary>
    IsCopy,
    NotSupported,
    TooLarge,
    Unreadable,
    QuotaExceeded,

    /// <summary>Files are switched off (<c>Haven:Files:MaxFilesPerMessage</c> is 0).</summary>
    FilesDisabled,
}
