namespace Haven.Web.Files;

/// <summary>Why a streamed form was refused, and with which status.</summary>
internal enum UploadOutcome
{
    None,

    /// <summary>400: the antiforgery token is missing, stale or comes after a file.</summary>
    FormExpired,

    /// <summary>400: not a form, or a malformed one.</summary>
    Malformed,

    /// <summary>413: a file over the size limit.</summary>
    FileTooLarge,

    /// <summary>413: more files than allowed in one message.</summary>
    TooManyFiles,

    /// <summary>413: a text field far beyond any limit.</summary>
    FieldTooLarge,

    /// <summary>507: the storage quota is reached.</summary>
    QuotaExceeded,

    /// <summary>507: the disk is full (ENOSPC) while a file was being stored; the text is kept, the partial blob deleted.</summary>
    OutOfSpace,

    /// <summary>503: the database could not be reached while a file was being taken; try again shortly.</summary>
    StorageUnavailable,
}
