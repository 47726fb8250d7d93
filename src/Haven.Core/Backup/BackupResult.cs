namespace Haven.Backup;

/// <summary>What a backup holds: rows per table, blobs, and the cases left out because they were purged meanwhile.</summary>
internal sealed record BackupResult(DateOnly CreatedOn, IReadOnlyList<BackupTableInfo> Tables, int Blobs, long BlobBytes, int CasesLeftOut)
{
    public long Rows(string table) => Tables.FirstOrDefault(t => t.Name == table)?.Rows ?? 0;
}
