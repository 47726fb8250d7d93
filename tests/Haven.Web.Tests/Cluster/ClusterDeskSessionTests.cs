using System.Net;
using Haven.Accounts;
using Haven.Crypto;
using Haven.Instance;
using Haven.Storage;
using Haven.Tests;
using Haven.Web.Desk;
using Haven.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Haven.Web.Tests.Cluster;

/// <summary>
/// A responder's sessions live in one node's memory. With two in-process nodes on one PostgreSQL, an administrator
/// who disables the responder on node A ends the sessions on node B too, at their next request. Several nodes run
/// only on PostgreSQL: on SQLite this test has nothing to check and passes at once.
/// </summary>
public sealed class ClusterDeskSessionTests
{
    private const string Passphrase = "a long passphrase for Carla";

    [Fact]
    public async Task A_responder_disabled_on_one_node_is_signed_out_on_the_other_at_the_next_request_and_keeps_a_typed_form()
    {
        if (!TestDatabases.Postgres)
        {
            return;
        }

        await using var a = await HavenServer.StartAsync();
        var bPath = Path.Combine(Path.GetTempPath(), "haven-test-" + RandomId.New());
        Directory.CreateDirectory(bPath);
        File.Copy(a.Data.InstanceKeyFile, Path.Combine(bPath, "instance.key"));
        TestDatabases.Share(a.DataPath, bPath);
        await using var b = await HavenServer.StartOnAsync(bPath);

        var (carla, totp) = NewResponder.Create("Carla", Passphrase, ResponderRole.Caseworker, DateOnly.FromDateTime(a.Clock.GetUtcNow().UtcDateTime));
        string adminId;
        await using (var db = StorageServiceCollectionExtensions.CreateContext(a.Data))
        {
            Assert.Equal(ResponderOutcome.None, await AddResponderCommand.ExecuteAsync(db, carla, CancellationToken.None));
            adminId = await db.Responders.Where(r => r.Name == HavenServer.AdminName).Select(r => r.Id).SingleAsync();
        }

        using var browser = b.CreateClient();
        var login = await browser.LoginAsync("Carla", Passphrase, TotpCodes.Compute(totp, b.Clock.GetUtcNow()));
        Assert.Equal("/desk", login.Location.AbsolutePath);
        var desk = await browser.GetAsync("/desk");
        Assert.Equal(("/desk", HttpStatusCode.OK), (desk.Location.AbsolutePath, desk.Status));

        // Node A disables her: A ends its own sessions of hers (none); B learns it from the database.
        using (var admin = new UnlockedResponder(adminId, HavenServer.AdminName, ResponderRole.Admin, X25519KeyPair.Generate(), Ed25519KeyPair.Generate()))
        {
            Assert.Equal(AccountChange.Done, await a.Services.GetRequiredService<SetResponderActiveCommand>().ExecuteAsync(carla.Id, false, admin, CancellationToken.None));
        }

        Assert.Equal("/desk/login", (await browser.GetAsync("/desk")).Location.AbsolutePath);
        Assert.Empty(b.Services.GetRequiredService<DeskSessions>().SessionsOf(carla.Id));

        // Re-enabled, she logs in again on B; disabled again, a form she sends next goes to the page that gives its text back.
        using (var admin = new UnlockedResponder(adminId, HavenServer.AdminName, ResponderRole.Admin, X25519KeyPair.Generate(), Ed25519KeyPair.Generate()))
        {
            Assert.Equal(AccountChange.Done, await a.Services.GetRequiredService<SetResponderActiveCommand>().ExecuteAsync(carla.Id, true, admin, CancellationToken.None));
            Assert.Equal("/desk", (await browser.LoginAsync("Carla", Passphrase, TotpCodes.Compute(totp, b.Clock.GetUtcNow().AddSeconds(30)))).Location.AbsolutePath);
            Assert.Equal(AccountChange.Done, await a.Services.GetRequiredService<SetResponderActiveCommand>().ExecuteAsync(carla.Id, false, admin, CancellationToken.None));
        }

        using var content = new FormUrlEncodedContent([new("Text", "a note typed over a long night")]);
        var posted = await browser.Http.PostAsync("/desk", content);
        Assert.Equal(HttpStatusCode.TemporaryRedirect, posted.StatusCode);
        Assert.Equal("/desk/signed-out", posted.Headers.Location!.OriginalString.Split('?')[0]);
    }
}
