namespace Haven.Record.Events;

/// <summary>What became of a save of an event or a victim: <see cref="Saved"/>, or why nothing was stored.</summary>
internal enum RecordWriteOutcome
{
    /// <summary>Stored as a new version (or already stored: a repeated form).</summary>
    Saved,

    /// <summary>No such event, victim or case for this responder: they hold no key of the case.</summary>
    NotFound,

    FormExpired,

    /// <summary>Another version was saved since the one the form was based on.</summary>
    Conflict,

    /// <summary>The same as the current version; nothing stored.</summary>
    Unchanged,

    /// <summary>The instance has no documentation key yet (an administrator creates it by opening Record).</summary>
    NoDocumentationKey,

    TitleMissing,
    TextTooLong,
    PseudonymMissing,

    /// <summary>A term key that does not exist, or is retired and was not already used by this event or victim.</summary>
    UnknownTerm,

    /// <summary>A region key that is not in the gazetteer, or retired and not already used.</summary>
    UnknownRegion,

    /// <summary>A date that is not a calendar date of its precision, or an end before the start.</summary>
    InvalidDates,

    /// <summary>A reliability outside 1..5.</summary>
    InvalidReliability,

    /// <summary>A group without a size above 0, or a size for an individual or a family.</summary>
    InvalidGroupSize,

    /// <summary>An act naming a victim that does not exist.</summary>
    UnknownVictim,

    /// <summary>A case source the responder does not hold, or an outside source with a case.</summary>
    UnknownSource,

    /// <summary>Ids that are not 32 lowercase hex, or the same id twice.</summary>
    InvalidIds,

    /// <summary>More acts, involvements or sources than <see cref="RecordLimits"/> allows.</summary>
    TooMany,
}
