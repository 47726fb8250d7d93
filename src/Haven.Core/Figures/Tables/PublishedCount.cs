using System.Text.Json.Serialization;

namespace Haven.Figures.Tables;

/// <summary>One count as a release publishes it: an exact value, a band or nothing. Public.</summary>
internal sealed record PublishedCount
{
    [JsonPropertyName("kind")]
    public PublishedCountKind Kind { get; init; }

    /// <summary>The value, for <see cref="PublishedCountKind.Exact"/>.</summary>
    [JsonPropertyName("value")]
    public int? Value { get; init; }

    /// <summary>The band's ends, for <see cref="PublishedCountKind.Band"/>.</summary>
    [JsonPropertyName("low")]
    public int? Low { get; init; }

    [JsonPropertyName("high")]
    public int? High { get; init; }

    public static PublishedCount Exact(int value) => new() { Kind = PublishedCountKind.Exact, Value = value };

    public static PublishedCount Band(int low, int high) => new() { Kind = PublishedCountKind.Band, Low = low, High = high };

    public static PublishedCount Suppressed { get; } = new() { Kind = PublishedCountKind.Suppressed };
}
