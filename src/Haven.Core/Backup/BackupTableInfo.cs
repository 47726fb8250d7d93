using System.Text.Json.Serialization;

namespace Haven.Backup;

internal sealed class BackupTableInfo
{
    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    [JsonPropertyName("columns")]
    public List<BackupColumnInfo> Columns { get; set; } = [];

    [JsonPropertyName("rows")]
    public long Rows { get; set; }
}
