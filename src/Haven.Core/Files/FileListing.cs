using System.Text.Json.Serialization;

namespace Haven.Files;

/// <summary>
/// What a record says about a file (protocol.md, "Files"), without its key: the one JSON shape shared by the
/// encrypted record (<see cref="FileAttachment"/>, which adds the key) and the offline export's file list
/// (<c>DecryptAllCommand</c>, which adds where the file was written), so that the two cannot drift apart.
/// </summary>
internal abstract class FileListing
{
    [JsonPropertyName("id")]
    [JsonPropertyOrder(-2)]
    public required string Id { get; init; }

    /// <summary>The name as the sender's browser gave it (at most <see cref="SafeFileName.MaxStoredLength"/> characters).</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>The declared media type, never trusted: downloads are always <c>application/octet-stream</c>.</summary>
    [JsonPropertyName("type")]
    public required string Type { get; init; }

    [JsonPropertyName("size")]
    public long Size { get; init; }

    /// <summary>SHA-256 of the plaintext, lowercase hex: compare with copies held elsewhere.</summary>
    [JsonPropertyName("sha256")]
    public required string Sha256 { get; init; }

    /// <summary>For a cleaned working copy: the id of the original it was made from; left out when there is none.</summary>
    [JsonPropertyName("original")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Original { get; init; }

    /// <summary>
    /// For a working copy: how it was made (<see cref="WorkingCopyKinds"/>); left out for a file as received. A copy
    /// written before this field existed has none and is a cleaned copy (<see cref="WorkingCopy"/>).
    /// </summary>
    [JsonPropertyName("copy")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CopyKind { get; init; }

    /// <summary>How this working copy was made, or null for the evidentiary copy (the file as received).</summary>
    [JsonIgnore]
    public string? WorkingCopy => Original is null ? null : CopyKind ?? WorkingCopyKinds.Cleaned;
}
