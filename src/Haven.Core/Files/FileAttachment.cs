using System.Text.Json.Serialization;

namespace Haven.Files;

/// <summary>
/// A file as listed inside an encrypted record (protocol.md, "Files"): everything about it that came from a
/// person, and the key that opens its blob. Only ever in memory and inside record ciphertext.
/// </summary>
internal sealed class FileAttachment
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>The secretstream key, base64.</summary>
    [JsonPropertyName("key")]
    public required string Key { get; init; }

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

    /// <summary>For a cleaned working copy: the id of the original it was made from.</summary>
    [JsonPropertyName("original")]
    public string? Original { get; init; }
}
