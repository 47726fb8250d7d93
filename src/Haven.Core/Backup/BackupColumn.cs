namespace Haven.Backup;

/// <summary>One column as a backup sees it: its name, its provider-neutral type and whether it may be null.</summary>
internal sealed record BackupColumn(string Name, string Type, bool Nullable);
