using System.Text.Json;
using System.Text.Json.Serialization;

namespace Haven.Evidence.Bundles;

/// <summary>
/// The <c>manifest.json</c> of a signed evidence bundle (docs/evidence.md, "Signed evidence bundles"): what the
/// bundle holds, who exported it and when, each file's size, SHA-256 and custody log, and the coded events the
/// files support. Coding only: no narrative of a case or an event is ever written here. Both Ed25519 signatures
/// are over the exact bytes this serialises to.
/// </summary>
internal sealed class BundleManifest
{
    /// <summary>The one format this version writes and reads.</summary>
    public const string FormatName = "haven-evidence-bundle/1";

    private static readonly JsonSerializerOptions WriteOptions = new() { WriteIndented = true, IndentSize = 2 };

    [JsonPropertyName("format")]
    public required string Format { get; init; }

    /// <summary>The bundle's random id (also in the file name <c>haven-evidence-&lt;id&gt;.gpg</c>).</summary>
    [JsonPropertyName("bundle")]
    public required string Bundle { get; init; }

    /// <summary>When the export was prepared, UTC, to the second (<c>2026-12-06T13:40:00Z</c>).</summary>
    [JsonPropertyName("created")]
    public required string Created { get; init; }

    [JsonPropertyName("instance")]
    public required ManifestInstance Instance { get; init; }

    [JsonPropertyName("exporter")]
    public required ManifestExporter Exporter { get; init; }

    [JsonPropertyName("files")]
    public required List<ManifestFile> Files { get; init; }

    [JsonPropertyName("events")]
    public required List<ManifestEvent> Events { get; init; }

    public byte[] ToUtf8() => JsonSerializer.SerializeToUtf8Bytes(this, WriteOptions);

    /// <summary>The manifest in <paramref name="json"/>, or null when it is not one (malformed JSON, a required field missing).</summary>
    public static BundleManifest? FromUtf8(ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonSerializer.Deserialize<BundleManifest>(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
