using Haven.Audit;
using Haven.Cases;
using Haven.Crypto;
using Haven.Instance;
using Haven.Storage;
using Haven.Tests;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Haven.Core.Tests.Cluster;

/// <summary>
/// Two nodes on one database, each with the write lock its registration gives it (<see cref="AuditServiceCollectionExtensions.WriteLockFor(DataDirectory)"/>):
/// on PostgreSQL each has its own <see cref="PostgresWriteLock"/>, and only the advisory lock stands between
/// them. On SQLite one process writes, so both "nodes" share the one process lock (the single-node meaning).
/// </summary>
public sealed class ClusterWriteLockTests : IAsyncLifetime
{
    private readonly DataDirectory _data = TestDatabases.Data(Path.Combine(Path.GetTempPath(), "haven-cluster-" + RandomId.New()));
    private readonly List<IWriteLock> _locks = [];

    public async Task InitializeAsync()
    {
        using (await InitInstanceCommand.ExecuteAsync(_data, CancellationToken.None))
        {
        }

        var first = AuditServiceCollectionExtensions.WriteLockFor(_data);
        _locks.Add(first);
        _locks.Add(TestDatabases.Postgres ? AuditServiceCollectionExtensions.WriteLockFor(_data) : first);
    }

    public Task DisposeAsync()
    {
        foreach (var writeLock in _locks.Distinct())
        {
            (writeLock as IDisposable)?.Dispose();
        }

        StorageServiceCollectionExtensions.ClearSqlitePool(_data);
        Directory.Delete(_data.Path, recursive: true);
        TestDatabases.Drop(_data.Path);
        return Task.CompletedTask;
    }

    private AuditedWriter Node(int i) =>
        new(new DataDirectoryContextFactory(_data), _locks[i % 2], [new RecordNumbering()], new InstanceState(_data), TimeProvider.System);

    [Fact]
    public async Task Audited_writes_from_two_nodes_at_once_keep_one_chain_and_dense_record_numbers()
    {
        var nodes = new[] { Node(0), Node(1) };
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        string caseId;
        await using (var db = StorageServiceCollectionExtensions.CreateContext(_data))
        {
            var (@case, seals) = CaseRecords.NewCase(Urgency.Now, today, new InstanceState(_data).Required.RecoveryPublicKey, []);
            db.Cases.Add(@case);
            db.CaseKeySeals.AddRange(seals);
            await nodes[0].SaveAsync(db, nodes[0].System(dayOnly: true), new AuditEvent("case.created", @case.Id), CancellationToken.None);
            caseId = @case.Id;
        }

        const int Writers = 32;
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(i => Task.Run(async () =>
        {
            var writer = nodes[i % 2];
            if (i % 4 < 2)
            {
                await using var db = StorageServiceCollectionExtensions.CreateContext(_data);
                var @case = await db.Cases.SingleAsync(c => c.Id == caseId);
                CaseRecords.Append(db, @case, RandomId.New(), RecordKinds.Note, new RecordContent { Text = "note" }, null, today);
                await writer.SaveAsync(db, writer.System(dayOnly: false), new AuditEvent("case.note", caseId), CancellationToken.None);
            }
            else
            {
                await writer.WriteAsync(
                    async scope =>
                    {
                        var @case = await scope.Db.Cases.SingleAsync(c => c.Id == caseId);
                        CaseRecords.Append(scope.Db, @case, RandomId.New(), RecordKinds.Reply, new RecordContent { Text = "reply" }, null, today);
                        await scope.SaveAsync(writer.System(dayOnly: false), new AuditEvent("case.replied", caseId), CancellationToken.None);
                        return true;
                    },
                    CancellationToken.None,
                    transaction: i % 8 == 3);
            }
        })));

        await using (var db = StorageServiceCollectionExtensions.CreateContext(_data))
        {
            var seqs = await db.Records.AsNoTracking().Where(r => r.CaseId == caseId).Select(r => r.Seq).ToListAsync();
            Assert.Equal(Enumerable.Range(1, Writers).Select(n => (long)n), seqs.Order());
        }

        var report = await AuditVerifier.VerifyChainAsync(_data, null, CancellationToken.None);
        Assert.True(report.Intact, string.Join("\n", report.Problems));
        // init's instance.setup, case.created, then one entry per writer.
        Assert.Equal(1 + 1 + Writers, report.Entries);
    }

    [Fact]
    public async Task A_lock_connection_killed_by_the_server_is_opened_anew_and_the_next_write_takes_the_lock()
    {
        if (!TestDatabases.Postgres)
        {
            return; // The process lock has no connection to lose.
        }

        var node = Node(0);
        await node.WriteAsync(_ => Task.FromResult(true), CancellationToken.None);

        // The server ends the lock's session (as a restart or a failover would).
        await using (var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_data.Database.ConnectionString) { Pooling = false }.ConnectionString))
        {
            await admin.OpenAsync();
            await using var kill = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'haven-write-lock' AND datname = current_database()", admin);
            Assert.Equal(1L, await kill.ExecuteScalarAsync());
        }

        // The next write opens a new connection at once: it does not fail for the dead one.
        var held = await node.WriteAsync(async _ => await AdvisoryLocksHeldAsync(), CancellationToken.None);
        Assert.Equal(1L, held);
        Assert.Equal(0L, await AdvisoryLocksHeldAsync());
    }

    [Fact]
    public async Task A_node_waits_for_the_write_lock_another_node_holds()
    {
        if (!TestDatabases.Postgres)
        {
            return; // One process: the semaphore is the whole lock.
        }

        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var order = new List<string>();
        var first = _locks[0].RunAsync(
            async () =>
            {
                holding.SetResult();
                await release.Task;
                lock (order)
                {
                    order.Add("first");
                }

                return true;
            },
            CancellationToken.None);
        await holding.Task;

        var second = _locks[1].RunAsync(
            () =>
            {
                lock (order)
                {
                    order.Add("second");
                }

                return Task.FromResult(true);
            },
            CancellationToken.None);

        // The second node is waiting in the database, not in its process.
        await Eventually.UntilAsync("the second node to wait for the advisory lock", async () => await WaitingForLockAsync() == 1);
        release.SetResult();
        await Task.WhenAll(first, second);
        Assert.Equal(["first", "second"], order);
    }

    private const string ThisDatabase = " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())";

    private async Task<long> AdvisoryLocksHeldAsync()
    {
        await using var connection = new NpgsqlConnection(_data.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND objid::bigint = @low" + ThisDatabase, connection);
        command.Parameters.AddWithValue("low", (long)(uint)(Haven.Cluster.ClusterLocks.Write & 0xFFFF_FFFF));
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<long> WaitingForLockAsync()
    {
        await using var connection = new NpgsqlConnection(_data.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted" + ThisDatabase, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
