using System.Text.Json.Serialization;

namespace Haven.Files;

/// <summary>
/// A file as listed inside an encrypted record (protocol.md, "Files"): everything about it that came from a
/// person (<see cref="FileListing"/>), and the key that opens its blob. Only ever in memory and inside record
/// ciphertext.
/// </summary>
internal sealed class FileAttachment : FileListing
{
    /// <summary>The secretstream key, base64; written right after the id, as it always was.</summary>
    [JsonPropertyName("key")]
    [JsonPropertyOrder(-1)]
    public required string Key { get; init; }
}
