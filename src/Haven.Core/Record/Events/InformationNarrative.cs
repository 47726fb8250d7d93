using System.Text.Json.Serialization;

namespace Haven.Record.Events;

/// <summary>The words about one source: who or what it is, how it was obtained.</summary>
internal sealed class InformationNarrative
{
    [JsonPropertyName("id")]
    public string Id { get; set; } = "";

    [JsonPropertyName("details")]
    public string? Details { get; set; }
}
