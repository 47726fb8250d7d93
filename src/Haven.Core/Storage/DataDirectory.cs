namespace Haven.Storage;

/// <summary>
/// The folder that holds everything Haven keeps: the SQLite database, the instance key file and the
/// anti-forgery keys. Created with owner-only permissions.
/// </summary>
internal sealed class DataDirectory
{
    public DataDirectory(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
    }

    public string Path { get; }

    public string DatabaseFile => System.IO.Path.Combine(Path, "haven.db");

    public string InstanceKeyFile => System.IO.Path.Combine(Path, "instance.key");

    public string ProtectionKeysFolder => System.IO.Path.Combine(Path, "keys");

    public string SqliteConnectionString => $"Data Source={DatabaseFile};Pooling=True";

    /// <summary>Creates the folder (mode 0700 on Unix) if it does not exist.</summary>
    public void EnsureExists()
    {
        if (!Directory.Exists(Path))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(Path);
            }
            else
            {
                Directory.CreateDirectory(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }
    }

    /// <summary>Resolves the data folder: an explicit value, then HAVEN_DATA, then ./data.</summary>
    public static DataDirectory Resolve(string? explicitPath)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            return new DataDirectory(explicitPath);
        }

        var env = Environment.GetEnvironmentVariable("HAVEN_DATA");
        return new DataDirectory(string.IsNullOrWhiteSpace(env) ? "data" : env);
    }
}
