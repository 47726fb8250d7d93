using System.Text.Json.Serialization;

namespace Haven.Backup;

internal sealed class BackupBlobInfo
{
    [JsonPropertyName("id")]
    public string Id { get; set; } = "";

    [JsonPropertyName("length")]
    public long Length { get; set; }

    /// <summary>SHA-256 of the blob as stored (ciphertext), 64 lowercase hexadecimal characters.</summary>
    [JsonPropertyName("sha256")]
    public string Sha256 { get; set; } = "";
}
