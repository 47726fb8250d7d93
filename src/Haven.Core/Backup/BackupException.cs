namespace Haven.Backup;

/// <summary>
/// A backup or restore that cannot be done, with a one-line message for the operator that names files, ids
/// and counts only, never anything from the data.
/// </summary>
internal sealed class BackupException(string message, Exception? inner = null) : Exception(message, inner);
