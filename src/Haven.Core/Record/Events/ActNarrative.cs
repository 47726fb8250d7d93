using System.Text.Json.Serialization;

namespace Haven.Record.Events;

/// <summary>The words of one act: how it was done and what it caused.</summary>
internal sealed class ActNarrative
{
    [JsonPropertyName("id")]
    public string Id { get; set; } = "";

    [JsonPropertyName("method")]
    public string? Method { get; set; }

    [JsonPropertyName("consequences")]
    public string? Consequences { get; set; }
}
