using System.Text.Json.Serialization;
using Haven.Record.Vocabulary;

namespace Haven.Record.Events;

/// <summary>One act of an event: what was done to one victim.</summary>
internal sealed class ActCoding
{
    /// <summary>Random, 32 lowercase hex; links the act's narrative.</summary>
    [JsonPropertyName("id")]
    public string Id { get; set; } = "";

    /// <summary>A key of <see cref="TermList.ActType"/>.</summary>
    [JsonPropertyName("type")]
    public string Type { get; set; } = "";

    /// <summary>The victim's id (a victim of any case).</summary>
    [JsonPropertyName("victim")]
    public string Victim { get; set; } = "";

    /// <summary>A key of <see cref="TermList.VictimStatus"/>: the victim's status at the end; null when unknown.</summary>
    [JsonPropertyName("victim_status")]
    public string? VictimStatus { get; set; }

    [JsonPropertyName("involvements")]
    public List<InvolvementCoding> Involvements { get; set; } = [];
}
