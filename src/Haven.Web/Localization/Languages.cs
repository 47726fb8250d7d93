using System.Globalization;
using System.Reflection;

namespace Haven.Web.Localization;

/// <summary>
/// The languages of the site: English (the neutral resources) and one more for each file
/// <c>Resources/SharedResource.&lt;code&gt;.resx</c>. The build records each such file as
/// <c>[AssemblyMetadata("HavenLanguage", "&lt;code&gt;")]</c> (Haven.Web.csproj), so adding a language is
/// adding its file: the language switch, the accepted cookie and <c>Accept-Language</c> follow.
/// </summary>
internal static class Languages
{
    /// <summary>The language of the neutral resource file, and of a browser that asks for none of the others.</summary>
    public static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    /// <summary>The assembly-metadata key the build writes for each language file.</summary>
    public const string MetadataKey = "HavenLanguage";

    /// <summary>English first, then the other languages by code.</summary>
    public static IReadOnlyList<CultureInfo> Of(Assembly assembly) =>
        [English, .. assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Where(a => a.Key == MetadataKey && !string.IsNullOrEmpty(a.Value))
            .Select(a => CultureInfo.GetCultureInfo(a.Value!))
            .OrderBy(c => c.Name, StringComparer.Ordinal)];

    /// <summary>A language's name in itself, as the switch shows it: "English", "Русский", "Українська".</summary>
    public static string NativeName(CultureInfo culture)
    {
        var name = culture.NativeName;
        return name.Length == 0 ? culture.Name : culture.TextInfo.ToUpper(name[0]) + name[1..];
    }
}
