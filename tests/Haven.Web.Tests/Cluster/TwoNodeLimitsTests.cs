using System.Diagnostics;
using System.Net;
using Haven.Accounts;
using Haven.Cluster;
using Haven.Mail;
using Haven.Retention;
using Haven.Tests;
using Haven.Web.Tests.Infrastructure;
using Haven.Web.Tests.Mail;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Haven.Web.Tests.Cluster;

/// <summary>
/// Issue 19 with two web hosts on one PostgreSQL database (<see cref="TwoNodes"/>): the throttles hold for the
/// instance, not per node (attempts through both nodes at once are checked at most to the one limit), and the
/// singleton jobs run on one node at a time: retention once per interval for the instance, taken over by the other
/// node when its holder dies without letting go, and the outbox paced for the instance. On the SQLite pass these
/// tests return at once: one process is the whole instance there, and the single-node tests cover it.
/// </summary>
public sealed class TwoNodeLimitsTests
{
    private const string WrongCode = "123456";

    [Fact]
    public async Task Wrong_logins_for_one_name_through_both_nodes_check_at_most_the_one_allowance()
    {
        if (!TestDatabases.Postgres)
        {
            return;
        }

        await using var nodes = await TwoNodes.StartAsync("--Haven:Throttle:Logins:FailuresPerWindow=5", "--Haven:Throttle:Logins:Window=00:10:00");
        var derivations = Derivations(nodes);
        var statuses = await PostThroughBothAsync(nodes, "/desk/login", 40, i => [new("Name", HavenServer.AdminName), new("Passphrase", $"a wrong passphrase {i}"), new("Code", WrongCode)]);

        Assert.InRange(Derivations(nodes) - derivations, 1, 5);
        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.BadRequest));
        Assert.Equal(35, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task Wrong_receipts_through_both_nodes_check_at_most_the_instance_limit()
    {
        if (!TestDatabases.Postgres)
        {
            return;
        }

        await using var nodes = await TwoNodes.StartAsync("--Haven:Throttle:Receipts:AttemptsPerMinute=5", "--Haven:Throttle:Receipts:MaxWait=00:00:00");
        var derivations = Derivations(nodes);
        var statuses = await PostThroughBothAsync(nodes, "/return", 40, i => [new("Receipt", $"1111 2222 3333 4444 {i:D4}")]);

        Assert.InRange(Derivations(nodes) - derivations, 1, 5);
        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.BadRequest));
        Assert.Equal(35, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task Retention_runs_on_one_node_once_per_interval_for_the_instance()
    {
        if (!TestDatabases.Postgres)
        {
            return;
        }

        await using var nodes = await TwoNodes.StartAsync("--Haven:Retention:Interval=00:00:01", "--Haven:Cluster:LeaseSeconds=60");
        var onA = nodes.A.Services.GetRequiredService<RetentionJob>();
        var onB = nodes.B.Services.GetRequiredService<RetentionJob>();
        await Eventually.UntilAsync("a first retention run", async () => await LeaseAsync(nodes.A, RetentionJob.LeaseName) is { Runs: >= 1 }, deadline: TimeSpan.FromSeconds(30));

        var watch = Stopwatch.StartNew();
        var (runs, a, b) = ((await LeaseAsync(nodes.A, RetentionJob.LeaseName))!.Value.Runs, onA.Runs, onB.Runs);
        await Eventually.UntilAsync("three more retention runs", async () => (await LeaseAsync(nodes.A, RetentionJob.LeaseName))!.Value.Runs >= runs + 3, deadline: TimeSpan.FromSeconds(30));
        var (runsAfter, aAfter, bAfter) = ((await LeaseAsync(nodes.A, RetentionJob.LeaseName))!.Value.Runs, onA.Runs, onB.Runs);
        var elapsed = watch.Elapsed;

        // One node ran them all (the other never held the lease), and no more than one per interval went by.
        Assert.True(aAfter == a || bAfter == b, $"both nodes purged: A {a}→{aAfter}, B {b}→{bAfter}");
        Assert.InRange((long)(aAfter - a + bAfter - b), runsAfter - runs - 1, runsAfter - runs + 1);
        Assert.True(runsAfter - runs <= (long)elapsed.TotalSeconds + 1, $"{runsAfter - runs} runs in {elapsed}");
    }

    [Fact]
    public async Task A_retention_lease_left_by_a_dead_node_is_taken_over_after_it_expires()
    {
        if (!TestDatabases.Postgres)
        {
            return;
        }

        await using var nodes = await TwoNodes.StartAsync("--Haven:Retention:Interval=00:00:01", "--Haven:Cluster:LeaseSeconds=3");
        await nodes.A.StopAsync();

        // A node that died holding the lease (SIGKILL: no release) with the interval long passed.
        await ExecuteAsync(nodes.B, "UPDATE node_leases SET holder = 'deadnode', expires_at = now() + interval '2 seconds', last_run_at = now() - interval '1 hour' WHERE name = 'retention'");
        var before = (await LeaseAsync(nodes.B, RetentionJob.LeaseName))!.Value.Runs;
        var b = nodes.B.Services.GetRequiredService<NodeIdentity>().Id;

        await Eventually.UntilAsync("B to take the lease over and run", async () => await LeaseAsync(nodes.B, RetentionJob.LeaseName) is { } l && l.Holder == b && l.Runs > before, deadline: TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task The_outbox_pace_holds_for_the_instance_with_two_senders()
    {
        if (!TestDatabases.Postgres)
        {
            return;
        }

        var sink = SmtpSink.Shared;
        await using var nodes = await TwoNodes.StartAsync([.. sink.ServerSettings(), "--Haven:Mail:MaxPerMinute=3"]);
        var domain = SmtpSink.NewDomain();
        for (var i = 0; i < 8; i++)
        {
            await OutboxSenderTests.QueueAsync(nodes.A, OutboxSenderTests.Letter($"official{i}@{domain}"), OutboxSenderTests.Key("ua1", "t1", "en", ""));
        }

        Assert.Equal(3, (await sink.WaitForAsync(domain, 3, TimeSpan.FromSeconds(30))).Count);

        // Both senders look several more times within the (frozen) minute: none may send more.
        var senders = new[] { nodes.A, nodes.B }.Select(n => n.Services.GetRequiredService<OutboxSender>()).ToList();
        var looks = senders.Select(s => s.Looks).ToList();
        await Eventually.UntilAsync("both senders to look three more times", () => senders[0].Looks >= looks[0] + 3 && senders[1].Looks >= looks[1] + 3, deadline: TimeSpan.FromSeconds(30));
        Assert.Equal(3, await nodes.A.CountAsync(db => db.Outbox.Where(m => m.Status == OutboxStatus.Sent)));
    }

    private static long Derivations(TwoNodes nodes) =>
        nodes.A.Services.GetRequiredService<Argon2Gate>().Derivations + nodes.B.Services.GetRequiredService<Argon2Gate>().Derivations;

    /// <summary>Posts <paramref name="count"/> forms at once, every other one through each node, each with its node's anti-forgery token.</summary>
    private static async Task<HttpStatusCode[]> PostThroughBothAsync(TwoNodes nodes, string path, int count, Func<int, KeyValuePair<string, string>[]> fields)
    {
        using var onA = nodes.A.CreateClient();
        using var onB = nodes.B.CreateClient();
        var tokenA = HavenClient.Hidden((await onA.GetAsync(path)).Html, "__af")!;
        var tokenB = HavenClient.Hidden((await onB.GetAsync(path)).Html, "__af")!;
        using var start = new SemaphoreSlim(0);
        var posts = Enumerable.Range(0, count).Select(async i =>
        {
            await start.WaitAsync();
            var (client, token) = i % 2 == 0 ? (onA, tokenA) : (onB, tokenB);
            using var content = new FormUrlEncodedContent([.. fields(i), new("__af", token)]);
            using var response = await client.Http.PostAsync(path, content);
            return response.StatusCode;
        }).ToList();
        start.Release(count);
        return await Task.WhenAll(posts);
    }

    private static async Task<(string Holder, long Runs)?> LeaseAsync(HavenServer server, string name)
    {
        await using var connection = new NpgsqlConnection(server.Data.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT holder, runs FROM node_leases WHERE name = @name", connection);
        command.Parameters.AddWithValue("name", name);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? (reader.GetString(0), reader.GetInt64(1)) : null;
    }

    private static async Task ExecuteAsync(HavenServer server, string sql)
    {
        await using var connection = new NpgsqlConnection(server.Data.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }
}
