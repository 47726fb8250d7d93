using Npgsql;

namespace Haven.Load;

/// <summary>
/// The CPU time spent by a PostgreSQL server's backend processes for one database: the processes that serve
/// Haven's pooled connections, found in <c>pg_stat_activity</c> and read from <c>/proc/&lt;pid&gt;/stat</c>
/// (the server must run on this machine). On PostgreSQL part of a page's work is done there, outside the
/// Haven process, and a figure of Haven's CPU alone would leave it out.
/// </summary>
internal sealed class DatabaseCpu : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;

    private DatabaseCpu(NpgsqlConnection connection) => _connection = connection;

    /// <summary>Opens one connection (not counted) to the database <paramref name="connectionString"/> names.</summary>
    public static async Task<DatabaseCpu> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return new DatabaseCpu(connection);
    }

    /// <summary>The CPU seconds so far of every other backend connected to this database, by process id.</summary>
    public async Task<Dictionary<int, double>> SnapshotAsync()
    {
        await using var command = new NpgsqlCommand(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", _connection);
        var snapshot = new Dictionary<int, double>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var pid = reader.GetInt32(0);
            snapshot[pid] = ServerProcess.CpuSeconds(pid);
        }

        return snapshot;
    }

    /// <summary>
    /// The CPU seconds the backends spent between <paramref name="before"/> and <paramref name="after"/>; a backend
    /// that started in between counts from zero (one that ended in between is lost: the pool keeps its
    /// connections open while the benchmark runs, so none does).
    /// </summary>
    public static double Between(Dictionary<int, double> before, Dictionary<int, double> after) =>
        after.Sum(a => a.Value - before.GetValueOrDefault(a.Key));

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
