namespace Haven.Record.Vocabulary;

/// <summary>
/// Labels by culture name as a command receives them, checked and normalized before anything is written. A culture
/// given with an empty label loses its label (it then falls back to English); a culture not given keeps its own.
/// </summary>
internal static class LabelSet
{
    /// <summary>
    /// The labels <paramref name="current"/> become with <paramref name="changes"/>: culture names must be well formed,
    /// labels valid, and English must remain.
    /// </summary>
    public static VocabularyOutcome TryMerge(IReadOnlyDictionary<string, string> current, IReadOnlyDictionary<string, string?> changes, out Dictionary<string, string> merged)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(changes);
        merged = new Dictionary<string, string>(current, StringComparer.Ordinal);
        foreach (var (culture, label) in changes)
        {
            if (!VocabularyRules.IsCultureName(culture))
            {
                return VocabularyOutcome.InvalidCulture;
            }

            var text = VocabularyRules.NormalizeLabel(label);
            if (text.Length == 0)
            {
                merged.Remove(culture);
            }
            else if (VocabularyRules.IsLabel(text))
            {
                merged[culture] = text;
            }
            else
            {
                return VocabularyOutcome.InvalidLabel;
            }
        }

        return merged.ContainsKey(VocabularyRules.FallbackCulture) ? VocabularyOutcome.None : VocabularyOutcome.MissingEnglishLabel;
    }

    /// <summary>Whether two sets of labels are the same.</summary>
    public static bool Same(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var other) && other == p.Value);
}
