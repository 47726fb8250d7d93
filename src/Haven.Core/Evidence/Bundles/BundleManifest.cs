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

/// <summary>The instance that signed the manifest: its audit signing key (<c>haven evidence key</c> prints it).</summary>
internal sealed class ManifestInstance
{
    /// <summary>Ed25519 public key, lowercase hex.</summary>
    [JsonPropertyName("signing_key")]
    public required string SigningKey { get; init; }
}

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

/// <summary>One file of the bundle: where it is in the tar, what it is, and its custody log.</summary>
internal sealed class ManifestFile
{
    /// <summary><c>files/NN-name</c> for an evidentiary copy, <c>working/NN-name</c> for a working copy.</summary>
    [JsonPropertyName("path")]
    public required string Path { get; init; }

    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("case")]
    public required string Case { get; init; }

    /// <summary>The file's name as it was received (the path uses a safe form of it).</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("size")]
    public required long Size { get; init; }

    /// <summary>SHA-256 of the file's bytes, lowercase hex.</summary>
    [JsonPropertyName("sha256")]
    public required string Sha256 { get; init; }

    /// <summary>Null for the evidentiary copy (the file as received); <c>cleaned</c> or <c>redacted</c> for a working copy.</summary>
    [JsonPropertyName("copy")]
    public string? Copy { get; init; }

    /// <summary>For a working copy, the id of the file it was made from; null for the evidentiary copy.</summary>
    [JsonPropertyName("from")]
    public string? From { get; init; }

    /// <summary>The day the record listing the file was written (<c>yyyy-MM-dd</c>).</summary>
    [JsonPropertyName("received")]
    public required string Received { get; init; }

    [JsonPropertyName("custody")]
    public required List<ManifestCustody> Custody { get; init; }
}

/// <summary>
/// One entry of a file's custody log, as the instance's signed, hash-chained audit log holds it: anyone with the
/// audit log (<c>haven audit verify</c>) can find the same entry by its sequence number and hash.
/// </summary>
internal sealed class ManifestCustody
{
    [JsonPropertyName("seq")]
    public required long Seq { get; init; }

    /// <summary>UTC, to the minute (to the day for what a person did): <c>2026-12-06T13:40Z</c>.</summary>
    [JsonPropertyName("at")]
    public required string At { get; init; }

    [JsonPropertyName("actor")]
    public required string Actor { get; init; }

    /// <summary>The responder's display name, or null for the instance itself.</summary>
    [JsonPropertyName("actor_name")]
    public string? ActorName { get; init; }

    [JsonPropertyName("action")]
    public required string Action { get; init; }

    [JsonPropertyName("subject")]
    public string? Subject { get; init; }

    /// <summary>The audit entry's BLAKE2b hash, lowercase hex.</summary>
    [JsonPropertyName("hash")]
    public required string Hash { get; init; }
}

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
