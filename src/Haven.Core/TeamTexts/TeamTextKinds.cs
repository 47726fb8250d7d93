namespace Haven.TeamTexts;

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
