using System.Net;
using Haven.Accounts;
using Haven.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Haven.Web.Tests.Accounts;

public sealed class PassphraseChangeHttpTests
{
    private const string NewPassphrase = "seven orange kites at dawn";

    [Fact]
    public async Task After_a_change_the_old_passphrase_fails_the_new_one_works_and_the_cases_still_open()
    {
        await using var server = await HavenServer.StartAsync();
        var coordinator = await Accounts.AddResponderAsync(server, "Coord", ResponderRole.Coordinator);
        using (var person = server.CreateClient())
        {
            await person.AskForHelpAsync();
            await person.SubmitRequestAsync("a request the coordinator must still read");
        }

        using var client = server.CreateClient();
        await coordinator.LoginAsync(server, client);
        var caseId = Assert.Single(await client.InboxCaseIdsAsync());
        byte[] saltBefore, wrappedBefore, publicBefore;
        await using (var db = await Accounts.Factory(server).CreateDbContextAsync())
        {
            var row = await db.Responders.AsNoTracking().SingleAsync(r => r.Id == coordinator.Id);
            (saltBefore, wrappedBefore, publicBefore) = (row.KdfSalt, row.WrappedKeys, row.X25519PublicKey);
        }

        var changed = await client.PostFormAsync("/desk/account", "/desk/account", [new("current", coordinator.Passphrase), new("passphrase", NewPassphrase), new("confirm", NewPassphrase)]);
        Assert.Equal(HttpStatusCode.OK, changed.Status);
        Assert.Equal("/desk/account", changed.Location.AbsolutePath);
        Assert.Contains("id=\"changed\"", changed.Html, StringComparison.Ordinal);

        await using (var db = await Accounts.Factory(server).CreateDbContextAsync())
        {
            var row = await db.Responders.AsNoTracking().SingleAsync(r => r.Id == coordinator.Id);
            Assert.NotEqual(saltBefore, row.KdfSalt);
            Assert.NotEqual(wrappedBefore, row.WrappedKeys);
            Assert.Equal(publicBefore, row.X25519PublicKey);
        }

        await client.PostFormAsync("/desk", "/desk/logout", []);
        var old = await coordinator.LoginAsync(server, client);
        Assert.Equal(HttpStatusCode.BadRequest, old.Status);
        Assert.NotEqual("/desk", old.Location.AbsolutePath);

        var login = await coordinator.LoginAsync(server, client, NewPassphrase);
        Assert.Equal("/desk", login.Location.AbsolutePath);
        var page = await client.GetAsync($"/desk/case/{caseId}");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("a request the coordinator must still read", page.Html, StringComparison.Ordinal);

        var audit = await Accounts.AuditAsync(server);
        var entry = Assert.Single(audit, e => e.Action == "responder.passphrase_changed");
        Assert.Equal(coordinator.Id, entry.ActorId);
        Assert.Contains(audit, e => e.Action == "responder.logout" && e.ActorId == coordinator.Id);
    }

    [Fact]
    public async Task A_wrong_current_passphrase_a_mismatch_or_a_short_new_one_changes_nothing()
    {
        await using var server = await HavenServer.StartAsync();
        using var admin = await Accounts.AdminAsync(server);
        var cases = new (string Current, string New, string Confirm, string Message)[]
        {
            ("not my passphrase at all", NewPassphrase, NewPassphrase, "The current passphrase is wrong."),
            (HavenServer.AdminPassphrase, NewPassphrase, NewPassphrase + "!", "The two passphrases differ."),
            (HavenServer.AdminPassphrase, "too short", "too short", "at least 12 characters"),
        };
        foreach (var (current, next, confirm, message) in cases)
        {
            var page = await admin.PostFormAsync("/desk/account", "/desk/account", [new("current", current), new("passphrase", next), new("confirm", confirm)]);
            Assert.Equal(HttpStatusCode.BadRequest, page.Status);
            Assert.Contains(message, page.Html, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(await Accounts.AuditAsync(server), e => e.Action == "responder.passphrase_changed");
        using var again = server.CreateClient();
        server.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal("/desk", (await again.LoginAsync(HavenServer.AdminName, HavenServer.AdminPassphrase, server.AdminCode())).Location.AbsolutePath);
    }

    [Fact]
    public async Task The_account_page_needs_a_login()
    {
        await using var server = await HavenServer.StartAsync();
        using var client = server.CreateClient();
        Assert.Equal("/desk/login", (await client.GetAsync("/desk/account")).Location.AbsolutePath);
    }
}
