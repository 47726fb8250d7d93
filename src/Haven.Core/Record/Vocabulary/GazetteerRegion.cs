using System.Globalization;

namespace Haven.Record.Vocabulary;

/// <summary>A country (<see cref="ParentKey"/> null) or a region of a country, as <see cref="RecordVocabulary"/> gives it.</summary>
internal sealed record GazetteerRegion(string Key, string? ParentKey, bool Retired, IReadOnlyDictionary<string, string> Labels)
{
    /// <summary>The label in <paramref name="culture"/>, falling back to its parent culture, then English, then the key.</summary>
    public string Label(CultureInfo culture) => VocabularyRules.Label(Labels, culture, Key);
}
