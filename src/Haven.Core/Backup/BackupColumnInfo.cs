using System.Text.Json.Serialization;

namespace Haven.Backup;

internal sealed class BackupColumnInfo
{
    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    /// <summary>One of <see cref="BackupValues"/>' type names: string, int32, int64, boolean, bytes, date, timestamp.</summary>
    [JsonPropertyName("type")]
    public string Type { get; set; } = "";

    [JsonPropertyName("nullable")]
    public bool Nullable { get; set; }
}
