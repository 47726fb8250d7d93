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

    private static DatabaseSettings Create()
    {
        var name = "haven_test_" + RandomId.New();
        Execute($"CREATE DATABASE \"{name}\"");
        var builder = new NpgsqlConnectionStringBuilder(Server) { Database = name };
        return new DatabaseSettings(DatabaseProvider.Postgres, builder.ConnectionString);
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
