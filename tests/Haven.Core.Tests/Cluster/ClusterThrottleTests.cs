using Haven.Abuse;
using Npgsql;

namespace Haven.Core.Tests.Cluster;

/// <summary>
/// Two web nodes on one PostgreSQL database, each with its own throttle store: the allowance is the instance's, not
/// each node's, and the table holds keyed hashes only. On the SQLite pass both "nodes" are the one process's store
/// (its single-node meaning).
/// </summary>
public sealed class ClusterThrottleTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private ClusterDatabase? _database;

    private ClusterDatabase Database => _database!;

    public async Task InitializeAsync() => _database = await ClusterDatabase.CreateAsync();

    public async Task DisposeAsync() => await Database.DisposeAsync();

    [Fact]
    public async Task Attempts_through_two_nodes_at_once_pass_no_more_than_the_one_limit()
    {
        var (a, b) = Nodes();
        var clock = new FixedClock(Start);
        var onA = new AttemptLimiter(a, "receipt", 7, TimeSpan.FromMinutes(1), TimeSpan.Zero, clock);
        var onB = new AttemptLimiter(b, "receipt", 7, TimeSpan.FromMinutes(1), TimeSpan.Zero, clock);

        var answers = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => Task.Run(() => (i % 2 == 0 ? onA : onB).TryReserveAsync(""))));

        Assert.Equal(7, answers.Count(x => x.Admitted));
        Assert.All(answers.Where(x => !x.Admitted), x => Assert.True(x.RetryAfter > TimeSpan.Zero));
    }

    [Fact]
    public async Task A_permit_given_back_on_one_node_is_free_on_the_other()
    {
        var (a, b) = Nodes();
        var clock = new FixedClock(Start);
        var onA = new AttemptLimiter(a, "login-name", 2, TimeSpan.FromMinutes(10), TimeSpan.Zero, clock);
        var onB = new AttemptLimiter(b, "login-name", 2, TimeSpan.FromMinutes(10), TimeSpan.Zero, clock);

        Assert.True((await onA.TryReserveAsync("n:admin")).Admitted);
        Assert.True((await onB.TryReserveAsync("n:admin")).Admitted);
        var refused = await onA.TryReserveAsync("n:admin");
        Assert.False(refused.Admitted);
        Assert.Equal(TimeSpan.FromMinutes(5), refused.RetryAfter);

        await onB.RefundAsync("n:admin");
        Assert.True((await onA.TryReserveAsync("n:admin")).Admitted);
        Assert.False((await onB.TryReserveAsync("n:admin")).Admitted);

        // One interval later one permit is back, for either node.
        clock.Now += TimeSpan.FromMinutes(5);
        Assert.True((await onB.TryReserveAsync("n:admin")).Admitted);
        Assert.False((await onA.TryReserveAsync("n:admin")).Admitted);
    }

    [Fact]
    public async Task Act_letters_through_two_nodes_stay_within_the_hourly_allowances()
    {
        var (a, b) = Nodes();
        var clock = new FixedClock(Start);
        var options = Microsoft.Extensions.Options.Options.Create(new Haven.Act.ActOptions { PerActionPerHour = 4, InstancePerHour = 6 });
        var onA = new Haven.Act.Letters.ActThrottle(options, a, clock);
        var onB = new Haven.Act.Letters.ActThrottle(options, b, clock);

        var one = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => (i % 2 == 0 ? onA : onB).TryTakeAsync("action-1"))));
        Assert.Equal(4, one.Count(x => x));
        var other = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => (i % 2 == 0 ? onA : onB).TryTakeAsync("action-2"))));
        Assert.Equal(2, other.Count(x => x));

        // A letter given back on one node is free again on the other.
        await onA.GiveBackAsync("action-2");
        Assert.True(await onB.TryTakeAsync("action-2"));
        Assert.False(await onA.TryTakeAsync("action-3"));
    }

    [Fact]
    public async Task New_cases_and_messages_through_two_nodes_stay_within_the_instance_allowances()
    {
        var (a, b) = Nodes();
        var clock = new FixedClock(Start);
        var options = Microsoft.Extensions.Options.Options.Create(new SubmissionThrottleOptions { NewCasesPerMinute = 5, MessagesPerMinute = 6, MessagesPerCaseBurst = 3, MessagesPerCasePerMinute = 1 });
        var onA = new SubmissionThrottle(options, a, clock);
        var onB = new SubmissionThrottle(options, b, clock);

        var cases = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => (i % 2 == 0 ? onA : onB).TryNewCaseAsync())));
        Assert.Equal(5, cases.Count(x => x));
        var messages = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => (i % 2 == 0 ? onA : onB).TryMessageAsync("case-1"))));
        Assert.Equal(3, messages.Count(x => x));
        Assert.True(await onB.TryMessageAsync("case-2"));
        Assert.True(await onA.TryMessageAsync("case-2"));
        Assert.True(await onB.TryMessageAsync("case-3"));

        // Six messages spent the instance's minute: a fresh case is refused on either node.
        Assert.False(await onA.TryMessageAsync("case-4"));
        Assert.False(await onB.TryMessageAsync("case-4"));

        // 1 per minute per case, 6 per minute for the instance: ten seconds later one message is back.
        clock.Now += TimeSpan.FromSeconds(10);
        Assert.True(await onB.TryMessageAsync("case-4"));
    }

    [Fact]
    public async Task The_table_holds_keyed_hashes_only_and_the_sweep_deletes_full_buckets()
    {
        if (Database.Data.IsSqlite)
        {
            // Single node: the buckets are in memory, forgotten once full again.
            var memory = new MemoryThrottleStore();
            await new AttemptLimiter(memory, "login-name", 2, TimeSpan.FromMinutes(1), TimeSpan.Zero, new FixedClock(Start)).TryReserveAsync("n:admin");
            Assert.Equal(1, await memory.SweepAsync(Start.AddMinutes(1), CancellationToken.None));
            Assert.Equal(0, memory.TrackedKeys);
            return;
        }

        var (a, b) = Nodes();
        var clock = new FixedClock(Start);
        await new AttemptLimiter(a, "login-name", 2, TimeSpan.FromMinutes(1), TimeSpan.Zero, clock).TryReserveAsync("n:admin");
        await new AttemptLimiter(b, "case-message", 2, TimeSpan.FromMinutes(10), TimeSpan.Zero, clock).TryReserveAsync("some-case-id");

        var keys = await KeysAsync();
        Assert.Equal(2, keys.Count);
        Assert.All(keys, k => Assert.Matches("^[0-9a-f]{64}$", k));
        Assert.DoesNotContain(keys, k => k.Contains("admin", StringComparison.Ordinal));

        // The login bucket is full again after 30 s; the case's after 5 minutes.
        Assert.Equal(1, await a.SweepAsync(Start.AddMinutes(1), CancellationToken.None));
        Assert.Single(await KeysAsync());
    }

    private (IThrottleStore A, IThrottleStore B) Nodes()
    {
        if (Database.Data.IsSqlite)
        {
            var one = Database.NodeThrottles();
            return (one, one);
        }

        return (Database.NodeThrottles(), Database.NodeThrottles());
    }

    private async Task<List<string>> KeysAsync()
    {
        await using var connection = new NpgsqlConnection(Database.Data.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT key FROM throttle_buckets", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var keys = new List<string>();
        while (await reader.ReadAsync())
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }
}
