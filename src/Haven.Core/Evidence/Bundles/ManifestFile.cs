using System.Text.Json.Serialization;

namespace Haven.Evidence.Bundles;

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
