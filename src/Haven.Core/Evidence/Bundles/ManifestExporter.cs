using System.Text.Json.Serialization;

namespace Haven.Evidence.Bundles;

/// <summary>The responder who exported the bundle and signed the manifest.</summary>
internal sealed class ManifestExporter
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>Ed25519 public key, lowercase hex (the key that signs the responder's audit entries).</summary>
    [JsonPropertyName("signing_key")]
    public required string SigningKey { get; init; }
}
