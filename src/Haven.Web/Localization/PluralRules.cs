using System.Globalization;

namespace Haven.Web.Localization;

/// <summary>
/// CLDR's cardinal plural rules for the languages Haven ships and those it is ready for (a small table rather
/// than ICU, which .NET does not expose for plurals). A language missing here counts everything as
/// <see cref="PluralCategory.Other"/>: add its rule from
/// <see href="https://www.unicode.org/cldr/charts/latest/supplemental/language_plural_rules.html"/> when it has more forms.
/// </summary>
internal static class PluralRules
{
    /// <summary>Languages with one rule ("other" only), used for a language not in the table.</summary>
    public static readonly PluralRule Default = new("", [PluralCategory.Other], _ => PluralCategory.Other);

    /// <summary>Russian and Ukrainian share CLDR's rule: one 1, 21, 101…; few 2–4, 22–24…; many 0, 5–20, 11–14…; other for fractions.</summary>
    private static readonly Func<PluralOperands, PluralCategory> EastSlavic = o =>
    {
        if (o.V != 0)
        {
            return PluralCategory.Other;
        }

        var (mod10, mod100) = (o.I % 10, o.I % 100);
        return mod10 == 1 && mod100 != 11 ? PluralCategory.One
            : mod10 is >= 2 and <= 4 && mod100 is not (>= 12 and <= 14) ? PluralCategory.Few
            : PluralCategory.Many;
    };

    private static readonly Dictionary<string, PluralRule> Table = new PluralRule[]
    {
        // en: one → i = 1 and v = 0
        new("en", [PluralCategory.One, PluralCategory.Other], o => o.I == 1 && o.V == 0 ? PluralCategory.One : PluralCategory.Other),

        // ru, uk: one → v = 0 and i % 10 = 1 and i % 100 != 11; few → v = 0 and i % 10 = 2..4 and i % 100 != 12..14;
        // many → v = 0 and (i % 10 = 0 or i % 10 = 5..9 or i % 100 = 11..14); other → the rest (fractions)
        new("ru", [PluralCategory.One, PluralCategory.Few, PluralCategory.Many], EastSlavic),
        new("uk", [PluralCategory.One, PluralCategory.Few, PluralCategory.Many], EastSlavic),
    }.ToDictionary(r => r.Language, StringComparer.Ordinal);

    /// <summary>The rule of <paramref name="culture"/>'s language, or <see cref="Default"/> when the table has none.</summary>
    public static PluralRule For(CultureInfo culture) =>
        Table.GetValueOrDefault(culture.TwoLetterISOLanguageName) ?? Default;

    /// <summary>Every language the table knows.</summary>
    public static IEnumerable<PluralRule> All => Table.Values;

    /// <summary>The category of <paramref name="number"/> (as written: 1.0 is not 1 in English) in <paramref name="culture"/>.</summary>
    public static PluralCategory Category(CultureInfo culture, decimal number) => For(culture).Select(PluralOperands.Of(number));
}
