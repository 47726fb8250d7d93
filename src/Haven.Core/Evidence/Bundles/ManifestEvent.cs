using System.Text.Json;
using System.Text.Json.Serialization;

namespace Haven.Evidence.Bundles;

/// <summary>A documented event the files support: its coding only (term and region keys), never a narrative.</summary>
internal sealed class ManifestEvent
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("version")]
    public required int Version { get; init; }

    /// <summary>The event's coding as protocol.md ("Record: events and victims") defines its JSON.</summary>
    [JsonPropertyName("coding")]
    public required JsonElement Coding { get; init; }

    /// <summary>Ids of the bundle's files that support the event.</summary>
    [JsonPropertyName("files")]
    public required List<string> Files { get; init; }
}
