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

            // A system-signed entry exists once a person's first request is stored (case.created).
            using (var person = a.CreateClient())
            {
                Assert.Equal(20, (await person.AskForHelpAsync()).Length);
                Assert.Equal(HttpStatusCode.OK, (await person.SubmitRequestAsync("we need help")).Status);
            }

            using (await InitInstanceCommand.ExecuteAsync(TestDatabases.Data(cPath), CancellationToken.None))
            {
            }

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
