namespace Haven.Storage;

/// <summary>The data directory is in use by another Haven server or writing command.</summary>
internal sealed class DataDirectoryLockedException(string path, Exception inner)
    : IOException($"{path} is in use by another Haven server or command (it holds {Path.Combine(path, DataDirectoryLock.FileName)}); stop it first.", inner);
