using System.Globalization;
using System.Text.RegularExpressions;

namespace Haven.Act.Actions;

/// <summary>
/// The checks every desk command on an action shares: language lists, text lengths, and the refusal of anything
/// that looks like a link to a case (an Urgent Action is public and never points to a case).
/// </summary>
internal static partial class ActionTexts
{
    /// <summary>At most this many languages per action.</summary>
    public const int MaxLanguages = 12;

    /// <summary>A title, salutation, name or one-line field.</summary>
    public const int MaxShort = 300;

    /// <summary>A summary, background, recommended actions, letter body or note.</summary>
    public const int MaxLong = 20_000;

    /// <summary>Line ends as <c>\n</c>, trimmed.</summary>
    public static string Normalize(string? text) => (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Trim();

    /// <summary>
    /// Reads "en, ru,tr" into culture names, in order (lower-case language, as CultureInfo names them); null when
    /// empty, repeated, more than <see cref="MaxLanguages"/> or one is not a culture .NET knows.
    /// </summary>
    public static IReadOnlyList<string>? ParseLanguages(string? list)
    {
        var names = new List<string>();
        foreach (var part in (list ?? "").Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (part.Length > 16 || !part.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                return null;
            }

            CultureInfo culture;
            try
            {
                culture = CultureInfo.GetCultureInfo(part, predefinedOnly: true);
            }
            catch (CultureNotFoundException)
            {
                return null;
            }

            if (culture.Equals(CultureInfo.InvariantCulture) || names.Contains(culture.Name, StringComparer.OrdinalIgnoreCase))
            {
                return null;
            }

            names.Add(culture.Name);
        }

        return names.Count is > 0 and <= MaxLanguages ? names : null;
    }

    /// <summary>The languages of an action, in order.</summary>
    public static IReadOnlyList<string> LanguagesOf(UrgentAction action) =>
        action.Languages.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>True when <paramref name="text"/> holds something that looks like a case id (32 hex) or a desk address.</summary>
    public static bool LooksLikeCaseLink(string? text) =>
        !string.IsNullOrEmpty(text) && (text.Contains("/desk", StringComparison.OrdinalIgnoreCase) || HexId().IsMatch(text));

    /// <summary>True when any of <paramref name="texts"/> looks like a case link.</summary>
    public static bool AnyCaseLink(IEnumerable<string?> texts) => texts.Any(LooksLikeCaseLink);

    /// <summary>The fields of an action's text, for the checks.</summary>
    public static IEnumerable<string> Fields(ActionText t) => [t.Title, t.Summary, t.Background, t.RecommendedActions, t.LetterSubject, t.LetterBody];

    /// <summary>True when a field is over its limit (title and subject are short, the rest long).</summary>
    public static bool TooLong(ActionText t) =>
        t.Title.Length > MaxShort || t.LetterSubject.Length > MaxShort || t.Summary.Length > MaxLong || t.Background.Length > MaxLong
        || t.RecommendedActions.Length > MaxLong || t.LetterBody.Length > MaxLong;

    /// <summary>A text with every field normalized.</summary>
    public static ActionText Normalized(ActionText t) => new(
        Normalize(t.Title), Normalize(t.Summary), Normalize(t.Background), Normalize(t.RecommendedActions), Normalize(t.LetterSubject), Normalize(t.LetterBody));

    /// <summary>Whether the text has what publishing needs: title, summary, recommended actions and a letter template (subject and body).</summary>
    public static bool IsComplete(ActionText? t) =>
        t is not null && t.Title.Length > 0 && t.Summary.Length > 0 && t.RecommendedActions.Length > 0 && t.LetterSubject.Length > 0 && t.LetterBody.Length > 0;

    [GeneratedRegex("(?<![0-9a-fA-F])[0-9a-fA-F]{32}(?![0-9a-fA-F])", RegexOptions.CultureInvariant)]
    private static partial Regex HexId();
}
