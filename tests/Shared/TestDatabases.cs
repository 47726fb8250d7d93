using System.Collections.Concurrent;
using Haven.Crypto;
using Haven.Storage;
using Npgsql;

namespace Haven.Tests;

/// <summary>
/// The database behind each test's data directory. By default SQLite in the directory itself; with
/// <c>HAVEN_TEST_POSTGRES</c> set to the connection string of a PostgreSQL server (test.sh starts a
/// throwaway cluster for that), every data directory gets a fresh database of its own on that server,
/// <c>haven_test_&lt;random&gt;</c>, created on first use and dropped when the test lets go of the directory.
/// </summary>
internal static class TestDatabases
{
    public const string Variable = "HAVEN_TEST_POSTGRES";

    /// <summary>The cluster's data folder (optional), so that the canary can scan PostgreSQL's files too.</summary>
    public const string DataVariable = "HAVEN_TEST_POSTGRES_DATA";

    private static readonly string? Server = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    private static readonly ConcurrentDictionary<string, Lazy<DatabaseSettings>> ByPath = new(StringComparer.Ordinal);

    /// <summary>A database with every migration applied, made once per test process: see <see cref="PrepareMigratedAsync"/>.</summary>
    private static readonly Lazy<Task<string>> Template = new(CreateTemplateAsync);

    /// <summary>Whether this run uses PostgreSQL.</summary>
    public static bool Postgres => Server is not null;

    /// <summary>The database for a data directory: the same settings every time for the same folder.</summary>
    public static DatabaseSettings For(string dataPath) =>
        Server is null ? DatabaseSettings.Sqlite : ByPath.GetOrAdd(Path.GetFullPath(dataPath), _ => new Lazy<DatabaseSettings>(Create)).Value;

    /// <summary>A data directory with its test database.</summary>
    public static DataDirectory Data(string dataPath) => new(dataPath, For(dataPath));

    /// <summary>The host settings that point the web host at the folder's database (none on SQLite).</summary>
    public static string[] HostSettings(string dataPath) =>
        Server is null ? [] : [$"--{DatabaseSettings.ProviderKey}=postgres", $"--{DatabaseSettings.ConnectionStringKey}={For(dataPath).ConnectionString}"];

    /// <summary>
    /// Gives a new data directory a database with every migration applied, a copy of one migrated once per test
    /// process (a copied file on SQLite; <c>CREATE DATABASE … TEMPLATE</c> on PostgreSQL): migrating from nothing
    /// takes about 0.15 s, and a test run starts hundreds of servers. What <c>haven init</c> then does is the same
    /// (its migration finds nothing pending). Tests of migrations themselves start from nothing and do not call it.
    /// Does nothing when the directory already has its database.
    /// </summary>
    public static async Task PrepareMigratedAsync(string dataPath)
    {
        var template = await Template.Value;
        var full = Path.GetFullPath(dataPath);
        if (Server is null)
        {
            var data = new DataDirectory(full, DatabaseSettings.Sqlite);
            data.EnsureExists();
            if (!File.Exists(data.DatabaseFile))
            {
                File.Copy(template, data.DatabaseFile);
            }

            return;
        }

        ByPath.TryAdd(full, new Lazy<DatabaseSettings>(() => Create(template)));
    }

    /// <summary>Lets a copy of a data directory (a "backup" of its files) use the same database.</summary>
    public static void Share(string fromPath, string toPath)
    {
        if (Server is not null)
        {
            ByPath[Path.GetFullPath(toPath)] = ByPath.GetOrAdd(Path.GetFullPath(fromPath), _ => new Lazy<DatabaseSettings>(Create));
        }
    }

    /// <summary>
    /// The server's files that hold a data directory's database, after a checkpoint has written every change
    /// to them: the database's own folder and the write-ahead log (shared by all databases of the cluster).
    /// Empty on SQLite (the file is in the data directory) or when <see cref="DataVariable"/> is not set.
    /// </summary>
    public static IReadOnlyList<string> ServerFolders(string dataPath)
    {
        var cluster = Environment.GetEnvironmentVariable(DataVariable);
        if (Server is null || string.IsNullOrEmpty(cluster))
        {
            return [];
        }

        var name = new NpgsqlConnectionStringBuilder(For(dataPath).ConnectionString).Database;
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Server) { Pooling = false }.ConnectionString);
        connection.Open();
        using (var checkpoint = new NpgsqlCommand("CHECKPOINT", connection))
        {
            checkpoint.ExecuteNonQuery();
        }

        using var command = new NpgsqlCommand("SELECT oid FROM pg_database WHERE datname = @name", connection);
        command.Parameters.AddWithValue("name", name!);
        var oid = Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture)!;
        return [Path.Combine(cluster, "base", oid), Path.Combine(cluster, "pg_wal")];
    }

    /// <summary>Drops the databases of <paramref name="path"/> and of every data directory inside it.</summary>
    public static void Drop(string path)
    {
        if (Server is null)
        {
            return;
        }

        var root = Path.GetFullPath(path);
        foreach (var key in ByPath.Keys.Where(k => k == root || k.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
        {
            if (ByPath.TryRemove(key, out var settings) && settings.IsValueCreated)
            {
                var name = new NpgsqlConnectionStringBuilder(settings.Value.ConnectionString).Database;
                using (var pooled = new NpgsqlConnection(settings.Value.ConnectionString))
                {
                    NpgsqlConnection.ClearPool(pooled);
                }

                Execute($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
            }
        }
    }

    private static DatabaseSettings Create() => Create(template: null);

    private static DatabaseSettings Create(string? template)
    {
        var name = "haven_test_" + RandomId.New();
        Execute(template is null ? $"CREATE DATABASE \"{name}\"" : $"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"");
        var builder = new NpgsqlConnectionStringBuilder(Server) { Database = name };
        return new DatabaseSettings(DatabaseProvider.Postgres, builder.ConnectionString);
    }

    /// <summary>
    /// Migrates the template once: on SQLite a file in a folder of its own (the path is returned), on PostgreSQL a
    /// database (its name is returned) that nobody stays connected to, as <c>CREATE DATABASE … TEMPLATE</c>
    /// requires, and that is dropped when the process ends.
    /// </summary>
    private static async Task<string> CreateTemplateAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "haven-test-template-" + RandomId.New());
        if (Server is null)
        {
            var sqlite = new DataDirectory(folder, DatabaseSettings.Sqlite);
            await StorageServiceCollectionExtensions.MigrateAsync(sqlite);
            // MigrateAsync closes its connections, and the last to close writes the WAL back: the file alone is whole.
            if (new FileInfo(sqlite.DatabaseFile + "-wal") is { Exists: true, Length: > 0 })
            {
                throw new InvalidOperationException($"The migrated template {sqlite.DatabaseFile} still has a write-ahead log; a copy of the file alone would miss part of it.");
            }

            AppDomain.CurrentDomain.ProcessExit += (_, _) => AtExit(() => Directory.Delete(folder, recursive: true));
            return sqlite.DatabaseFile;
        }

        var settings = Create(template: null);
        var name = new NpgsqlConnectionStringBuilder(settings.ConnectionString).Database!;
        try
        {
            await StorageServiceCollectionExtensions.MigrateAsync(new DataDirectory(folder, settings));
        }
        finally
        {
            using (var pooled = new NpgsqlConnection(settings.ConnectionString))
            {
                NpgsqlConnection.ClearPool(pooled);
            }

            Directory.Delete(folder, recursive: true);
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => AtExit(() => Execute($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"));
        return name;
    }

    /// <summary>Tidies up as the test process ends; what cannot be tidied (the cluster already stopped) is left.</summary>
    private static void AtExit(Action tidy)
    {
        try
        {
            tidy();
        }
        catch (Exception e) when (e is IOException or NpgsqlException)
        {
        }
    }

    private static void Execute(string sql)
    {
        // Pooling off: the maintenance connection must not hold the server's "postgres" database open.
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Server) { Pooling = false }.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
