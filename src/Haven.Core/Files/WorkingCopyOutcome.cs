namespace Haven.Files;

/// <summary>What became of a request for a working copy (<see cref="WorkingCopyMaker"/>): made, or why not.</summary>
internal enum WorkingCopyOutcome
{
    Made,
    NotFound,
    FormExpired,

    /// <summary>The file is itself a working copy, and this kind of copy is made of evidentiary copies only (cleaned copies).</summary>
    IsCopy,
    NotSupported,
    TooLarge,
    Unreadable,
    QuotaExceeded,

    /// <summary>Files are switched off (<c>Haven:Files:MaxFilesPerMessage</c> is 0).</summary>
    FilesDisabled,

    /// <summary>A redaction of a file that is not a JPEG, PNG, GIF, WebP or TIFF image.</summary>
    NotAnImage,

    /// <summary>A redaction without any rectangle, or with a rectangle that is empty, malformed or not inside the image.</summary>
    BadRectangles,

    /// <summary>A redaction with more than <see cref="Redaction.MaxRectangles"/> rectangles.</summary>
    TooManyRectangles,
}
