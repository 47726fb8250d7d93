using System.Globalization;

namespace Haven.TeamTexts;

/// <summary>The audit subject of a change: <c>kind/language/version</c>, e.g. <c>reply_time/ru/3</c>.</summary>
internal static class TeamTextSubject
{
    public static string Format(TeamTextKind kind, string language, int version) =>
        string.Join('/', TeamTextKinds.Key(kind), language, version.ToString(CultureInfo.InvariantCulture));

    public static bool TryParse(string? subject, out TeamTextKind kind, out string language, out int version)
    {
        (kind, language, version) = (default, "", 0);
        var parts = subject?.Split('/');
        return parts is { Length: 3 }
            && TeamTextKinds.TryParse(parts[0], out kind)
            && SetTeamTextCommand.IsLanguageName(language = parts[1])
            && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out version);
    }
}
