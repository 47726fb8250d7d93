using System.Text.Json.Serialization;
using Haven.Record.Vocabulary;

namespace Haven.Record.Events;

/// <summary>The coding of one version of a victim: readable with the case key and the documentation key.</summary>
internal sealed class VictimCoding
{
    [JsonPropertyName("v")]
    public int Version { get; set; } = 1;

    /// <summary>A key of <see cref="TermList.AgeBand"/>; null when not given.</summary>
    [JsonPropertyName("age_band")]
    public string? AgeBand { get; set; }

    [JsonPropertyName("unit")]
    public CountingUnit Unit { get; set; } = CountingUnit.Individual;

    /// <summary>How many people, for a <see cref="CountingUnit.Group"/> only (more than 0); null otherwise.</summary>
    [JsonPropertyName("group_size")]
    public int? GroupSize { get; set; }
}
