using System.Globalization;
using Microsoft.Extensions.Localization;

namespace Haven.Web.Pages;

/// <summary>
/// Counted phrases in the page's language: <c>Key_One</c>, <c>Key_Few</c> or <c>Key_Many</c> from the
/// resources, chosen by Unicode CLDR's cardinal plural rules for integers ("1 файл", "2 файла", "5 файлов",
/// "21 файл"; English uses <c>_One</c> for 1 and <c>_Many</c> otherwise). A new language adds its rule here
/// when it has more forms than these.
/// </summary>
internal static class Plural
{
    public static LocalizedString Of(IStringLocalizer t, string key, long count) =>
        t[key + "_" + Category(CultureInfo.CurrentUICulture, count), count];

    /// <summary>"One", "Few" or "Many" for <paramref name="count"/> in <paramref name="culture"/>.</summary>
    public static string Category(CultureInfo culture, long count)
    {
        var n = Math.Abs(count);
        switch (culture.TwoLetterISOLanguageName)
        {
            case "ru":
            case "uk":
                var (mod10, mod100) = (n % 10, n % 100);
                return mod10 == 1 && mod100 != 11 ? "One"
                    : mod10 is >= 2 and <= 4 && mod100 is not (>= 12 and <= 14) ? "Few"
                    : "Many";
            default:
                return n == 1 ? "One" : "Many";
        }
    }
}
