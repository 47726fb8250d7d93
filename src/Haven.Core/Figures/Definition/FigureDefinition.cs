using System.Text.Json.Serialization;
using Haven.Record.Vocabulary;

namespace Haven.Figures.Definition;

/// <summary>
/// A figure as the analyst defines it (issue 17, point 1): the counting unit, one or two dimensions, the filters
/// and the period covered. Stored in plaintext with each release (it is public: the method says what was counted).
/// </summary>
internal sealed record FigureDefinition
{
    [JsonPropertyName("unit")]
    public FigureUnit Unit { get; init; } = FigureUnit.Victims;

    [JsonPropertyName("rows")]
    public FigureDimension Rows { get; init; } = new();

    /// <summary>The second dimension; null for a one-dimensional figure.</summary>
    [JsonPropertyName("columns")]
    public FigureDimension? Columns { get; init; }

    /// <summary>Only events with one of these violation statuses; empty for any.</summary>
    [JsonPropertyName("statuses")]
    public IReadOnlyList<ViolationStatus> Statuses { get; init; } = [];

    /// <summary>Only events with at least one source at least this reliable (1..5); 0 for any.</summary>
    [JsonPropertyName("min_reliability")]
    public int MinReliability { get; init; }

    /// <summary>Only events with two or more distinct sources.</summary>
    [JsonPropertyName("corroborated_only")]
    public bool CorroboratedOnly { get; init; }

    /// <summary>The period covered: events whose period overlaps [From, To]; null for open.</summary>
    [JsonPropertyName("from")]
    public DateOnly? From { get; init; }

    [JsonPropertyName("to")]
    public DateOnly? To { get; init; }
}
