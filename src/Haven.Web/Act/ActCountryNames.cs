using System.Collections.Concurrent;
using System.Globalization;
using Haven.Act.Letters;

namespace Haven.Web.Act;

/// <summary>The country select of the public forms: every code <see cref="ActCountries"/> knows, by its name in the page's language (ICU's names; English where it has none).</summary>
internal static class ActCountryNames
{
    private static readonly ConcurrentDictionary<string, (string Code, string Name)[]> ByLanguage = new(StringComparer.Ordinal);

    public static IEnumerable<(string Code, string Name)> All(CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        return ByLanguage.GetOrAdd(culture.TwoLetterISOLanguageName, language =>
        {
            var comparer = StringComparer.Create(culture, ignoreCase: true);
            return [.. ActCountries.All.Select(code => (code, Name(code, language))).OrderBy(c => c.Item2, comparer)];
        });
    }

    private static string Name(string code, string language)
    {
        var english = new RegionInfo(code).EnglishName;
        if (language == "en")
        {
            return english;
        }

        try
        {
            // A region's DisplayName is in the language of the culture it is made from ("ru-DE": "Германия").
            var name = new RegionInfo(CultureInfo.GetCultureInfo(language + "-" + code).Name).DisplayName;
            return string.IsNullOrWhiteSpace(name) ? english : name;
        }
        catch (ArgumentException)
        {
            return english;
        }
    }
}
