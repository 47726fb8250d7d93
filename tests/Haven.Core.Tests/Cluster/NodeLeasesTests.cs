using Haven.Cluster;
using Haven.Tests;

namespace Haven.Core.Tests.Cluster;

/// <summary>
/// The singleton jobs' leases with two nodes on one PostgreSQL database: one holder at a time, the holder renews,
/// a released or expired lease is taken over, and the runs and last run are the job's, whichever node ran it. On
/// SQLite the one process always holds every lease (its single-node meaning).
/// </summary>
public sealed class NodeLeasesTests : IAsyncLifetime
{
    private ClusterDatabase? _database;

    private ClusterDatabase Database => _database!;

    public async Task InitializeAsync() => _database = await ClusterDatabase.CreateAsync();

    public async Task DisposeAsync() => await Database.DisposeAsync();

    [Fact]
    public async Task One_node_holds_a_lease_until_it_lets_it_go_and_runs_count_for_the_job()
    {
        var a = Database.NodeLeases();
        var b = Database.NodeLeases();
        var ttl = TimeSpan.FromMinutes(5);

        var first = await a.TryAcquireAsync("retention", ttl, CancellationToken.None);
        Assert.NotNull(first);
        Assert.Null(first.LastRunAt);
        Assert.True(first.IsDue(TimeSpan.FromHours(1)));
        await a.FinishRunAsync("retention", CancellationToken.None);

        if (Database.Data.IsSqlite)
        {
            // One process: every lease is granted, the last run is remembered.
            var again = await a.TryAcquireAsync("retention", ttl, CancellationToken.None);
            Assert.NotNull(again);
            Assert.False(again.IsDue(TimeSpan.FromHours(1)));
            Assert.Equal(1, ((MemoryNodeLeases)a).Runs("retention"));
            return;
        }

        Assert.Null(await b.TryAcquireAsync("retention", ttl, CancellationToken.None));
        Assert.False(await b.RenewAsync("retention", ttl, CancellationToken.None));
        Assert.True(await a.RenewAsync("retention", ttl, CancellationToken.None));

        // Another job's lease is free.
        Assert.NotNull(await b.TryAcquireAsync("outbox", ttl, CancellationToken.None));

        await a.ReleaseAsync("retention", CancellationToken.None);
        var taken = await b.TryAcquireAsync("retention", ttl, CancellationToken.None);
        Assert.NotNull(taken);
        Assert.NotNull(taken.LastRunAt);
        Assert.False(taken.IsDue(TimeSpan.FromHours(1)));
        await b.FinishRunAsync("retention", CancellationToken.None);
        Assert.Null(await a.TryAcquireAsync("retention", ttl, CancellationToken.None));
        Assert.Equal(2, await RunsAsync("retention"));
    }

    [Fact]
    public async Task A_holder_that_stops_renewing_is_taken_over_after_expiry()
    {
        if (Database.Data.IsSqlite)
        {
            return;
        }

        var dead = Database.NodeLeases();
        var alive = Database.NodeLeases();
        Assert.NotNull(await dead.TryAcquireAsync("alerts", TimeSpan.FromSeconds(1), CancellationToken.None));

        // The holder is gone without a release (SIGKILL): its lease runs out and the other node gets it.
        await Eventually.UntilAsync(
            "the other node to take the expired lease over",
            async () => await alive.TryAcquireAsync("alerts", TimeSpan.FromMinutes(5), CancellationToken.None) is not null,
            deadline: TimeSpan.FromSeconds(30),
            interval: TimeSpan.FromMilliseconds(200));
        Assert.Null(await dead.TryAcquireAsync("alerts", TimeSpan.FromMinutes(5), CancellationToken.None));
    }

    [Fact]
    public async Task A_run_finished_by_a_node_whose_lease_was_taken_over_is_not_the_jobs_run()
    {
        if (Database.Data.IsSqlite)
        {
            return;
        }

        var slow = Database.NodeLeases();
        var other = Database.NodeLeases();
        Assert.NotNull(await slow.TryAcquireAsync("retention", TimeSpan.FromSeconds(1), CancellationToken.None));

        // The slow node's lease runs out in the middle of its run, and the other node takes the job over.
        LeaseGrant? taken = null;
        await Eventually.UntilAsync(
            "the other node to take the expired lease over",
            async () => (taken = await other.TryAcquireAsync("retention", TimeSpan.FromMinutes(5), CancellationToken.None)) is not null,
            deadline: TimeSpan.FromSeconds(30),
            interval: TimeSpan.FromMilliseconds(200));
        Assert.Null(taken!.LastRunAt);

        // The slow node's run ends: it no longer holds the job, and its end neither counts nor moves the last run
        // (which the holder schedules by).
        await slow.FinishRunAsync("retention", CancellationToken.None);
        Assert.Equal(0, await RunsAsync("retention"));
        var holder = await other.TryAcquireAsync("retention", TimeSpan.FromMinutes(5), CancellationToken.None);
        Assert.NotNull(holder);
        Assert.Null(holder.LastRunAt);
        await other.FinishRunAsync("retention", CancellationToken.None);
        Assert.Equal(1, await RunsAsync("retention"));
    }

    private async Task<long> RunsAsync(string name)
    {
        await using var connection = new Npgsql.NpgsqlConnection(Database.Data.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT runs FROM node_leases WHERE name = @name", connection);
        command.Parameters.AddWithValue("name", name);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
