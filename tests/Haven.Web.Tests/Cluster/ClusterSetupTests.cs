using System.Net;
using System.Text.RegularExpressions;
using Haven.Accounts;
using Haven.Crypto;
using Haven.Instance;
using Haven.Storage;
using Haven.Tests;
using Haven.Web.Setup;
using Haven.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Haven.Web.Tests.Cluster;

/// <summary>
/// The one-time set-up with two in-process nodes on one PostgreSQL: finished on one, the other's open link says
/// it is done and makes no second administrator; a node started later without the instance key, or with another
/// instance's key, refuses to start and says to copy <c>instance.key</c> from the first node. Several nodes run
/// only on PostgreSQL: on SQLite these tests have nothing to check and pass at once.
/// </summary>
public sealed class ClusterSetupTests
{
    [Fact]
    public async Task Set_up_finished_on_one_node_is_done_on_the_other_which_makes_no_second_administrator()
    {
        if (!TestDatabases.Postgres)
        {
            return;
        }

        await using var a = await HavenServer.StartFreshAsync();
        var bPath = NewPath();
        TestDatabases.Share(a.DataPath, bPath);
        await using var b = await HavenServer.StartOnAsync(bPath);
        var tokenA = a.Services.GetRequiredService<SetupState>().Token!;
        var tokenB = b.Services.GetRequiredService<SetupState>().Token!;

        // Both operators get as far as the last step, each on their node.
        using var browserA = a.CreateClient();
        using var browserB = b.CreateClient();
        await EnrolAsync(browserA, a, tokenA, "Anna");
        await EnrolAsync(browserB, b, tokenB, "Boris");

        var doneA = await browserA.PostFormAsync($"/setup/{tokenA}", $"/setup/{tokenA}?handler=finish", [new("Stored", "true")]);
        Assert.Equal("/desk/login", doneA.Location.AbsolutePath);

        // B's operator finishes at the same moment: B's completion asks the database again, holding the write lock.
        var setupB = b.Services.GetRequiredService<SetupState>();
        Assert.Equal(ResponderOutcome.None, await setupB.CompleteAsync(CancellationToken.None));
        Assert.True(setupB.DoneElsewhere(tokenB));
        Assert.False(InstanceKeys.Exists(TestDatabases.Data(bPath)), "node B wrote an instance key of its own");
        await using (var db = StorageServiceCollectionExtensions.CreateContext(a.Data))
        {
            Assert.Equal(["Anna"], await db.Responders.Select(r => r.Name).ToListAsync());
        }

        // Its link says so from then on, in the reader's language.
        using var russian = b.CreateClient("ru");
        Assert.Contains("Настройка уже завершена на другом узле", (await russian.GetAsync($"/setup/{tokenB}")).Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_node_whose_link_is_still_open_says_set_up_is_done_once_another_node_finished()
    {
        if (!TestDatabases.Postgres)
        {
            return;
        }

        await using var a = await HavenServer.StartFreshAsync();
        var bPath = NewPath();
        TestDatabases.Share(a.DataPath, bPath);
        await using var b = await HavenServer.StartOnAsync(bPath);
        var tokenA = a.Services.GetRequiredService<SetupState>().Token!;
        var tokenB = b.Services.GetRequiredService<SetupState>().Token!;

        using var browserA = a.CreateClient();
        await EnrolAsync(browserA, a, tokenA, "Anna");
        await browserA.PostFormAsync($"/setup/{tokenA}", $"/setup/{tokenA}?handler=finish", [new("Stored", "true")]);

        // B's link, never opened: no form, no secret, the set-up is done.
        using var browserB = b.CreateClient();
        var page = await browserB.GetAsync($"/setup/{tokenB}");
        Assert.Contains("id=\"done-elsewhere\"", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<form", page.Html, StringComparison.Ordinal);
        Assert.Null(b.Services.GetRequiredService<SetupState>().Token);
    }

    [Fact]
    public async Task A_node_without_the_instance_key_or_with_another_one_refuses_to_start_and_starts_with_the_first_nodes_key()
    {
        if (!TestDatabases.Postgres)
        {
            return;
        }

        var cPath = NewPath();
        try
        {
            await using var a = await HavenServer.StartAsync();
            TestDatabases.Share(a.DataPath, cPath);

            var missing = await Assert.ThrowsAsync<StorageStartupException>(() => HavenServer.StartOnAsync(cPath));
            Assert.Contains("copy instance.key from the first node", missing.Message, StringComparison.Ordinal);

            // The log grows after the set-up's own entry: a person's request (case.created) is signed by the system too.
            using (var person = a.CreateClient())
            {
                Assert.Equal(20, (await person.AskForHelpAsync()).Length);
                Assert.Equal(HttpStatusCode.OK, (await person.SubmitRequestAsync("we need help")).Status);
            }

            InstanceKeys.Create().Keys.Save(TestDatabases.Data(cPath));
            var wrong = await Assert.ThrowsAsync<StorageStartupException>(() => HavenServer.StartOnAsync(cPath));
            Assert.Contains("is not the instance key this database was set up with", wrong.Message, StringComparison.Ordinal);
            Assert.Contains("copy instance.key from the first node", wrong.Message, StringComparison.Ordinal);

            File.Copy(a.Data.InstanceKeyFile, TestDatabases.Data(cPath).InstanceKeyFile, overwrite: true);
            var c = await HavenServer.StartOnAsync(cPath);
            await c.StopAsync();
            using var client = a.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).Status);
        }
        finally
        {
            if (Directory.Exists(cPath))
            {
                Directory.Delete(cPath, recursive: true);
            }
        }
    }

    [Fact]
    public async Task A_node_with_another_instance_key_is_refused_from_the_start_after_haven_init_and_after_a_web_set_up()
    {
        if (!TestDatabases.Postgres)
        {
            return;
        }

        // Set up with `haven init` (and an administrator), nothing else written yet: no case, no job.
        await using (var first = await HavenServer.StartAsync())
        {
            await AssertAnotherKeyRefusedAsync(first);
        }

        // Set up through the web: the link, the administrator, the recovery secret; nothing else.
        await using var a = await HavenServer.StartFreshAsync();
        var token = a.Services.GetRequiredService<SetupState>().Token!;
        using var browser = a.CreateClient();
        await EnrolAsync(browser, a, token, "Anna");
        Assert.Equal("/desk/login", (await browser.PostFormAsync($"/setup/{token}", $"/setup/{token}?handler=finish", [new("Stored", "true")])).Location.AbsolutePath);
        await AssertAnotherKeyRefusedAsync(a);
    }

    [Fact]
    public async Task A_single_node_whose_instance_key_was_replaced_before_anything_was_written_refuses_to_start()
    {
        await using var server = await HavenServer.StartAsync();
        await server.StopAsync();
        File.Delete(server.Data.InstanceKeyFile);
        InstanceKeys.Create().Keys.Save(server.Data);
        var wrong = await Assert.ThrowsAsync<StorageStartupException>(() => server.StartAgainAsync());
        Assert.Contains("is not the instance key this database was set up with", wrong.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Haven_init_on_a_database_another_node_set_up_refuses_and_leaves_no_key()
    {
        if (!TestDatabases.Postgres)
        {
            return;
        }

        var cPath = NewPath();
        try
        {
            await using var a = await HavenServer.StartAsync();
            TestDatabases.Share(a.DataPath, cPath);
            var refused = await Assert.ThrowsAsync<StorageStartupException>(() => InitInstanceCommand.ExecuteAsync(TestDatabases.Data(cPath), CancellationToken.None));
            Assert.Contains("copy instance.key from the first node", refused.Message, StringComparison.Ordinal);
            Assert.False(InstanceKeys.Exists(TestDatabases.Data(cPath)));

            // The first node's log is untouched: it still starts and its audit chain verifies.
            await a.StopAsync();
            await a.StartAgainAsync();
            var verify = await Haven.Web.Tests.Cli.CliRunner.RunAsync("audit", "verify", "--data", a.DataPath);
            Assert.True(verify.ExitCode == 0, verify.ToString());
        }
        finally
        {
            if (Directory.Exists(cPath))
            {
                Directory.Delete(cPath, recursive: true);
            }
        }
    }

    [Fact]
    public async Task A_form_token_made_after_a_web_set_up_is_accepted_on_another_node()
    {
        if (!TestDatabases.Postgres)
        {
            return;
        }

        var bPath = NewPath();
        await using var a = await HavenServer.StartFreshAsync();
        var token = a.Services.GetRequiredService<SetupState>().Token!;
        using (var operator_ = a.CreateClient())
        {
            // The set-up's own forms make a data-protection key before the instance key exists (held in memory).
            await EnrolAsync(operator_, a, token, "Anna");
            Assert.Equal("/desk/login", (await operator_.PostFormAsync($"/setup/{token}", $"/setup/{token}?handler=finish", [new("Stored", "true")])).Location.AbsolutePath);
        }

        OwnerOnly.CreateFolder(bPath);
        File.Copy(a.Data.InstanceKeyFile, TestDatabases.Data(bPath).InstanceKeyFile);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(TestDatabases.Data(bPath).InstanceKeyFile, OwnerOnly.FilePermissions);
        }

        TestDatabases.Share(a.DataPath, bPath);
        await using var b = await HavenServer.StartOnAsync(bPath);
        try
        {
            using var browser = a.CreateClient();
            var form = HavenClient.Hidden((await browser.GetAsync("/return")).Html, "__af")!;
            using var moved = InProcessNodes.MoveTo(browser, a, b, "en");
            var sent = await moved.PostAsync("/return", [new("__af", form), new("Receipt", "1234 5678 9012 3456 7890")]);
            Assert.DoesNotContain("The form could not be accepted", sent.Html, StringComparison.Ordinal);
            Assert.Contains("We could not find that code", sent.Html, StringComparison.Ordinal);
        }
        finally
        {
            await b.StopAsync();
        }
    }

    /// <summary>A node on <paramref name="first"/>'s database with an instance key of its own does not start.</summary>
    private static async Task AssertAnotherKeyRefusedAsync(HavenServer first)
    {
        var cPath = NewPath();
        try
        {
            TestDatabases.Share(first.DataPath, cPath);
            OwnerOnly.CreateFolder(cPath);
            InstanceKeys.Create().Keys.Save(TestDatabases.Data(cPath));
            var wrong = await Assert.ThrowsAsync<StorageStartupException>(() => HavenServer.StartOnAsync(cPath));
            Assert.Contains("is not the instance key this database was set up with", wrong.Message, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(cPath))
            {
                Directory.Delete(cPath, recursive: true);
            }
        }
    }

    /// <summary>The account and TOTP steps of the set-up, up to the recovery step.</summary>
    private static async Task EnrolAsync(HavenClient browser, HavenServer server, string token, string name)
    {
        var totpPage = await browser.PostFormAsync($"/setup/{token}", $"/setup/{token}?handler=account", [new("Name", name), new("Passphrase", "a long passphrase one"), new("Confirm", "a long passphrase one")]);
        var secret = Regex.Match(totpPage.Html, "id=\"totp-secret\">([A-Z2-7]+)<").Groups[1].Value;
        Assert.NotEmpty(secret);
        var recoveryPage = await browser.PostFormAsync($"/setup/{token}", $"/setup/{token}?handler=totp", [new("Code", TotpCodes.Compute(secret, server.Clock.GetUtcNow()))]);
        Assert.Contains("handler=finish", recoveryPage.Html, StringComparison.Ordinal);
    }

    private static string NewPath() => Path.Combine(Path.GetTempPath(), "haven-test-" + RandomId.New());
}
