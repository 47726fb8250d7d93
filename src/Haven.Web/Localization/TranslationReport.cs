using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text;

namespace Haven.Web.Localization;

/// <summary>Builds <see cref="LanguageReport"/>s from the compiled resources; <c>dotnet run --project src/Haven.Web -- translations</c> prints them.</summary>
internal static class TranslationReport
{
    /// <summary>Keys that are rightly the same in every language (a brand name).</summary>
    public static readonly IReadOnlySet<string> SameInEveryLanguage = new HashSet<string>(StringComparer.Ordinal) { "Site_Name" };

    private static readonly PluralCategory[] AllCategories = Enum.GetValues<PluralCategory>();

    /// <summary>The report of every language of the site but English.</summary>
    public static IReadOnlyList<LanguageReport> ForSite()
    {
        var manager = new ResourceManager("Haven.Web.Resources.SharedResource", typeof(SharedResource).Assembly);
        var english = Texts(manager, CultureInfo.InvariantCulture);
        return [.. Languages.Of(typeof(SharedResource).Assembly).Where(c => c.Name != Languages.English.Name).Select(c => For(c, english, Texts(manager, c)))];
    }

    /// <summary>The report of <paramref name="culture"/>, whose own file holds <paramref name="translated"/>.</summary>
    public static LanguageReport For(CultureInfo culture, IReadOnlyDictionary<string, string> english, IReadOnlyDictionary<string, string> translated)
    {
        var rule = PluralRules.For(culture);
        var families = english.Keys
            .Where(k => k.EndsWith("_" + PluralCategory.Other, StringComparison.Ordinal))
            .Select(k => k[..^(PluralCategory.Other.ToString().Length + 1)])
            .ToHashSet(StringComparer.Ordinal);
        var formsOfFamilies = families.SelectMany(f => AllCategories.Select(c => Plural.Key(f, c))).ToHashSet(StringComparer.Ordinal);

        var needed = english.Keys.Where(k => !formsOfFamilies.Contains(k))
            .Concat(families.SelectMany(f => rule.IntegerCategories.Select(c => Plural.Key(f, c))))
            .ToHashSet(StringComparer.Ordinal);

        // "other" is also fine where whole numbers never reach it: fractions do (1,5 in Russian).
        var allowed = needed.Concat(families.Select(f => Plural.Key(f, PluralCategory.Other))).ToHashSet(StringComparer.Ordinal);

        var missing = needed.Where(k => !translated.ContainsKey(k));
        var untranslated = translated.Where(e => needed.Contains(e.Key) && !SameInEveryLanguage.Contains(e.Key)
            && english.TryGetValue(e.Key, out var en) && en == e.Value).Select(e => e.Key);
        var unused = translated.Keys.Where(k => !allowed.Contains(k));
        return new(culture, Sorted(missing), Sorted(untranslated), Sorted(unused));
    }

    /// <summary>The reports as text: a line per language, then a line per key to look at.</summary>
    public static string Format(IEnumerable<LanguageReport> reports)
    {
        var text = new StringBuilder();
        foreach (var r in reports)
        {
            text.Append(CultureInfo.InvariantCulture, $"{r.Culture.Name} ({Languages.NativeName(r.Culture)}): {r.Missing.Count} missing, {r.Untranslated.Count} same as English, {r.Unused.Count} unused\n");
            foreach (var (label, keys) in new[] { ("missing", r.Missing), ("same as English", r.Untranslated), ("unused", r.Unused) })
            {
                foreach (var key in keys)
                {
                    text.Append(CultureInfo.InvariantCulture, $"  {label}: {key}\n");
                }
            }
        }

        return text.ToString();
    }

    private static Dictionary<string, string> Texts(ResourceManager manager, CultureInfo culture) =>
        manager.GetResourceSet(culture, createIfNotExists: true, tryParents: false)?.Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => e.Value as string ?? "", StringComparer.Ordinal) ?? [];

    private static string[] Sorted(IEnumerable<string> keys) => [.. keys.Order(StringComparer.Ordinal)];
}
