using System.Globalization;
using Haven.Act.Letters;

namespace Haven.Web.Act;

/// <summary>The country select of the public forms: every code <see cref="ActCountries"/> knows, by its name in the page's language.</summary>
internal static class ActCountryNames
{
    public static IEnumerable<(string Code, string Name)> All(CultureInfo culture)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = culture;
        try
        {
            var comparer = StringComparer.Create(culture, ignoreCase: true);
            return [.. ActCountries.All.Select(code => (code, new RegionInfo(code).DisplayName)).OrderBy(c => c.Item2, comparer)];
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
