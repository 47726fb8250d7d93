using System.Globalization;

namespace Haven.Record.Vocabulary;

/// <summary>A term of a controlled list as <see cref="RecordVocabulary"/> gives it: its key, whether it is retired, and its labels by culture name.</summary>
internal sealed record VocabularyTerm(string Key, bool Retired, IReadOnlyDictionary<string, string> Labels)
{
    /// <summary>The label in <paramref name="culture"/>, falling back to its parent culture, then English, then the key.</summary>
    public string Label(CultureInfo culture) => VocabularyRules.Label(Labels, culture, Key);
}
