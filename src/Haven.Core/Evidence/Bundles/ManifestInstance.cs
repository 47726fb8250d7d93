using System.Text.Json.Serialization;

namespace Haven.Evidence.Bundles;

/// <summary>The instance that signed the manifest: its audit signing key (<c>haven evidence key</c> prints it).</summary>
internal sealed class ManifestInstance
{
    /// <summary>Ed25519 public key, lowercase hex.</summary>
    [JsonPropertyName("signing_key")]
    public required string SigningKey { get; init; }
}
