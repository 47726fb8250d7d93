using System.Net;
using Haven.Accounts;
using Haven.Instance;
using Haven.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Haven.Web.Tests.Accounts;

public sealed class ResponderAdminHttpTests
{
    [Fact]
    public async Task Disabling_ends_the_live_session_blocks_login_and_can_be_undone()
    {
        await using var server = await HavenServer.StartAsync();
        var worker = await Accounts.AddResponderAsync(server, "Worker", ResponderRole.Caseworker);
        using var workerClient = server.CreateClient();
        Assert.Equal("/desk", (await worker.LoginAsync(server, workerClient)).Location.AbsolutePath);
        using var admin = await Accounts.AdminAsync(server);

        var list = await admin.GetAsync("/desk/responders");
        Assert.Contains("Worker", list.Html, StringComparison.Ordinal);
        var disabled = await admin.PostFormAsync("/desk/responders", "/desk/responders?handler=disable", [new("id", worker.Id)]);
        Assert.Equal(HttpStatusCode.OK, disabled.Status);
        Assert.Contains("id=\"notice\"", disabled.Html, StringComparison.Ordinal);

        // The session that was open a moment ago is gone; logging in again fails like a wrong passphrase.
        Assert.Equal("/desk/login", (await workerClient.GetAsync("/desk")).Location.AbsolutePath);
        var refused = await worker.LoginAsync(server, workerClient);
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);

        await admin.PostFormAsync("/desk/responders", "/desk/responders?handler=enable", [new("id", worker.Id)]);
        Assert.Equal("/desk", (await worker.LoginAsync(server, workerClient)).Location.AbsolutePath);

        var audit = await Accounts.AuditAsync(server);
        Assert.Single(audit, e => e.Action == "responder.disabled" && e.SubjectId == worker.Id);
        Assert.Single(audit, e => e.Action == "responder.enabled" && e.SubjectId == worker.Id);
    }

    [Fact]
    public async Task An_administrator_cannot_disable_themselves()
    {
        await using var server = await HavenServer.StartAsync();
        using var admin = await Accounts.AdminAsync(server);
        await using (var db = await Accounts.Factory(server).CreateDbContextAsync())
        {
            var id = await db.Responders.Select(r => r.Id).SingleAsync();
            var page = await admin.PostFormAsync("/desk/responders", "/desk/responders?handler=disable", [new("id", id)]);
            Assert.Equal(HttpStatusCode.BadRequest, page.Status);
            Assert.Contains("cannot disable your own account", page.Html, StringComparison.Ordinal);
        }

        Assert.Equal("/desk", (await admin.GetAsync("/desk")).Location.AbsolutePath);
        await using var check = await Accounts.Factory(server).CreateDbContextAsync();
        Assert.True(await check.Responders.Select(r => r.Active).SingleAsync());
    }

    [Theory]
    [InlineData("Caseworker")]
    [InlineData("Analyst")]
    public async Task Other_roles_find_neither_the_responders_nor_the_audit_pages(string role)
    {
        await using var server = await HavenServer.StartAsync();
        var responder = await Accounts.AddResponderAsync(server, "Someone", Enum.Parse<ResponderRole>(role));
        using var client = server.CreateClient();
        await responder.LoginAsync(server, client);

        foreach (var path in new[] { "/desk/responders", "/desk/audit", "/desk/audit?page=2" })
        {
            var page = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, page.Status);
            Assert.DoesNotContain(HavenServer.AdminName, page.Html, StringComparison.Ordinal);
        }

        var token = HavenClient.Hidden((await client.GetAsync("/desk")).Html, "__af")!;
        var admin = await Accounts.Factory(server).CreateDbContextAsync();
        await using (admin)
        {
            var adminId = await admin.Responders.Where(r => r.Role == ResponderRole.Admin).Select(r => r.Id).SingleAsync();
            foreach (var handler in new[] { "disable", "invite", "grantall" })
            {
                var post = await client.PostAsync($"/desk/responders?handler={handler}", [new("__af", token), new("id", adminId), new("role", "Admin")]);
                Assert.Equal(HttpStatusCode.NotFound, post.Status);
            }
        }

        var home = await client.GetAsync("/desk");
        Assert.DoesNotContain("href=\"/desk/responders\"", home.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/desk/audit\"", home.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"/desk/account\"", home.Html, StringComparison.Ordinal);
        // Nothing after the set-up's own entry but logins: every refused post changed nothing.
        Assert.True((await Accounts.AuditAsync(server)).All(e => e.Action is "responder.login" or InstanceSetupEntry.Action));
    }

    [Fact]
    public async Task A_coordinator_who_joins_later_is_given_every_case_the_administrator_holds()
    {
        await using var server = await HavenServer.StartAsync();
        for (var i = 0; i < 3; i++)
        {
            using var person = server.CreateClient();
            await person.AskForHelpAsync();
            await person.SubmitRequestAsync($"request number {i}");
        }

        var coordinator = await Accounts.AddResponderAsync(server, "Late Coordinator", ResponderRole.Coordinator);
        var analyst = await Accounts.AddResponderAsync(server, "Analyst", ResponderRole.Analyst);
        using var coordinatorClient = server.CreateClient();
        await coordinator.LoginAsync(server, coordinatorClient);
        Assert.Empty(await coordinatorClient.InboxCaseIdsAsync());

        using var admin = await Accounts.AdminAsync(server);
        var held = await admin.InboxCaseIdsAsync();
        Assert.Equal(3, held.Count);
        var page = await admin.GetAsync("/desk/responders");
        Assert.Contains("Give access to all cases I hold: Late Coordinator", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("all cases I hold: Analyst", page.Html, StringComparison.Ordinal);

        var granted = await admin.PostFormAsync("/desk/responders", "/desk/responders?handler=grantall", [new("id", coordinator.Id)]);
        Assert.Equal(HttpStatusCode.OK, granted.Status);
        Assert.Contains("Access given to 3 more cases. 0 cases remain", granted.Html, StringComparison.Ordinal);
        Assert.Equal(held.Order(), (await coordinatorClient.InboxCaseIdsAsync()).Order());
        foreach (var caseId in held)
        {
            Assert.Contains("request number", (await coordinatorClient.GetAsync($"/desk/case/{caseId}")).Html, StringComparison.Ordinal);
        }

        // Running it again has nothing left to do; analysts never hold case keys.
        var again = await admin.PostFormAsync("/desk/responders", "/desk/responders?handler=grantall", [new("id", coordinator.Id)]);
        Assert.Contains("Access given to 0 more cases", again.Html, StringComparison.Ordinal);
        var refused = await admin.PostFormAsync("/desk/responders", "/desk/responders?handler=grantall", [new("id", analyst.Id)]);
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);

        var audit = await Accounts.AuditAsync(server);
        Assert.Equal(3, audit.Count(e => e.Action == "case.granted" && e.SubjectId == coordinator.Id));
        await using var db = await Accounts.Factory(server).CreateDbContextAsync();
        Assert.False(await db.CaseKeySeals.AnyAsync(s => s.ResponderId == analyst.Id));
    }

    [Fact]
    public async Task Grant_all_works_in_bounded_batches()
    {
        await using var server = await HavenServer.StartAsync();
        var count = GrantAllCasesCommand.MaxPerRun + 5;
        await using (var db = await Accounts.Factory(server).CreateDbContextAsync())
        {
            // Cases made directly (as the intake does) so that the test stays quick.
            var admin = await db.Responders.SingleAsync();
            var recovery = Haven.Instance.InstanceKeys.Load(new Haven.Storage.DataDirectory(server.DataPath)).RecoveryPublicKey;
            for (var i = 0; i < count; i++)
            {
                var (@case, seals) = Haven.Cases.CaseRecords.NewCase(Haven.Cases.Urgency.Weeks, DateOnly.FromDateTime(server.Clock.GetUtcNow().UtcDateTime), recovery, [(admin.Id, admin.X25519PublicKey)]);
                db.Cases.Add(@case);
                db.CaseKeySeals.AddRange(seals);
            }

            await db.SaveChangesAsync();
        }

        var coordinator = await Accounts.AddResponderAsync(server, "Coord", ResponderRole.Coordinator);
        using var client = await Accounts.AdminAsync(server);
        var first = await client.PostFormAsync("/desk/responders", "/desk/responders?handler=grantall", [new("id", coordinator.Id)]);
        Assert.Contains($"Access given to {GrantAllCasesCommand.MaxPerRun} more cases. 5 cases remain", first.Html, StringComparison.Ordinal);
        var second = await client.PostFormAsync("/desk/responders", "/desk/responders?handler=grantall", [new("id", coordinator.Id)]);
        Assert.Contains("Access given to 5 more cases. 0 cases remain", second.Html, StringComparison.Ordinal);
        await using var check = await Accounts.Factory(server).CreateDbContextAsync();
        Assert.Equal(count, await check.CaseKeySeals.CountAsync(s => s.ResponderId == coordinator.Id));
    }
}
