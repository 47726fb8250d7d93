namespace Haven.Cases;

/// <summary>Why a note or a version of the case data was not stored.</summary>
internal enum CaseWriteOutcome
{
    None,
    NotFound,
    FormExpired,
    TextMissing,
    TextTooLong,
    TooManySteps,
    TooManyTags,
    TagTooLong,

    /// <summary>The data is the same as the current version; no new version was stored.</summary>
    Unchanged,
}
