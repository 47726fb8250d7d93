using System.Globalization;

namespace Haven.Record.Vocabulary;

/// <summary>A country (<see cref="ParentKey"/> null) or a region of a country, as <see cref="RecordVocabulary"/> gives it.</summary>
internal sealed record GazetteerRegion(string Key, string? ParentKey, bool Retired, IReadOnlyDictionary<string, string> Labels)
{
    /// <summary>The label in <paramref name="culture"/>, falling back to its parent culture, then English, then the key.</summary>
    public string Label(CultureInfo culture) => VocabularyRules.Label(Labels, culture, Key);

    /// <summary>How the desk shows a place: "Country › Region", or the country alone; a key the gazetteer does not know as it is.</summary>
    public static string Place(IReadOnlyDictionary<string, GazetteerRegion> regions, string key, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(regions);
        if (!regions.TryGetValue(key, out var region))
        {
            return key;
        }

        return region.ParentKey is { } parent && regions.TryGetValue(parent, out var country)
            ? $"{country.Label(culture)} › {region.Label(culture)}"
            : region.Label(culture);
    }
}
