using Haven.Abuse;
using Haven.Cluster;
using Haven.Crypto;
using Haven.Instance;
using Haven.Storage;
using Haven.Tests;

namespace Haven.Core.Tests.Cluster;

/// <summary>
/// One instance's database (a SQLite file, or with HAVEN_TEST_POSTGRES a fresh PostgreSQL database) and what each
/// web node makes of it: its throttle store and its leases, as every node gets them in the host, by provider.
/// </summary>
internal sealed class ClusterDatabase : IAsyncDisposable
{
    private ClusterDatabase(DataDirectory data) => Data = data;

    public DataDirectory Data { get; }

    public static async Task<ClusterDatabase> CreateAsync()
    {
        var data = TestDatabases.Data(Path.Combine(Path.GetTempPath(), "haven-cluster-" + RandomId.New()));
        using (await InitInstanceCommand.ExecuteAsync(data, CancellationToken.None))
        {
        }

        return new ClusterDatabase(data);
    }

    /// <summary>A node's throttle store: its own object, as on a node of its own, sharing only the database.</summary>
    public IThrottleStore NodeThrottles() => Data.IsSqlite ? new MemoryThrottleStore() : new PostgresThrottleStore(Data, new InstanceState(Data));

    /// <summary>A node's leases, with a node identity of its own.</summary>
    public INodeLeases NodeLeases() => Data.IsSqlite ? new MemoryNodeLeases() : new PostgresNodeLeases(Data, new NodeIdentity());

    public ValueTask DisposeAsync()
    {
        try
        {
            Directory.Delete(Data.Path, recursive: true);
        }
        catch (IOException)
        {
        }

        TestDatabases.Drop(Data.Path);
        return ValueTask.CompletedTask;
    }
}
