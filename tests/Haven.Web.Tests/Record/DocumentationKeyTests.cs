using System.Net;
using System.Text.RegularExpressions;
using Haven.Accounts;
using Haven.Crypto;
using Haven.Record.Keys;
using Haven.Web.Setup;
using Haven.Web.Tests.Cli;
using Haven.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Haven.Web.Tests.Record.DocumentationAccess;

namespace Haven.Web.Tests.Record;

/// <summary>
/// The instance documentation key (issue 15, point 2): generation 1 from the set-up, the keyring a session opens
/// at login, grants on the Responders page, and the rotations that follow a revocation or a deactivation, checked
/// in the database, with the recovery secret and in the sessions' memory.
/// </summary>
public sealed class DocumentationKeyTests
{
    [Fact]
    public async Task The_administrator_holds_generation_one_and_an_analyst_granted_access_opens_it_after_login()
    {
        await using var server = await HavenServer.StartAsync();
        using var admin = await Accounts.Accounts.AdminAsync(server);
        var adminKeys = Session(server, HavenServer.AdminName);
        var (generation, publicKey) = (await Keys(server).CurrentAsync(CancellationToken.None))!.Value;
        Assert.Equal(1, generation);
        Assert.True(adminKeys.Documentation.TryGet(1, out var held));
        Assert.Equal(publicKey, held.PublicKey);
        Assert.Equal(publicKey, await OpenRecoverySealAsync(server, 1));

        var analyst = await Accounts.Accounts.AddResponderAsync(server, "Analyst", ResponderRole.Analyst);
        Assert.Equal(DocumentationAccessOutcome.Done, await Keys(server).GrantAsync(analyst.Id, adminKeys, CancellationToken.None));
        Assert.Equal(DocumentationAccessOutcome.Unchanged, await Keys(server).GrantAsync(analyst.Id, adminKeys, CancellationToken.None));

        using var client = server.CreateClient();
        await analyst.LoginAsync(server, client);
        var analystKeys = Session(server, "Analyst");
        Assert.Equal([1], analystKeys.Documentation.Generations);
        Assert.True(analystKeys.Documentation.TryGet(1, out var opened));
        Assert.Equal(publicKey, opened.PublicKey);
        Assert.Equal(opened.ExportSecretKey(), held.ExportSecretKey());
    }

    [Fact]
    public async Task The_set_up_seals_generation_one_to_the_first_administrator_and_the_recovery_key()
    {
        await using var server = await HavenServer.StartFreshAsync();
        var token = server.Services.GetRequiredService<SetupState>().Token!;
        using var client = server.CreateClient();
        var totpPage = await client.PostFormAsync($"/setup/{token}", $"/setup/{token}?handler=account", [new("Name", "Olga"), new("Passphrase", "a long passphrase one"), new("Confirm", "a long passphrase one")]);
        var secret = Regex.Match(totpPage.Html, "id=\"totp-secret\">([A-Z2-7]+)<").Groups[1].Value;
        var recoveryPage = await client.PostFormAsync($"/setup/{token}", $"/setup/{token}?handler=totp", [new("Code", TotpCodes.Compute(secret, server.Clock.GetUtcNow()))]);
        Assert.True(RecoverySecret.TryParse(Regex.Match(recoveryPage.Html, "id=\"recovery-secret\">([^<]+)<").Groups[1].Value, out var recoveryKey));
        Assert.Equal(0, await server.CountAsync(db => db.DocumentationKeys));
        var done = await client.PostFormAsync($"/setup/{token}", $"/setup/{token}?handler=finish", [new("Stored", "true")]);
        Assert.Equal("/desk/login", done.Location.AbsolutePath);

        string olgaId;
        byte[] publicKey;
        await using (var db = Db(server))
        {
            olgaId = await db.Responders.Where(r => r.Name == "Olga").Select(r => r.Id).SingleAsync();
            var key = await db.DocumentationKeys.SingleAsync();
            Assert.Equal(1, key.Generation);
            publicKey = key.PublicKey;
            var seals = await db.DocumentationKeySeals.AsNoTracking().ToListAsync();
            Assert.Equal([null, olgaId], seals.Select(s => s.ResponderId).Order(StringComparer.Ordinal));
            using var recovery = X25519KeyPair.FromSecretKey(recoveryKey);
            Assert.Equal(publicKey, OpenedPublicKey(seals.Single(s => s.ResponderId is null).SealedKey, recovery));
        }

        server.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal("/desk", (await client.LoginAsync("Olga", "a long passphrase one", TotpCodes.Compute(secret, server.Clock.GetUtcNow()))).Location.AbsolutePath);
        Assert.True(Session(server, "Olga").Documentation.TryGet(1, out var opened));
        Assert.Equal(publicKey, opened.PublicKey);
        Assert.Equal([1], await SealedGenerationsAsync(server, olgaId));
    }

    [Fact]
    public async Task The_responders_page_grants_and_revokes_documentation_access_and_a_revocation_rotates_the_key()
    {
        await using var server = await HavenServer.StartAsync();
        var analyst = await Accounts.Accounts.AddResponderAsync(server, "Analyst", ResponderRole.Analyst);
        var coordinator = await Accounts.Accounts.AddResponderAsync(server, "Coordinator", ResponderRole.Coordinator);
        await Accounts.Accounts.AddResponderAsync(server, "Worker", ResponderRole.Caseworker);
        using var admin = await Accounts.Accounts.AdminAsync(server);

        var page = await admin.GetAsync("/desk/responders");
        Assert.Contains("id=\"documentation-access\"", page.Html, StringComparison.Ordinal);
        Assert.Contains("Current key generation: 1.", page.Html, StringComparison.Ordinal);
        Assert.Contains($"Grant documentation access: Analyst", page.Html, StringComparison.Ordinal);
        Assert.Contains($"Grant documentation access: Coordinator", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Grant documentation access: Worker", page.Html, StringComparison.Ordinal);

        foreach (var grantee in new[] { analyst, coordinator })
        {
            var granted = await admin.PostFormAsync("/desk/responders", "/desk/responders?handler=documentationgrant", [new("id", grantee.Id)]);
            Assert.Equal(HttpStatusCode.OK, granted.Status);
            Assert.Equal("docgranted", QueryValue(granted.Location, "done"));
            Assert.Contains("Documentation access granted.", granted.Html, StringComparison.Ordinal);
            Assert.Contains($"Revoke documentation access: {grantee.Name}", granted.Html, StringComparison.Ordinal);
        }

        using var analystClient = server.CreateClient();
        await analyst.LoginAsync(server, analystClient);
        var analystSession = Session(server, "Analyst");
        Assert.Equal([1], analystSession.Documentation.Generations);

        var revoked = await admin.PostFormAsync("/desk/responders", "/desk/responders?handler=documentationrevoke", [new("id", analyst.Id)]);
        Assert.Equal(HttpStatusCode.OK, revoked.Status);
        Assert.Contains("Documentation access revoked.", revoked.Html, StringComparison.Ordinal);
        Assert.Contains("Current key generation: 2.", revoked.Html, StringComparison.Ordinal);
        Assert.Contains("Grant documentation access: Analyst", revoked.Html, StringComparison.Ordinal);

        // Generation 2: the recovery key and the remaining holders, never the revoked analyst, whose live session forgot every generation.
        var current = (await Keys(server).CurrentAsync(CancellationToken.None))!.Value;
        Assert.Equal(2, current.Generation);
        Assert.Equal(current.PublicKey, await OpenRecoverySealAsync(server, 2));
        Assert.Empty(await SealedGenerationsAsync(server, analyst.Id));
        Assert.Equal([1, 2], await SealedGenerationsAsync(server, coordinator.Id));
        Assert.Empty(analystSession.Documentation.Generations);
        var adminSession = Session(server, HavenServer.AdminName);
        Assert.True(adminSession.Documentation.TryGet(2, out var adminKey));
        Assert.Equal(current.PublicKey, adminKey.PublicKey);

        // The coordinator opens both generations at login; the analyst logs in to nothing.
        using (var coordinatorClient = server.CreateClient())
        {
            await coordinator.LoginAsync(server, coordinatorClient);
            var keys = Session(server, "Coordinator").Documentation;
            Assert.Equal([1, 2], keys.Generations);
            Assert.True(keys.TryGet(2, out var second));
            Assert.Equal(current.PublicKey, second.PublicKey);
        }

        using (var again = server.CreateClient())
        {
            await analyst.LoginAsync(server, again);
            Assert.Empty(Session(server, "Analyst").Documentation.Generations);
        }

        // Content-free audit entries, signed by the administrator.
        var audit = await Accounts.Accounts.AuditAsync(server);
        var adminId = adminSession.Id;
        Assert.Equal(
            [("documentation.granted", analyst.Id), ("documentation.granted", coordinator.Id), ("documentation.revoked", analyst.Id), ("documentation.key_rotated", "2")],
            audit.Where(e => e.Action.StartsWith("documentation.", StringComparison.Ordinal)).Select(e => (e.Action, e.SubjectId!)));
        Assert.All(audit.Where(e => e.Action.StartsWith("documentation.", StringComparison.Ordinal)), e => Assert.True(e.ActorId == adminId && e.CaseId is null));
    }

    [Fact]
    public async Task A_caseworker_is_never_granted_documentation_access()
    {
        await using var server = await HavenServer.StartAsync();
        var worker = await Accounts.Accounts.AddResponderAsync(server, "Worker", ResponderRole.Caseworker);
        using var admin = await Accounts.Accounts.AdminAsync(server);

        var refused = await admin.PostFormAsync("/desk/responders", "/desk/responders?handler=documentationgrant", [new("id", worker.Id)]);
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("Caseworkers never hold documentation access.", refused.Html, StringComparison.Ordinal);
        Assert.Equal(DocumentationAccessOutcome.NotEntitled, await Keys(server).GrantAsync(worker.Id, Session(server, HavenServer.AdminName), CancellationToken.None));
        Assert.Empty(await SealedGenerationsAsync(server, worker.Id));

        using var russian = server.CreateClient("ru");
        server.Clock.Advance(TimeSpan.FromSeconds(30));
        await russian.LoginAsync(HavenServer.AdminName, HavenServer.AdminPassphrase, server.AdminCode());
        var ru = await russian.PostFormAsync("/desk/responders", "/desk/responders?handler=documentationgrant", [new("id", worker.Id)]);
        Assert.Equal(HttpStatusCode.BadRequest, ru.Status);
        Assert.Contains("Доступ к документации", ru.Html, StringComparison.Ordinal);
        Assert.Contains("Кураторы дел никогда не получают доступ к документации.", ru.Html, StringComparison.Ordinal);
        Assert.Empty(await SealedGenerationsAsync(server, worker.Id));
    }

    [Theory]
    [InlineData("Coordinator")]
    [InlineData("Analyst")]
    [InlineData("Caseworker")]
    public async Task A_responder_who_is_not_an_administrator_can_neither_see_nor_change_documentation_access(string role)
    {
        await using var server = await HavenServer.StartAsync();
        var other = await Accounts.Accounts.AddResponderAsync(server, "Other", ResponderRole.Analyst);
        var responder = await Accounts.Accounts.AddResponderAsync(server, "Someone", Enum.Parse<ResponderRole>(role));
        string adminId;
        await using (var db = Db(server))
        {
            adminId = await db.Responders.Where(r => r.Role == ResponderRole.Admin).Select(r => r.Id).SingleAsync();
        }

        // Even one who holds documentation access.
        using (var admin = await Accounts.Accounts.AdminAsync(server))
        {
            if (role != "Caseworker")
            {
                Assert.Equal(DocumentationAccessOutcome.Done, await Keys(server).GrantAsync(responder.Id, Session(server, HavenServer.AdminName), CancellationToken.None));
            }
        }

        var before = await DocumentationStateAsync(server);
        using var client = server.CreateClient();
        await responder.LoginAsync(server, client);
        var page = await client.GetAsync("/desk/responders");
        Assert.Equal(role == "Coordinator" ? HttpStatusCode.OK : HttpStatusCode.NotFound, page.Status);
        Assert.DoesNotContain("documentation-access", page.Html, StringComparison.Ordinal);

        var token = HavenClient.Hidden((await client.GetAsync("/desk")).Html, "__af")!;
        foreach (var (handler, id) in new[] { ("documentationgrant", other.Id), ("documentationrevoke", adminId), ("documentationcreate", "") })
        {
            var post = await client.PostAsync($"/desk/responders?handler={handler}", [new("__af", token), new("id", id)]);
            Assert.Equal(HttpStatusCode.NotFound, post.Status);
        }

        var session = Session(server, "Someone");
        Assert.Equal(DocumentationAccessOutcome.NotAllowed, await Keys(server).GrantAsync(other.Id, session, CancellationToken.None));
        Assert.Equal(DocumentationAccessOutcome.NotAllowed, await Keys(server).RevokeAsync(adminId, session, CancellationToken.None));
        Assert.Equal(DocumentationAccessOutcome.NotAllowed, await Keys(server).RotateAsync(session, CancellationToken.None));
        Assert.Equal(before, await DocumentationStateAsync(server));
    }

    [Fact]
    public async Task Disabling_a_holder_rotates_the_key_and_re_enabling_them_gives_no_access_to_the_new_generation()
    {
        await using var server = await HavenServer.StartAsync();
        var analyst = await Accounts.Accounts.AddResponderAsync(server, "Analyst", ResponderRole.Analyst);
        var other = await Accounts.Accounts.AddResponderAsync(server, "Other", ResponderRole.Analyst);
        using var admin = await Accounts.Accounts.AdminAsync(server);
        foreach (var grantee in new[] { analyst, other })
        {
            await admin.PostFormAsync("/desk/responders", "/desk/responders?handler=documentationgrant", [new("id", grantee.Id)]);
        }

        var disabled = await admin.PostFormAsync("/desk/responders", "/desk/responders?handler=disable", [new("id", analyst.Id)]);
        Assert.Equal(HttpStatusCode.OK, disabled.Status);
        Assert.Contains("Current key generation: 2.", disabled.Html, StringComparison.Ordinal);
        var current = (await Keys(server).CurrentAsync(CancellationToken.None))!.Value;
        Assert.Equal(2, current.Generation);
        Assert.Equal(current.PublicKey, await OpenRecoverySealAsync(server, 2));
        Assert.Equal([1], await SealedGenerationsAsync(server, analyst.Id));
        Assert.Equal([1, 2], await SealedGenerationsAsync(server, other.Id));
        Assert.Contains(await Accounts.Accounts.AuditAsync(server), e => e.Action == "documentation.key_rotated" && e.SubjectId == "2");

        // Disabling someone who holds nothing rotates nothing; re-enabling gives back only what they had.
        await admin.PostFormAsync("/desk/responders", "/desk/responders?handler=enable", [new("id", analyst.Id)]);
        var worker = await Accounts.Accounts.AddResponderAsync(server, "Worker", ResponderRole.Caseworker);
        await admin.PostFormAsync("/desk/responders", "/desk/responders?handler=disable", [new("id", worker.Id)]);
        Assert.Equal(2, (await Keys(server).CurrentAsync(CancellationToken.None))!.Value.Generation);
        using var client = server.CreateClient();
        await analyst.LoginAsync(server, client);
        Assert.Equal([1], Session(server, "Analyst").Documentation.Generations);
        var page = await admin.GetAsync("/desk/responders");
        Assert.Contains("Grant documentation access: Analyst", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reset_holder_keeps_documentation_access_through_the_recovery_seals()
    {
        using var temp = new TempFolder();
        await using var server = await HavenServer.StartAsync();
        var analyst = await Accounts.Accounts.AddResponderAsync(server, "Analyst", ResponderRole.Analyst);
        var leaving = await Accounts.Accounts.AddResponderAsync(server, "Leaving", ResponderRole.Analyst);
        using (var admin = await Accounts.Accounts.AdminAsync(server))
        {
            var keys = Session(server, HavenServer.AdminName);
            Assert.Equal(DocumentationAccessOutcome.Done, await Keys(server).GrantAsync(analyst.Id, keys, CancellationToken.None));
            Assert.Equal(DocumentationAccessOutcome.Done, await Keys(server).GrantAsync(leaving.Id, keys, CancellationToken.None));
            Assert.Equal(DocumentationAccessOutcome.Done, await Keys(server).RevokeAsync(leaving.Id, keys, CancellationToken.None));
        }

        List<DocumentationKeySeal> before;
        await using (var db = Db(server))
        {
            before = await db.DocumentationKeySeals.AsNoTracking().Where(s => s.ResponderId == analyst.Id).OrderBy(s => s.Generation).ToListAsync();
            Assert.Equal([1, 2], before.Select(s => s.Generation));
        }

        var recoveryFile = temp.WriteSecretFile("recovery.txt", RecoverySecret.Format(server.RecoverySecretKey));
        await server.StopAsync();
        const string NewPassphrase = "a brand new passphrase for the analyst";
        var reset = await CliRunner.RunWithInputAsync(NewPassphrase + "\n", "responder", "reset", "--data", server.DataPath, "--name", "Analyst", "--recovery-key", recoveryFile);
        await server.StartAgainAsync();
        Assert.True(reset.ExitCode == 0, reset.ToString());
        Assert.Contains("and 2 documentation key generations", reset.Stderr, StringComparison.Ordinal);

        await using (var db = Db(server))
        {
            var after = await db.DocumentationKeySeals.AsNoTracking().Where(s => s.ResponderId == analyst.Id).OrderBy(s => s.Generation).ToListAsync();
            Assert.Equal(before.Select(s => (s.Id, s.Generation)), after.Select(s => (s.Id, s.Generation)));
            Assert.All(after.Zip(before), p => Assert.NotEqual(p.Second.SealedKey, p.First.SealedKey));
            Assert.Equal(2, await db.DocumentationKeys.CountAsync());
        }

        using var client = server.CreateClient();
        var renewed = analyst with { Passphrase = NewPassphrase, TotpSecret = reset.Stdout.Trim() };
        Assert.Equal("/desk", (await renewed.LoginAsync(server, client)).Location.AbsolutePath);
        var keyring = Session(server, "Analyst").Documentation;
        Assert.Equal([1, 2], keyring.Generations);
        foreach (var generation in new[] { 1, 2 })
        {
            Assert.True(keyring.TryGet(generation, out var key));
            Assert.Equal(await OpenRecoverySealAsync(server, generation), key.PublicKey);
        }

        var resealed = Assert.Single(await Accounts.Accounts.AuditAsync(server), e => e.Action == "documentation.resealed");
        Assert.Equal(("system", analyst.Id), (resealed.ActorId, resealed.SubjectId));
    }

    [Fact]
    public async Task Grants_and_revocations_sent_at_once_leave_every_generation_sealed_to_the_recovery_key_and_exactly_the_holders()
    {
        await using var server = await HavenServer.StartAsync();
        var analysts = new List<Accounts.TestResponder>();
        for (var i = 0; i < 6; i++)
        {
            analysts.Add(await Accounts.Accounts.AddResponderAsync(server, $"Analyst {i}", ResponderRole.Analyst));
        }

        using var first = await Accounts.Accounts.AdminAsync(server);
        var one = Session(server, HavenServer.AdminName);
        var keys = Keys(server);
        foreach (var a in analysts.Take(3))
        {
            Assert.Equal(DocumentationAccessOutcome.Done, await keys.GrantAsync(a.Id, one, CancellationToken.None));
        }

        // Revoke the first three while granting the last three, all at once, twice over (a double click).
        var work = analysts.Take(3).Select(a => keys.RevokeAsync(a.Id, one, CancellationToken.None))
            .Concat(analysts.Skip(3).Select(a => keys.GrantAsync(a.Id, one, CancellationToken.None)))
            .Concat(analysts.Take(3).Select(a => keys.RevokeAsync(a.Id, one, CancellationToken.None)))
            .Concat(analysts.Skip(3).Select(a => keys.GrantAsync(a.Id, one, CancellationToken.None)))
            .ToList();
        var outcomes = await Task.WhenAll(work);
        Assert.All(outcomes, o => Assert.True(o is DocumentationAccessOutcome.Done or DocumentationAccessOutcome.Unchanged, o.ToString()));
        Assert.Equal(6, outcomes.Count(o => o == DocumentationAccessOutcome.Done));

        var current = (await keys.CurrentAsync(CancellationToken.None))!.Value;
        Assert.Equal(4, current.Generation);
        await using var db = Db(server);
        for (var g = 1; g <= current.Generation; g++)
        {
            Assert.Equal(1, await db.DocumentationKeySeals.CountAsync(s => s.Generation == g && s.ResponderId == null));
            await OpenRecoverySealAsync(server, g);
        }

        var holders = await db.DocumentationKeySeals.Where(s => s.Generation == current.Generation && s.ResponderId != null).Select(s => s.ResponderId!).ToListAsync();
        Assert.Equal(analysts.Skip(3).Select(a => a.Id).Append(one.Id).Order(StringComparer.Ordinal), holders.Order(StringComparer.Ordinal));
        Assert.All(analysts.Take(3), a => Assert.False(db.DocumentationKeySeals.Any(s => s.ResponderId == a.Id)));

        // Every holder's seals open to the very keys the recovery key opens.
        foreach (var a in analysts.Skip(3))
        {
            using var client = server.CreateClient();
            await a.LoginAsync(server, client);
            var keyring = Session(server, a.Name).Documentation;
            Assert.Contains(current.Generation, keyring.Generations);
            foreach (var g in keyring.Generations)
            {
                Assert.True(keyring.TryGet(g, out var key));
                Assert.Equal(await OpenRecoverySealAsync(server, g), key.PublicKey);
            }
        }
    }

    [Fact]
    public async Task An_instance_set_up_before_the_documentation_key_gets_it_from_its_first_administrator()
    {
        await using var server = await HavenServer.StartAsync();
        await using (var db = Db(server))
        {
            await db.DocumentationKeySeals.ExecuteDeleteAsync();
            await db.DocumentationKeys.ExecuteDeleteAsync();
        }

        using var admin = await Accounts.Accounts.AdminAsync(server);
        var page = await admin.GetAsync("/desk/responders");
        Assert.Contains("id=\"documentation-none\"", page.Html, StringComparison.Ordinal);
        Assert.Equal(0, await server.CountAsync(db => db.DocumentationKeys));

        var created = await admin.PostFormAsync("/desk/responders", "/desk/responders?handler=documentationcreate", []);
        Assert.Equal(HttpStatusCode.OK, created.Status);
        Assert.Contains("The documentation key was created, and you hold it.", created.Html, StringComparison.Ordinal);
        Assert.Contains("Current key generation: 1.", created.Html, StringComparison.Ordinal);
        var session = Session(server, HavenServer.AdminName);
        Assert.True(session.Documentation.TryGet(1, out var key));
        Assert.Equal(await OpenRecoverySealAsync(server, 1), key.PublicKey);
        Assert.Equal([1], await SealedGenerationsAsync(server, session.Id));

        // A second "create" (a double click) makes nothing more.
        await admin.PostFormAsync("/desk/responders", "/desk/responders?handler=documentationcreate", []);
        Assert.Equal(1, await server.CountAsync(db => db.DocumentationKeys));
        Assert.Single(await Accounts.Accounts.AuditAsync(server), e => e.Action == "documentation.key_created" && e.SubjectId == "1");
    }

    private static string? QueryValue(Uri location, string name) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(location.Query).TryGetValue(name, out var value) ? value.ToString() : null;

    private static byte[] OpenedPublicKey(byte[] sealedKey, X25519KeyPair recipient)
    {
        using var key = SealedBox.OpenKeyPair(sealedKey, recipient);
        Assert.NotNull(key);
        return key.PublicKey;
    }

    /// <summary>Every key and seal as stored, to compare before and after a refused change.</summary>
    private static async Task<string> DocumentationStateAsync(HavenServer server)
    {
        await using var db = Db(server);
        var keys = await db.DocumentationKeys.OrderBy(k => k.Generation).Select(k => k.Generation).ToListAsync();
        var seals = await db.DocumentationKeySeals.OrderBy(s => s.Id).Select(s => s.Id + s.Generation).ToListAsync();
        return string.Join(",", keys) + "|" + string.Join(",", seals);
    }
}
