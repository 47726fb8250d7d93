using System.Text.Json.Serialization;

namespace Haven.Backup;

/// <summary>Which database and schema the rows came from.</summary>
internal sealed class BackupSchemaInfo
{
    /// <summary><c>sqlite</c> or <c>postgres</c>.</summary>
    [JsonPropertyName("provider")]
    public string Provider { get; set; } = "";

    /// <summary>The id of the last migration applied to that database (each provider has its own ids).</summary>
    [JsonPropertyName("migration")]
    public string? Migration { get; set; }
}
