using System.Text.Json.Serialization;

namespace Haven.Record.Events;

/// <summary>The narrative of one version of a victim: a pseudonym, never a name. Sealed to the case key only.</summary>
internal sealed class VictimNarrative
{
    [JsonPropertyName("v")]
    public int Version { get; set; } = 1;

    [JsonPropertyName("pseudonym")]
    public string Pseudonym { get; set; } = "";
}
