using System.Net;
using Haven.Audit;
using Haven.Retention;
using Haven.Tests;
using Haven.Web.Tests.Cli;
using Haven.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Haven.Web.Tests.Inbox.InboxDesk;
using static Haven.Web.Tests.Workflow.WorkflowDesk;

namespace Haven.Web.Tests.Retention;

/// <summary>
/// The retention policy end to end with the server's fake clock: the desk warns within the warning period,
/// the purge deletes a case and everything of it on the day it is due and not a day earlier, the person's
/// receipt stops opening, each purge is audited and the audit log still verifies.
/// </summary>
public sealed class RetentionHttpTests
{
    private static readonly string[] Settings = ["--Haven:Retention:ClosedDays=10", "--Haven:Retention:InactiveDays=30", "--Haven:Retention:WarningDays=3"];

    [Fact]
    public async Task A_closed_case_and_an_inactive_request_are_purged_on_their_day_with_a_warning_before()
    {
        await using var server = await HavenServer.StartAsync(Settings);
        var job = server.Services.GetRequiredService<RetentionJob>();
        await WaitForRunsAsync(job, 1);
        var start = Today(server);

        var (closed, closedReceipt) = await OpenCaseAsync(server, "closed case marker");
        var (inactive, inactiveReceipt) = await OpenCaseAsync(server, "inactive case marker");
        using (var admin = await LoginAdminAsync(server))
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.ReplyAsync(closed, "reply marker")).Status);
            Assert.Equal(HttpStatusCode.OK, (await admin.AddNoteAsync(closed, "note marker")).Status);
            await admin.WalkAsync(closed, "Verification");
            Assert.Equal(HttpStatusCode.OK, (await admin.TickAsync(closed, (await ActiveItemIdsAsync(server))[0])).Status);
            var moved = await admin.MoveAsync(closed, "Closed", outcome: "Declined");
            Assert.Equal("Closed", StateOf(moved.Html));
        }

        await AssertHeldAsync(server, closed, records: 3, checks: 1);
        await AssertHeldAsync(server, inactive, records: 1, checks: 0);

        // Purged on day 10; the warning starts on day 7.
        await AdvanceToAsync(server, start.AddDays(6));
        Assert.Equal(0, await job.RunOnceAsync(CancellationToken.None));
        using (var admin = await LoginAdminAsync(server))
        {
            var quiet = await admin.InboxAsync("/desk?state=all");
            Assert.Null(quiet.Banner);
            Assert.DoesNotContain("badge purge", quiet.Html, StringComparison.Ordinal);
            await admin.AssertListsAsync("/desk?state=all&soon=true");
        }

        await AdvanceToAsync(server, start.AddDays(7));
        using (var admin = await LoginAdminAsync(server))
        {
            var warned = await admin.InboxAsync("/desk?state=all");
            Assert.Equal("Cases that will be deleted for good within 3 days: 1.", warned.Banner);
            Assert.Contains("href=\"/desk?state=all&amp;soon=true\" id=\"retention-show\"", warned.Html, StringComparison.Ordinal);
            Assert.Contains($"<tr id=\"case-{closed}\">", warned.Html, StringComparison.Ordinal);
            Assert.Equal(1, CountOf(warned.Html, $"<span class=\"badge purge\">deleted on {Day(start.AddDays(10))}</span>"));
            var soon = await admin.AssertListsAsync("/desk?state=all&soon=true", closed);
            Assert.Contains("badge purge", soon.Html, StringComparison.Ordinal);
        }

        // Not a day earlier: on day 9 the case is still there and the receipt still opens.
        await AdvanceToAsync(server, start.AddDays(9));
        Assert.Equal(0, await job.RunOnceAsync(CancellationToken.None));
        await AssertHeldAsync(server, closed, records: 3, checks: 1);
        using (var person = server.CreateClient())
        {
            Assert.Equal("/conversation", (await person.ReturnAsync(closedReceipt)).Location.AbsolutePath);
        }

        await AdvanceToAsync(server, start.AddDays(10));
        Assert.Equal(1, await job.RunOnceAsync(CancellationToken.None));
        await AssertGoneAsync(server, closed);
        await AssertHeldAsync(server, inactive, records: 1, checks: 0);
        await AssertPurgeAuditedAsync(server, closed, "closed");
        using (var person = server.CreateClient())
        {
            var refused = await person.ReturnAsync(closedReceipt);
            Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
            Assert.Contains("We could not find that code", refused.Html, StringComparison.Ordinal);
        }

        using (var admin = await LoginAdminAsync(server))
        {
            await admin.AssertListsAsync("/desk?state=all", inactive);
            Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/desk/case/{closed}")).Status);
        }

        // The request nobody wrote in for 30 days: warned from day 27, purged on day 30.
        await AdvanceToAsync(server, start.AddDays(26));
        using (var admin = await LoginAdminAsync(server))
        {
            Assert.Null((await admin.InboxAsync("/desk")).Banner);
        }

        await AdvanceToAsync(server, start.AddDays(27));
        using (var admin = await LoginAdminAsync(server))
        {
            var warned = await admin.InboxAsync("/desk");
            Assert.Equal("Cases that will be deleted for good within 3 days: 1.", warned.Banner);
            Assert.Contains($"deleted on {Day(start.AddDays(30))}", warned.Html, StringComparison.Ordinal);
        }

        await AdvanceToAsync(server, start.AddDays(29));
        Assert.Equal(0, await job.RunOnceAsync(CancellationToken.None));
        await AssertHeldAsync(server, inactive, records: 1, checks: 0);

        await AdvanceToAsync(server, start.AddDays(30));
        Assert.Equal(1, await job.RunOnceAsync(CancellationToken.None));
        Assert.Equal(0, await job.RunOnceAsync(CancellationToken.None));
        await AssertGoneAsync(server, inactive);
        await AssertPurgeAuditedAsync(server, inactive, "inactive");
        using (var person = server.CreateClient())
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await person.ReturnAsync(inactiveReceipt)).Status);
        }

        // Content-free in the logs too.
        Assert.DoesNotContain(server.Logs.Lines, l => l.Contains("marker", StringComparison.Ordinal));

        // The audit chain, with its entries about the purged cases, still verifies.
        var report = await AuditVerifier.VerifyChainAsync(TestDatabases.Data(server.DataPath), null, CancellationToken.None);
        Assert.True(report.Intact, string.Join("\n", report.Problems));
        await server.StopAsync();
        var verify = await CliRunner.RunAsync("audit", "verify", "--data", server.DataPath);
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("The audit log verifies.", verify.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_person_writing_again_brings_a_closed_case_back_and_it_is_kept()
    {
        await using var server = await HavenServer.StartAsync(Settings);
        var job = server.Services.GetRequiredService<RetentionJob>();
        await WaitForRunsAsync(job, 1);
        var start = Today(server);
        var (caseId, receipt) = await OpenCaseAsync(server, "comes back marker");
        using (var admin = await LoginAdminAsync(server))
        {
            Assert.Equal("Closed", StateOf((await admin.MoveAsync(caseId, "Closed", outcome: "LostContact")).Html));
        }

        await AdvanceToAsync(server, start.AddDays(9));
        using (var person = server.CreateClient())
        {
            Assert.Equal("/conversation", (await person.ReturnAsync(receipt)).Location.AbsolutePath);
            Assert.Equal(HttpStatusCode.OK, (await person.SendMessageAsync("still here")).Status);
        }

        // Day 10 would have purged it as closed; now it is open and counts from day 9's message.
        await AdvanceToAsync(server, start.AddDays(10));
        Assert.Equal(0, await job.RunOnceAsync(CancellationToken.None));
        await AssertHeldAsync(server, caseId, records: 2, checks: 0);
        await AdvanceToAsync(server, start.AddDays(38));
        Assert.Equal(0, await job.RunOnceAsync(CancellationToken.None));
        await AdvanceToAsync(server, start.AddDays(39));
        Assert.Equal(1, await job.RunOnceAsync(CancellationToken.None));
        await AssertGoneAsync(server, caseId);
        await AssertPurgeAuditedAsync(server, caseId, "inactive");
    }

    [Fact]
    public async Task The_background_job_purges_at_start_and_every_interval()
    {
        await using var server = await HavenServer.StartAsync([.. Settings, "--Haven:Retention:Interval=00:00:01"]);
        var job = server.Services.GetRequiredService<RetentionJob>();
        await WaitForRunsAsync(job, 1);
        var (caseId, _) = await OpenCaseAsync(server, "background marker");

        // Two more runs at day 0: nothing is due.
        var runs = job.Runs;
        await WaitForRunsAsync(job, runs + 2);
        await AssertHeldAsync(server, caseId, records: 1, checks: 0);

        server.Clock.Advance(TimeSpan.FromDays(30));
        await Eventually.UntilAsync("the job to purge the case", async () => !await ExistsAsync(server, caseId), deadline: TimeSpan.FromSeconds(30), state: () => $"{job.Runs} runs");

        // The case vanishes when the purge commits; the run (and its log line) finishes just after.
        await WaitForRunsAsync(job, job.Runs + 1);

        await AssertGoneAsync(server, caseId);
        await AssertPurgeAuditedAsync(server, caseId, "inactive");
        Assert.Contains(server.Logs.Lines, l => l.Contains("Retention: 1 cases purged", StringComparison.Ordinal));
        Assert.DoesNotContain(server.Logs.Lines, l => l.Contains("Retention purge failed", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ClosedDays=0", "Haven:Retention:ClosedDays")]
    [InlineData("ClosedDays=36501", "Haven:Retention:ClosedDays")]
    [InlineData("ClosedDays=soon", "Haven:Retention:ClosedDays")]
    [InlineData("InactiveDays=-1", "Haven:Retention:InactiveDays")]
    [InlineData("InactiveDays=0", "Haven:Retention:InactiveDays")]
    [InlineData("WarningDays=-1", "Haven:Retention:WarningDays")]
    [InlineData("WarningDays=90", "Haven:Retention:WarningDays")]
    [InlineData("Interval=00:00:00", "Haven:Retention:Interval")]
    [InlineData("Interval=-00:01:00", "Haven:Retention:Interval")]
    [InlineData("Interval=2.00:00:00", "Haven:Retention:Interval")]
    public async Task Invalid_retention_settings_refuse_to_start_with_a_message_naming_the_setting(string setting, string name)
    {
        using var temp = new TempFolder("haven-retention-test-");
        var app = await Haven.Web.Hosting.HavenApp.BuildAsync(["--data", temp.Path, "--urls", "http://127.0.0.1:0", .. TestDatabases.HostSettings(temp.Path), "--Haven:Retention:" + setting]);
        try
        {
            var refused = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync());
            Assert.Contains(name, refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Valid_edge_settings_start()
    {
        await using var server = await HavenServer.StartAsync("--Haven:Retention:ClosedDays=1", "--Haven:Retention:InactiveDays=36500", "--Haven:Retention:WarningDays=0", "--Haven:Retention:Interval=1.00:00:00");
        var options = server.Services.GetRequiredService<RetentionPolicy>().Options;
        Assert.Equal((1, 36500, 0, TimeSpan.FromDays(1)), (options.ClosedDays, options.InactiveDays, options.WarningDays, options.Interval));
    }

    internal static Task WaitForRunsAsync(RetentionJob job, int runs) =>
        Eventually.UntilAsync($"the retention job to have run {runs} times", () => job.Runs >= runs, deadline: TimeSpan.FromSeconds(30), interval: TimeSpan.FromMilliseconds(20), state: () => $"it ran {job.Runs} times");

    private static Task AdvanceToAsync(HavenServer server, DateOnly day)
    {
        var by = day.DayNumber - Today(server).DayNumber;
        Assert.True(by >= 0);
        server.Clock.Advance(TimeSpan.FromDays(by));
        return Task.CompletedTask;
    }

    private static async Task<bool> ExistsAsync(HavenServer server, string caseId)
    {
        await using var db = await Db(server);
        return await db.Cases.AnyAsync(c => c.Id == caseId);
    }

    private static async Task AssertHeldAsync(HavenServer server, string caseId, int records, int checks)
    {
        await using var db = await Db(server);
        Assert.True(await db.Cases.AnyAsync(c => c.Id == caseId));
        Assert.Equal(records, await db.Records.CountAsync(r => r.CaseId == caseId));
        Assert.True(await db.CaseKeySeals.CountAsync(s => s.CaseId == caseId) >= 2);
        Assert.Equal(1, await db.Sources.CountAsync(s => s.CaseId == caseId));
        Assert.Equal(checks, await db.CaseChecks.CountAsync(c => c.CaseId == caseId));
    }

    private static async Task AssertGoneAsync(HavenServer server, string caseId)
    {
        await using var db = await Db(server);
        Assert.False(await db.Cases.AnyAsync(c => c.Id == caseId));
        Assert.Equal(0, await db.Records.CountAsync(r => r.CaseId == caseId));
        Assert.Equal(0, await db.CaseKeySeals.CountAsync(s => s.CaseId == caseId));
        Assert.Equal(0, await db.Sources.CountAsync(s => s.CaseId == caseId));
        Assert.Equal(0, await db.CaseChecks.CountAsync(c => c.CaseId == caseId));
    }

    private static async Task AssertPurgeAuditedAsync(HavenServer server, string caseId, string reason)
    {
        await using var db = await Db(server);
        var entry = await db.AuditEntries.AsNoTracking().Where(e => e.CaseId == caseId).OrderByDescending(e => e.Seq).FirstAsync();
        Assert.Equal(PurgeCommand.Action, entry.Action);
        Assert.Equal(reason, entry.SubjectId);
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.CaseId == caseId && e.Action == "case.purged"));
        Assert.Equal(AuditActors.System, entry.ActorId);
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static int CountOf(string html, string text)
    {
        var count = 0;
        for (var at = html.IndexOf(text, StringComparison.Ordinal); at >= 0; at = html.IndexOf(text, at + text.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
