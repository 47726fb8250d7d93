using System.Text.Json.Serialization;

namespace Haven.Backup;

/// <summary>The last entry of a backup: what it holds, so that a restore can check it got all of it.</summary>
internal sealed class BackupManifest
{
    [JsonPropertyName("format")]
    public int Format { get; set; }

    /// <summary>The day (UTC) the backup was taken; no time of day.</summary>
    [JsonPropertyName("created_on")]
    public DateOnly CreatedOn { get; set; }

    [JsonPropertyName("schema")]
    public BackupSchemaInfo Schema { get; set; } = new();

    /// <summary>The tables in the order they were written: every table after those its rows refer to.</summary>
    [JsonPropertyName("tables")]
    public List<BackupTableInfo> Tables { get; set; } = [];

    [JsonPropertyName("blobs")]
    public List<BackupBlobInfo> Blobs { get; set; } = [];

    /// <summary>Cases purged while the backup ran, after its snapshot: left out whole (see BackupCommand).</summary>
    [JsonPropertyName("cases_left_out")]
    public int CasesLeftOut { get; set; }
}
