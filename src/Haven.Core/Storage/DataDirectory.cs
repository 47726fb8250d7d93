namespace Haven.Storage;

/// <summary>
/// The folder that holds everything Haven keeps: the SQLite database (unless <see cref="Database"/> points
/// to PostgreSQL), the instance key file, the anti-forgery keys and the file blobs. Created with owner-only
/// permissions.
/// </summary>
internal sealed class DataDirectory
{
    public DataDirectory(string path, DatabaseSettings? database = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        Database = database ?? DatabaseSettings.Sqlite;
    }

    public string Path { get; }

    /// <summary>Which database this instance uses; SQLite in this folder unless configured otherwise.</summary>
    public DatabaseSettings Database { get; }

    public bool IsSqlite => Database.Provider == DatabaseProvider.Sqlite;

    /// <summary>
    /// Whether a database may already exist: the file for SQLite; for PostgreSQL it lives on the server,
    /// so this is true and a missing database shows up when it is opened.
    /// </summary>
    public bool HoldsDatabase => !IsSqlite || File.Exists(DatabaseFile);

    public string DatabaseFile => System.IO.Path.Combine(Path, "haven.db");

    public string InstanceKeyFile => System.IO.Path.Combine(Path, "instance.key");

    public string ProtectionKeysFolder => System.IO.Path.Combine(Path, "keys");

    public string SqliteConnectionString => $"Data Source={DatabaseFile};Pooling=True";

    /// <summary>Creates the folder (mode 0700 on Unix) if it does not exist.</summary>
    public void EnsureExists()
    {
        if (!Directory.Exists(Path))
        {
            OwnerOnly.CreateFolder(Path);
        }
    }

    /// <summary>Resolves the data folder: an explicit value, then HAVEN_DATA, then ./data.</summary>
    /// <param name="explicitPath">The folder given on the command line or in configuration.</param>
    /// <param name="database">The database settings (<see cref="DatabaseSettings.From"/>); SQLite when null.</param>
    public static DataDirectory Resolve(string? explicitPath, DatabaseSettings? database = null)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            return new DataDirectory(explicitPath, database);
        }

        var env = Environment.GetEnvironmentVariable("HAVEN_DATA");
        return new DataDirectory(string.IsNullOrWhiteSpace(env) ? "data" : env, database);
    }
}
