namespace Haven.TeamTexts;

/// <summary>
/// One version of one team text in one language. Versions are never changed or deleted: the current text is
/// the highest version, and a version without <see cref="Text"/> means "back to the default". Public
/// configuration shown to anyone who opens the intake, so stored in the clear.
/// </summary>
internal sealed class TeamTextVersion
{
    /// <summary>The culture name of the intake language, e.g. <c>en</c> or <c>ru</c>.</summary>
    public required string Language { get; init; }

    /// <summary>The <see cref="TeamTextKinds.Key"/> of the text.</summary>
    public required string Kind { get; init; }

    /// <summary>1 for the first change of this text in this language, then one more for each change.</summary>
    public int Version { get; init; }

    /// <summary>The team's text, or null when this version went back to the default.</summary>
    public string? Text { get; init; }

    /// <summary>The responder who made the change.</summary>
    public required string ChangedBy { get; init; }

    public DateOnly ChangedOn { get; init; }
}
