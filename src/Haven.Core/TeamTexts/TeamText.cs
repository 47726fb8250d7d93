namespace Haven.TeamTexts;

/// <summary>
/// The texts each team sets for the intake ("what happens next and what to do now"). Each has a default in
/// every language the intake speaks (the web's resources); a team's own version replaces it in one language.
/// </summary>
internal enum TeamTextKind
{
    /// <summary>How soon the team usually replies, a few words such as "within 24 hours".</summary>
    ReplyTime,

    /// <summary>That a real person reads every message.</summary>
    RealPerson,

    /// <summary>That the team asks checking questions before sharing any plan, and why.</summary>
    Checking,

    /// <summary>That help is free and the team never asks for money or for meetings through apps.</summary>
    Free,

    /// <summary>What to do in immediate danger, with a warning where calling the local police is itself dangerous.</summary>
    Danger,

    /// <summary>The team's own emergency contacts, shown in the danger block; none by default.</summary>
    EmergencyContacts,

    /// <summary>"Write as you can, mistakes do not matter", and the languages the team reads.</summary>
    Languages,
}

/// <summary>Names and limits of the <see cref="TeamTextKind"/>s.</summary>
internal static class TeamTextKinds
{
    /// <summary>The longest a text may be, in characters (UTF-16 code units, never fewer than the code points the database counts).</summary>
    public const int MaxLength = 2000;

    /// <summary>The longest expected reply time: it is a few words inside a sentence.</summary>
    public const int MaxReplyTimeLength = 100;

    public static readonly IReadOnlyList<TeamTextKind> All = Enum.GetValues<TeamTextKind>();

    /// <summary>The name stored in the database and in audit entries, e.g. <c>reply_time</c>.</summary>
    public static string Key(TeamTextKind kind) => kind switch
    {
        TeamTextKind.ReplyTime => "reply_time",
        TeamTextKind.RealPerson => "real_person",
        TeamTextKind.Checking => "checking",
        TeamTextKind.Free => "free",
        TeamTextKind.Danger => "danger",
        TeamTextKind.EmergencyContacts => "emergency_contacts",
        TeamTextKind.Languages => "languages",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static bool TryParse(string? key, out TeamTextKind kind)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(Key(candidate), key, StringComparison.Ordinal))
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }

    public static int MaxLengthOf(TeamTextKind kind) => kind == TeamTextKind.ReplyTime ? MaxReplyTimeLength : MaxLength;
}

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
