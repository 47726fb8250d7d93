using System.Globalization;
using System.Resources;
using Haven.TeamTexts;

namespace Haven.Web.TeamTexts;

/// <summary>
/// The team texts as pages show them: the team's current version in a language, or else the default from
/// the resources of that language (English where a language has none). Read from memory
/// (<see cref="TeamTextStore"/>), so a page shown during a storage outage still has them. Pages render the
/// texts through Razor, which encodes them: they are plain text, never HTML.
/// </summary>
internal sealed class TeamTextView(TeamTextStore store)
{
    private static readonly ResourceManager Resources = new("Haven.Web.Resources.SharedResource", typeof(SharedResource).Assembly);

    /// <summary>The resource key of a text's default, e.g. <c>TeamText_Default_ReplyTime</c>.</summary>
    public static string DefaultKey(TeamTextKind kind) => "TeamText_Default_" + kind;

    /// <summary>The default of a text in a language; the team's emergency contacts have none (empty).</summary>
    public static string Default(TeamTextKind kind, CultureInfo culture) =>
        kind == TeamTextKind.EmergencyContacts ? "" : Resources.GetString(DefaultKey(kind), culture) ?? throw new InvalidOperationException($"No resource {DefaultKey(kind)}.");

    /// <summary>The name of a language as its readers write it, e.g. "Русский".</summary>
    public static string LanguageName(CultureInfo culture)
    {
        var name = culture.NativeName;
        return name.Length == 0 ? culture.Name : char.ToUpper(name[0], culture) + name[1..];
    }

    /// <summary>The name of a language given by its culture name; the name itself if it is no culture.</summary>
    public static string LanguageName(string name)
    {
        try
        {
            return LanguageName(CultureInfo.GetCultureInfo(name));
        }
        catch (CultureNotFoundException)
        {
            return name;
        }
    }

    /// <summary>The line breaks of a text as paragraphs, without empty ones.</summary>
    public static IReadOnlyList<string> Paragraphs(string text) =>
        text.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0).ToList();

    /// <summary>The team's current version, or null while the text is the default.</summary>
    public TeamTextVersion? Current(TeamTextKind kind, CultureInfo culture) => store.Current(culture.Name, kind);

    /// <summary>What a text reads in a language.</summary>
    public string Text(TeamTextKind kind, CultureInfo culture) => Current(kind, culture)?.Text ?? Default(kind, culture);

    /// <summary>What a text reads in the language of the page.</summary>
    public string Text(TeamTextKind kind) => Text(kind, CultureInfo.CurrentUICulture);
}
