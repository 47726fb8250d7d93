using System.Text.Json.Serialization;

namespace Haven.Figures.Tables;

/// <summary>A category of a release's dimension: its key and its label in each language, as they were when it was prepared.</summary>
internal sealed record PublishedCategory
{
    [JsonPropertyName("key")]
    public string Key { get; init; } = "";

    /// <summary>Label per culture name ("en", "ru", ...); "en" is always there.</summary>
    [JsonPropertyName("labels")]
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>The label in <paramref name="culture"/>'s language, or English.</summary>
    public string Label(System.Globalization.CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        return Labels.TryGetValue(culture.TwoLetterISOLanguageName, out var label) ? label : Labels.TryGetValue("en", out var en) ? en : Key;
    }
}
