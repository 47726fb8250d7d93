using System.Net;
using Haven.Accounts;
using Haven.Crypto;
using Haven.Instance;
using Haven.Load;
using Haven.Storage;
using Haven.Web.Tests.Cli;
using Haven.Web.Tests.Infrastructure;
using Haven.Web.Tests.TeamTexts;
using static Haven.Web.Tests.Files.FileTestKit;

namespace Haven.Web.Tests.Faults;

/// <summary>
/// PostgreSQL goes away under a running server, or is not there, or refuses, at start: on a cluster of this
/// class's own (<see cref="ThrowawayCluster"/>), never the shared one. Sends while it is down (a first request,
/// a follow-up, a desk reply) get a localized 503 with everything typed back and go through once it is back;
/// the web host waits for a database that is not up yet, and exits 2 with one line when it never comes, when
/// the password is wrong or when the connection string requires TLS that the server does not offer; a
/// failing <c>haven init</c> leaves no data directory behind.
/// </summary>
public sealed class DatabaseOutageTests(ThrowawayCluster cluster) : IClassFixture<ThrowawayCluster>
{
    private const string EnglishOutage = "Haven cannot store messages at this moment. Nothing was sent, and nothing is lost";

    [ClusterFact]
    public async Task Sends_while_PostgreSQL_is_down_get_503_with_the_text_back_and_go_through_when_it_is_back()
    {
        // The server runs as a process of its own: EF's compiled queries hold one model per process, and the
        // SQLite run's in-process servers use another.
        var data = NewDataPath();
        var database = cluster.ConnectionString(NewDatabase());
        var totp = await InitAsync(new DataDirectory(data, new DatabaseSettings(DatabaseProvider.Postgres, database)));
        using var host = WebHostProcess.Start(data, Postgres(database));
        try
        {
            Assert.True(await host.WaitReadyAsync(), host.Output);
            using var writer = new HavenClient(host.BaseAddress, "en");
            await writer.AskForHelpAsync();
            Assert.Equal("/sent", (await writer.SubmitRequestAsync("words before the outage")).Location.AbsolutePath);
            using var newcomer = new HavenClient(host.BaseAddress, "en");
            await newcomer.AskForHelpAsync();
            using var admin = new HavenClient(host.BaseAddress, "en");
            Assert.Equal("/desk", (await admin.LoginAsync(HavenServer.AdminName, HavenServer.AdminPassphrase, TotpCodes.Compute(totp, DateTimeOffset.UtcNow))).Location.AbsolutePath);
            var caseId = Assert.Single(await admin.InboxCaseIdsAsync());

            // The team's texts come from memory: the form given back during the outage still carries them.
            Assert.Equal("/desk/texts", (await admin.SaveTextAsync("en", "reply_time", "within 6 hours")).Location.AbsolutePath);
            var requestForm = await newcomer.GetAsync("/request");
            var conversation = await writer.GetAsync("/conversation");
            var casePage = await admin.GetAsync($"/desk/case/{caseId}");
            using var testifier = new HavenClient(host.BaseAddress, "en");
            await Intake.TestimonyKit.StartAsync(testifier);
            var testimonyForm = await testifier.GetAsync("/testimony");

            const string request = "db-down first request: the road north is closed";
            const string followUp = "db-down follow-up: we moved to the school";
            const string reply = "db-down reply: stay there, we are calling you";
            var testimonyFields = Intake.TestimonyKit.Fields(testimonyForm.Html, Intake.TestimonyKit.Answers("db-down testimony: they came at night"));
            KeyValuePair<string, string>[] replyFields = [new("__af", HavenClient.Hidden(casePage.Html, "__af")!), new("RecordId", HavenClient.Hidden(casePage.Html, "RecordId")!), new("Text", reply)];
            cluster.Stop();
            try
            {
                var refused = await newcomer.PostAsync("/request", FullDiskTests.RequestFields(requestForm.Html, request));
                Assert.True(refused.Status == HttpStatusCode.ServiceUnavailable, $"{refused.Status}: {host.Output}");
                Assert.Contains(EnglishOutage, refused.Html, StringComparison.Ordinal);
                Assert.Contains(">" + request + "</textarea>", refused.Html, StringComparison.Ordinal);
                Assert.Contains("The team usually replies within 6 hours.", refused.Html, StringComparison.Ordinal);
                Assert.Contains("id=\"danger\"", refused.Html, StringComparison.Ordinal);
                Assert.Equal("60", refused.Response.Headers.RetryAfter?.ToString());

                // The testimony form comes back whole: the text, and the answers of its lists (which it cannot read
                // now) carried in hidden fields.
                var refusedTestimony = await testifier.PostAsync("/testimony", testimonyFields);
                Assert.True(refusedTestimony.Status == HttpStatusCode.ServiceUnavailable, $"{refusedTestimony.Status}: {host.Output}");
                Assert.Contains(EnglishOutage, refusedTestimony.Html, StringComparison.Ordinal);
                Assert.Contains(">db-down testimony: they came at night</textarea>", refusedTestimony.Html, StringComparison.Ordinal);
                Assert.Contains("<input type=\"hidden\" name=\"Input.Acts\" value=\"torture\">", refusedTestimony.Html, StringComparison.Ordinal);
                Assert.Contains("<input type=\"hidden\" name=\"Input.Perpetrators\" value=\"police\">", refusedTestimony.Html, StringComparison.Ordinal);
                Assert.Contains("value=\"others\" checked=\"checked\"", refusedTestimony.Html, StringComparison.Ordinal);

                var refusedFollowUp = await writer.PostAsync("/conversation", FullDiskTests.ConversationFields(conversation.Html, followUp));
                Assert.True(refusedFollowUp.Status == HttpStatusCode.ServiceUnavailable, $"{refusedFollowUp.Status}: {host.Output}");
                Assert.Contains(EnglishOutage, refusedFollowUp.Html, StringComparison.Ordinal);
                Assert.Contains(">" + followUp + "</textarea>", refusedFollowUp.Html, StringComparison.Ordinal);

                var refusedUpload = await writer.PostMultipartAsync("/conversation", FullDiskTests.ConversationFields(conversation.Html, followUp), [("a.pdf", Bytes(RandomBytes(100_000)))]);
                Assert.True(refusedUpload.Status == HttpStatusCode.ServiceUnavailable, $"{refusedUpload.Status}: {host.Output}");
                Assert.Contains(">" + followUp + "</textarea>", refusedUpload.Html, StringComparison.Ordinal);

                var refusedReply = await admin.PostAsync($"/desk/case/{caseId}/reply", replyFields);
                Assert.True(refusedReply.Status == HttpStatusCode.ServiceUnavailable, $"{refusedReply.Status}: {host.Output}");
                Assert.Contains(EnglishOutage, refusedReply.Html, StringComparison.Ordinal);
                Assert.Contains(">" + reply + "</textarea>", refusedReply.Html, StringComparison.Ordinal);
                Assert.Equal("60", refusedReply.Response.Headers.RetryAfter?.ToString());

                var refusedMultipartReply = await admin.PostMultipartAsync($"/desk/case/{caseId}/reply", replyFields, [("b.pdf", Bytes(RandomBytes(50_000)))]);
                Assert.True(refusedMultipartReply.Status == HttpStatusCode.ServiceUnavailable, $"{refusedMultipartReply.Status}: {host.Output}");
                Assert.Contains(">" + reply + "</textarea>", refusedMultipartReply.Html, StringComparison.Ordinal);
            }
            finally
            {
                cluster.Start();
            }

            var blobs = Path.Combine(data, "blobs");
            Assert.True(!Directory.Exists(blobs) || Directory.GetFiles(blobs).Length == 0);

            var sent = await newcomer.PostAsync("/request", FullDiskTests.RequestFields(requestForm.Html, request));
            Assert.True(sent.Location.AbsolutePath == "/sent", $"{sent.Status} {sent.Location}: {host.Output}");
            var sentTestimony = await testifier.PostAsync("/testimony", testimonyFields);
            Assert.True(sentTestimony.Location.AbsolutePath == "/sent", $"{sentTestimony.Status} {sentTestimony.Location}: {host.Output}");
            var sentFollowUp = await writer.PostAsync("/conversation", FullDiskTests.ConversationFields(conversation.Html, followUp));
            Assert.Equal("/conversation", sentFollowUp.Location.AbsolutePath);
            var sentReply = await admin.PostAsync($"/desk/case/{caseId}/reply", replyFields);
            Assert.Equal($"/desk/case/{caseId}", sentReply.Location.AbsolutePath);
            Assert.Contains(reply, sentReply.Html, StringComparison.Ordinal);

            // The log lines name the failure, never what was typed.
            Assert.Contains("Storage unavailable (Unavailable", host.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("db-down", host.Output, StringComparison.Ordinal);
        }
        finally
        {
            host.Dispose();
            DeleteFolder(data);
        }
    }

    /// <summary>An instance with the administrator, made the way <c>haven init</c> and <c>haven responder add</c> do; returns the TOTP secret.</summary>
    private static async Task<string> InitAsync(DataDirectory data)
    {
        using (await InitInstanceCommand.ExecuteAsync(data, CancellationToken.None))
        {
        }

        var (admin, totp) = NewResponder.Create(HavenServer.AdminName, HavenServer.AdminPassphrase, ResponderRole.Admin, DateOnly.FromDateTime(DateTime.UtcNow));
        await using var db = StorageServiceCollectionExtensions.CreateContext(data);
        await AddResponderCommand.ExecuteAsync(db, admin, CancellationToken.None);
        return totp;
    }

    [ClusterFact]
    public async Task The_web_host_waits_for_a_database_that_is_not_up_yet()
    {
        var data = NewDataPath();
        cluster.Stop();
        try
        {
            using var host = WebHostProcess.Start(data, Postgres(cluster.ConnectionString(NewDatabase())));
            Assert.True(await host.WaitForStderrAsync("waiting up to 2 min for the PostgreSQL database"), host.Output);
            cluster.Start();
            Assert.True(await host.WaitReadyAsync(), host.Output);
            Assert.Single(host.StderrLines);
        }
        finally
        {
            EnsureStarted();
            DeleteFolder(data);
        }
    }

    [Fact]
    public async Task The_web_host_gives_up_on_a_database_that_never_comes_with_one_line_and_exit_2()
    {
        var data = NewDataPath();
        try
        {
            var nobody = $"Host=127.0.0.1;Port={ServerProcess.FreePort()};Username=postgres;Database=haven";
            using var host = WebHostProcess.Start(data, [.. Postgres(nobody), "--Haven:Database:StartupWait=00:00:02"]);
            Assert.True(await host.ExitCodeAsync() == 2, host.Output);
            Assert.True(host.StderrLines.Count == 2, host.Output);
            Assert.StartsWith("haven: waiting up to 2 s for the PostgreSQL database, which is not up yet (ConnectionRefused)", host.StderrLines[0], StringComparison.Ordinal);
            Assert.StartsWith("haven: the PostgreSQL database did not come up within 2 s", host.StderrLines[1], StringComparison.Ordinal);
        }
        finally
        {
            DeleteFolder(data);
        }
    }

    [ClusterFact]
    public async Task The_web_host_with_a_wrong_password_prints_one_line_and_exits_2()
    {
        var data = NewDataPath();
        try
        {
            using var host = WebHostProcess.Start(data, Postgres(cluster.ConnectionString(NewDatabase(), password: "not-the-password")));
            Assert.Equal(2, await host.ExitCodeAsync());
            var line = Assert.Single(host.StderrLines);
            Assert.StartsWith("haven: the PostgreSQL server refused the login (28P01", line, StringComparison.Ordinal);
            Assert.DoesNotContain("not-the-password", host.Output, StringComparison.Ordinal);
        }
        finally
        {
            DeleteFolder(data);
        }
    }

    [ClusterFact]
    public async Task The_web_host_requiring_TLS_from_a_server_without_it_prints_one_line_and_exits_2()
    {
        var data = NewDataPath();
        try
        {
            using var host = WebHostProcess.Start(data, Postgres(cluster.ConnectionString(NewDatabase(), extra: "SSL Mode=Require")));
            Assert.Equal(2, await host.ExitCodeAsync());
            var line = Assert.Single(host.StderrLines);
            Assert.StartsWith("haven: the connection string requires TLS (SSL Mode) but the PostgreSQL server does not offer it", line, StringComparison.Ordinal);
        }
        finally
        {
            DeleteFolder(data);
        }
    }

    [ClusterFact]
    public async Task Init_against_a_failing_database_prints_one_line_exits_2_and_leaves_no_data_directory()
    {
        using var folder = new TempFolder();
        var fresh = folder["fresh"];
        var wrong = new DatabaseSettings(DatabaseProvider.Postgres, cluster.ConnectionString(NewDatabase(), password: "not-the-password"));
        await using var output = new StringWriter();
        await using var error = new StringWriter();
        var exit = await Haven.Cli.CliApp.RunAsync(["init", "--data", fresh, "--recovery-stdout"], TextReader.Null, output, error, wrong);
        Assert.Equal(2, exit);
        Assert.StartsWith("haven: the PostgreSQL server refused the login (28P01", Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        Assert.Equal("", output.ToString());
        Assert.False(Directory.Exists(fresh));

        var down = new DatabaseSettings(DatabaseProvider.Postgres, $"Host=127.0.0.1;Port={ServerProcess.FreePort()};Username=postgres;Database=haven");
        exit = await Haven.Cli.CliApp.RunAsync(["init", "--data", fresh, "--recovery-stdout"], TextReader.Null, output, error, down);
        Assert.Equal(2, exit);
        Assert.False(Directory.Exists(fresh));
    }

    private static string[] Postgres(string connectionString) =>
        ["--Haven:Database:Provider=postgres", "--Haven:Database:ConnectionString=" + connectionString];

    private static string NewDatabase() => "haven_outage_" + RandomId.New();

    private static string NewDataPath() => Path.Combine(Path.GetTempPath(), "haven-outage-" + RandomId.New());

    private static void DeleteFolder(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private void EnsureStarted()
    {
        try
        {
            cluster.Start();
        }
        catch (InvalidOperationException)
        {
            // Already running.
        }
    }
}
