using System.Text.Json.Serialization;

namespace Haven.Record.Events;

/// <summary>
/// The narrative of one version of an event: everything written in words, sealed to the case key only. Acts
/// and sources are linked to the coding by their ids; an entry with nothing written is left out.
/// </summary>
internal sealed class EventNarrative
{
    [JsonPropertyName("v")]
    public int Version { get; set; } = 1;

    [JsonPropertyName("title")]
    public string Title { get; set; } = "";

    [JsonPropertyName("description")]
    public string? Description { get; set; }

    [JsonPropertyName("acts")]
    public List<ActNarrative> Acts { get; set; } = [];

    [JsonPropertyName("information")]
    public List<InformationNarrative> Information { get; set; } = [];

    public ActNarrative? Act(string id) => Acts.FirstOrDefault(a => a.Id == id);

    public InformationNarrative? Source(string id) => Information.FirstOrDefault(i => i.Id == id);
}
