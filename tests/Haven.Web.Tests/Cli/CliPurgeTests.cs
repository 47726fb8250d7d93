using Haven.Audit;
using Haven.Cases;
using Haven.Storage;
using Haven.Tests;
using Haven.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Haven.Web.Tests.Workflow.WorkflowDesk;

namespace Haven.Web.Tests.Cli;

/// <summary>
/// <c>haven purge</c> on a real instance: a dry run only counts, a purge deletes what is due (and audits it),
/// the day counts can be overridden, and a directory without an instance is a clear operator error.
/// </summary>
public sealed class CliPurgeTests
{
    [Fact]
    public async Task A_dry_run_counts_what_is_due_and_changes_nothing()
    {
        await using var server = await HavenServer.StartAsync();
        var cases = await PrepareAsync(server);
        var before = await SnapshotAsync(server.DataPath);

        var result = await CliRunner.RunAsync("purge", "--data", server.DataPath, "--dry-run");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("2 cases would be purged (dry run: nothing was changed).", result.Stdout.Trim());
        Assert.Contains("Policy: Safe and Closed cases are purged 90 days after they ended; any case 180 days after its last activity.", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync(server.DataPath));
        Assert.Equal(cases.All.Order(StringComparer.Ordinal), await CaseIdsAsync(server.DataPath));
    }

    [Fact]
    public async Task A_purge_deletes_the_due_cases_with_everything_of_them_and_audits_each()
    {
        await using var server = await HavenServer.StartAsync();
        var cases = await PrepareAsync(server);
        var before = await SnapshotAsync(server.DataPath);

        // A purge writes: it refuses to run beside the server (the data directory's lock), so the server stops first.
        await server.StopAsync();
        var result = await CliRunner.RunAsync("purge", "--data", server.DataPath);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("2 cases purged.", result.Stdout.Trim());
        Assert.DoesNotContain("write-ahead log could not be truncated", result.Stderr, StringComparison.Ordinal);
        string[] kept = [cases.ClosedRecently, cases.Quiet, cases.Fresh];
        Assert.Equal(kept.Order(StringComparer.Ordinal), await CaseIdsAsync(server.DataPath));

        await using (var db = StorageServiceCollectionExtensions.CreateContext(TestDatabases.Data(server.DataPath)))
        {
            foreach (var gone in new[] { cases.ClosedLongAgo, cases.Abandoned })
            {
                Assert.False(await db.Records.AnyAsync(r => r.CaseId == gone));
                Assert.False(await db.CaseKeySeals.AnyAsync(s => s.CaseId == gone));
                Assert.False(await db.Sources.AnyAsync(s => s.CaseId == gone));
            }

            foreach (var held in kept)
            {
                Assert.True(await db.Records.AnyAsync(r => r.CaseId == held));
                Assert.True(await db.CaseKeySeals.AnyAsync(s => s.CaseId == held));
                Assert.True(await db.Sources.AnyAsync(s => s.CaseId == held));
            }

            var purges = await db.AuditEntries.AsNoTracking().Where(e => e.Action == "case.purged").ToDictionaryAsync(e => e.CaseId!, e => (e.SubjectId, e.ActorId));
            Assert.Equal(2, purges.Count);
            Assert.Equal(("closed", AuditActors.System), purges[cases.ClosedLongAgo]);
            Assert.Equal(("inactive", AuditActors.System), purges[cases.Abandoned]);
            Assert.Equal(before.Audit + 2, await db.AuditEntries.CountAsync());
        }

        StorageServiceCollectionExtensions.ClearSqlitePool(server.Data);
        var verify = await CliRunner.RunAsync("audit", "verify", "--data", server.DataPath);
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("The audit log verifies.", verify.Stdout, StringComparison.Ordinal);

        // Nothing is left to do.
        var again = await CliRunner.RunAsync("purge", "--data", server.DataPath);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal("0 cases purged.", again.Stdout.Trim());
        Assert.Equal(kept.Order(StringComparer.Ordinal), await CaseIdsAsync(server.DataPath));
    }

    [Fact]
    public async Task The_day_counts_can_be_overridden_and_invalid_ones_are_refused()
    {
        await using var server = await HavenServer.StartAsync();
        var cases = await PrepareAsync(server);

        var closedDays = await CliRunner.RunAsync("purge", "--data", server.DataPath, "--dry-run", "--closed-days", "15");
        Assert.True(closedDays.ExitCode == 0, closedDays.ToString());
        Assert.Equal("3 cases would be purged (dry run: nothing was changed).", closedDays.Stdout.Trim());
        Assert.Contains("purged 15 days after they ended; any case 180 days", closedDays.Stderr, StringComparison.Ordinal);

        var inactiveDays = await CliRunner.RunAsync("purge", "--data", server.DataPath, "--dry-run", "--inactive-days", "150");
        Assert.Equal("3 cases would be purged (dry run: nothing was changed).", inactiveDays.Stdout.Trim());
        Assert.Contains("purged 90 days after they ended; any case 150 days", inactiveDays.Stderr, StringComparison.Ordinal);

        var both = await CliRunner.RunAsync("purge", "--data", server.DataPath, "--dry-run", "--closed-days", "15", "--inactive-days", "150");
        Assert.Equal("4 cases would be purged (dry run: nothing was changed).", both.Stdout.Trim());

        await server.StopAsync();
        var before = await SnapshotAsync(server.DataPath);
        foreach (var (option, value, setting) in new[] { ("--closed-days", "0", "Haven:Retention:ClosedDays"), ("--inactive-days", "0", "Haven:Retention:InactiveDays"), ("--closed-days", "40000", "Haven:Retention:ClosedDays") })
        {
            var refused = await CliRunner.RunAsync("purge", "--data", server.DataPath, option, value);
            Assert.True(refused.ExitCode == 2, refused.ToString());
            Assert.Contains(setting, refused.Stderr, StringComparison.Ordinal);
            Assert.Equal("", refused.Stdout);
            CliInitTests.AssertClearError(refused);
        }

        Assert.Equal(before, await SnapshotAsync(server.DataPath));

        // The CLI shows no warnings, so a day count below the desk's warning period (7 days) is fine here.
        var purged = await CliRunner.RunAsync("purge", "--data", server.DataPath, "--closed-days", "5");
        Assert.True(purged.ExitCode == 0, purged.ToString());
        Assert.Equal("3 cases purged.", purged.Stdout.Trim());
        Assert.Equal(new[] { cases.Quiet, cases.Fresh }.Order(StringComparer.Ordinal), await CaseIdsAsync(server.DataPath));
    }

    [Fact]
    public async Task A_directory_without_an_instance_is_one_clear_error_line()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp["empty"]);
        foreach (var dir in new[] { temp["empty"], temp["missing"] })
        {
            foreach (var args in new string[][] { ["purge", "--data", dir], ["purge", "--data", dir, "--dry-run"] })
            {
                var result = await CliRunner.RunAsync(args);
                Assert.Equal(2, result.ExitCode);
                Assert.Equal("", result.Stdout);
                var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                Assert.Equal($"haven: {dir} holds no Haven instance.", line);
                CliInitTests.AssertClearError(result);
            }
        }

        Assert.False(File.Exists(Path.Combine(temp["empty"], "haven.db")), "purge created a database");
        Assert.False(Directory.Exists(temp["missing"]), "purge created the data directory");
    }

    /// <summary>
    /// Five cases asked for over HTTP, then dated relative to the real today (the CLI's clock): one closed 100
    /// days ago (due), one idle 200 days (due), one closed 20 days ago, one idle 160 days, one active yesterday.
    /// The server is stopped afterwards.
    /// </summary>
    private static async Task<PurgeCases> PrepareAsync(HavenServer server)
    {
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await OpenCaseAsync(server, $"cli purge marker {i}")).CaseId);
        }

        var cases = new PurgeCases(ids[0], ids[1], ids[2], ids[3], ids[4]);
        using (var admin = await LoginAdminAsync(server))
        {
            Assert.Equal("Closed", StateOf((await admin.MoveAsync(cases.ClosedLongAgo, "Closed", outcome: "Declined")).Html));
            Assert.Equal("Closed", StateOf((await admin.MoveAsync(cases.ClosedRecently, "Closed", outcome: "Duplicate")).Html));
            await admin.WalkAsync(cases.Quiet, "Triage");
        }

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await using (var db = await Db(server))
        {
            var all = await db.Cases.Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id);
            (all[cases.ClosedLongAgo].ClosedOn, all[cases.ClosedLongAgo].LastActivityOn) = (today.AddDays(-100), today.AddDays(-100));
            all[cases.Abandoned].LastActivityOn = today.AddDays(-200);
            (all[cases.ClosedRecently].ClosedOn, all[cases.ClosedRecently].LastActivityOn) = (today.AddDays(-20), today.AddDays(-20));
            all[cases.Quiet].LastActivityOn = today.AddDays(-160);
            all[cases.Fresh].LastActivityOn = today.AddDays(-1);
            Assert.Equal(CaseState.New, all[cases.Abandoned].State);
            await db.SaveChangesAsync();
        }

        await server.StopAsync();
        return cases;
    }

    private static async Task<List<string>> CaseIdsAsync(string dataPath)
    {
        await using var db = StorageServiceCollectionExtensions.CreateContext(TestDatabases.Data(dataPath));
        var ids = await db.Cases.AsNoTracking().Select(c => c.Id).ToListAsync();
        StorageServiceCollectionExtensions.ClearSqlitePool(TestDatabases.Data(dataPath));
        return [.. ids.Order(StringComparer.Ordinal)];
    }

    private static async Task<Snapshot> SnapshotAsync(string dataPath)
    {
        await using var db = StorageServiceCollectionExtensions.CreateContext(TestDatabases.Data(dataPath));
        var snapshot = new Snapshot(
            await db.Cases.CountAsync(),
            await db.Records.CountAsync(),
            await db.CaseKeySeals.CountAsync(),
            await db.Sources.CountAsync(),
            await db.AuditEntries.CountAsync());
        StorageServiceCollectionExtensions.ClearSqlitePool(TestDatabases.Data(dataPath));
        return snapshot;
    }

    private sealed record PurgeCases(string ClosedLongAgo, string Abandoned, string ClosedRecently, string Quiet, string Fresh)
    {
        public string[] All => [ClosedLongAgo, Abandoned, ClosedRecently, Quiet, Fresh];
    }

    private sealed record Snapshot(int Cases, int Records, int Seals, int Sources, int Audit);
}
