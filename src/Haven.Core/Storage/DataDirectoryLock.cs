namespace Haven.Storage;

/// <summary>
/// The one writer of a data directory: the web host for its whole life, or a command that writes (init,
/// migrate, responder add and reset, purge, restore). It is an exclusive lock on <c>haven.lock</c> in the
/// folder, an advisory <c>flock</c> on Linux and macOS (the operating system releases it when the process
/// ends, even when killed) and a share mode on Windows. Two servers on one folder would each settle the blob
/// folder as if alone, and the second would delete the first's uploads in flight. Commands that only read
/// (backup, decrypt, audit verify, responder list) do not take it and run beside the server.
/// </summary>
internal sealed class DataDirectoryLock : IDisposable
{
    public const string FileName = "haven.lock";

    private readonly FileStream _file;
    private readonly string _folder;
    private readonly bool _createdFolder;
    private readonly bool _createdFile;

    private DataDirectoryLock(FileStream file, string folder, bool createdFolder, bool createdFile)
    {
        _file = file;
        _folder = folder;
        _createdFolder = createdFolder;
        _createdFile = createdFile;
    }

    /// <summary>
    /// Takes the lock, creating the folder (mode 0700) if needed. When the lock is released with nothing else in
    /// the folder (the command failed before it wrote anything), what was made here goes again: the lock file,
    /// and the folder too if it was created here, so that a failed <c>haven init</c> leaves an empty folder empty.
    /// </summary>
    /// <exception cref="DataDirectoryLockedException">Another server or command holds it.</exception>
    public static DataDirectoryLock Acquire(DataDirectory data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var created = !Directory.Exists(data.Path);
        data.EnsureExists();
        var path = Path.Combine(data.Path, FileName);
        var createdFile = !File.Exists(path);
        try
        {
            return new DataDirectoryLock(OwnerOnly.Open(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 0), data.Path, created, createdFile);
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException && File.Exists(path))
        {
            // FileShare.None is an exclusive flock on Unix: it fails at once when another open file holds it.
            throw new DataDirectoryLockedException(data.Path, e);
        }
    }

    public void Dispose()
    {
        var path = _file.Name;
        if ((_createdFolder || _createdFile) && Directory.Exists(_folder) && Directory.EnumerateFileSystemEntries(_folder).All(e => e == path))
        {
            try
            {
                File.Delete(path);
                _file.Dispose();
                if (_createdFolder)
                {
                    Directory.Delete(_folder);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Left as it is: an empty folder harms nothing.
            }
        }

        _file.Dispose();
    }
}
