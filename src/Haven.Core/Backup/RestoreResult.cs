namespace Haven.Backup;

/// <summary>What a restore brought back.</summary>
internal sealed record RestoreResult(DateOnly CreatedOn, IReadOnlyList<BackupTableInfo> Tables, int Blobs, string FromProvider)
{
    public long Rows(string table) => Tables.FirstOrDefault(t => t.Name == table)?.Rows ?? 0;
}
