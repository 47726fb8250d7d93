namespace Haven.TeamTexts;

/// <summary>Why a change of a team text was refused, or that there was nothing to change.</summary>
internal enum TeamTextOutcome
{
    None,

    /// <summary>The text already reads so (or is already the default): no new version.</summary>
    Unchanged,

    /// <summary>The responder may not set team texts.</summary>
    NotAllowed,

    /// <summary>Not a language name.</summary>
    UnknownLanguage,

    /// <summary>Longer than <see cref="TeamTextKinds.MaxLengthOf"/>.</summary>
    TooLong,
}
