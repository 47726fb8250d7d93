using System.Text.Json.Serialization;

namespace Haven.Figures.Definition;

/// <summary>One dimension of a figure: its axis and, for periods and regions, its level.</summary>
internal sealed record FigureDimension
{
    [JsonPropertyName("axis")]
    public FigureAxis Axis { get; init; }

    /// <summary>Used when <see cref="Axis"/> is <see cref="FigureAxis.Period"/>.</summary>
    [JsonPropertyName("period")]
    public PeriodLevel Period { get; init; } = PeriodLevel.Month;

    /// <summary>Used when <see cref="Axis"/> is <see cref="FigureAxis.Region"/>.</summary>
    [JsonPropertyName("region")]
    public RegionLevel Region { get; init; } = RegionLevel.Country;
}
