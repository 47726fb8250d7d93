using System.Net;
using Haven.Accounts;
using Haven.Cases;
using Haven.Crypto;
using Haven.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Haven.Web.Tests.Cli;

/// <summary><c>haven responder list</c> and <c>haven responder reset</c> against a real instance.</summary>
public sealed class CliResponderAdminTests
{
    private const string NewPassphrase = "a fresh start after losing it";

    [Fact]
    public async Task Responder_list_prints_names_roles_and_whether_each_is_active()
    {
        await using var server = await HavenServer.StartAsync();
        var worker = await Accounts.Accounts.AddResponderAsync(server, "Worker", ResponderRole.Caseworker);
        await Accounts.Accounts.AddResponderAsync(server, "Bea", ResponderRole.Analyst);
        using (var admin = await Accounts.Accounts.AdminAsync(server))
        {
            await admin.PostFormAsync("/desk/responders", "/desk/responders?handler=disable", [new("id", worker.Id)]);
        }

        var result = await CliRunner.RunAsync("responder", "list", "--data", server.DataPath);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["Admin\tAdmin\tactive", "Bea\tAnalyst\tactive", "Worker\tCaseworker\tdisabled"], result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [Fact]
    public async Task Responder_reset_lets_a_responder_who_lost_their_passphrase_read_their_cases_again()
    {
        using var temp = new TempFolder();
        await using var server = await HavenServer.StartAsync();
        using (var person = server.CreateClient())
        {
            await person.AskForHelpAsync();
            await person.SubmitRequestAsync("the first request, from before the rotation");
        }

        var worker = await Accounts.Accounts.AddResponderAsync(server, "Worker", ResponderRole.Caseworker);
        var extra = await Accounts.Accounts.AddResponderAsync(server, "Extra", ResponderRole.Caseworker);
        using var admin = await Accounts.Accounts.AdminAsync(server);
        var caseId = Assert.Single(await admin.InboxCaseIdsAsync());
        await admin.PostFormAsync("/desk/responders", "/desk/responders?handler=grantall", [new("id", worker.Id)]);
        await admin.PostFormAsync("/desk/responders", "/desk/responders?handler=grantall", [new("id", extra.Id)]);

        // Revoking someone else rotates the case key: the worker then holds two generations.
        server.Clock.Advance(TimeSpan.FromSeconds(30));
        var login = await server.Services.GetRequiredService<LoginCommand>().ExecuteAsync(HavenServer.AdminName, HavenServer.AdminPassphrase, server.AdminCode(), CancellationToken.None);
        using (var unlocked = login.Responder!)
        {
            Assert.Equal(GrantOutcome.Done, await server.Services.GetRequiredService<RevokeCaseCommand>().ExecuteAsync(caseId, extra.Id, unlocked, CancellationToken.None));
        }

        Assert.Equal(HttpStatusCode.OK, (await admin.ReplyAsync(caseId, "a reply sealed to the second generation")).Status);
        using (var before = server.CreateClient())
        {
            await worker.LoginAsync(server, before);
            var page = await before.GetAsync($"/desk/case/{caseId}");
            Assert.Contains("a reply sealed to the second generation", page.Html, StringComparison.Ordinal);
        }

        List<CaseKeySeal> sealsBefore;
        await using (var db = await Accounts.Accounts.Factory(server).CreateDbContextAsync())
        {
            sealsBefore = await db.CaseKeySeals.AsNoTracking().Where(s => s.ResponderId == worker.Id).OrderBy(s => s.Generation).ToListAsync();
            Assert.Equal([1, 2], sealsBefore.Select(s => s.Generation));
        }

        // A reset writes: the server is stopped for it (it holds the data directory's lock), then started again.
        var recoveryFile = temp.WriteSecretFile("recovery.txt", RecoverySecret.Format(server.RecoverySecretKey));
        await server.StopAsync();
        var reset = await CliRunner.RunWithInputAsync(NewPassphrase + "\n", "responder", "reset", "--data", server.DataPath, "--name", "Worker", "--recovery-key", recoveryFile);
        await server.StartAgainAsync();

        Assert.True(reset.ExitCode == 0, reset.ToString());
        var totp = reset.Stdout.Trim();
        Assert.Matches("^[A-Z2-7]{32}$", totp);
        Assert.NotEqual(worker.TotpSecret, totp);
        Assert.Contains("1 cases (2 key generations) re-sealed", reset.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(NewPassphrase, reset.Stdout + reset.Stderr, StringComparison.Ordinal);

        await using (var db = await Accounts.Accounts.Factory(server).CreateDbContextAsync())
        {
            var sealsAfter = await db.CaseKeySeals.AsNoTracking().Where(s => s.ResponderId == worker.Id).OrderBy(s => s.Generation).ToListAsync();
            Assert.Equal(sealsBefore.Select(s => (s.Id, s.Generation)), sealsAfter.Select(s => (s.Id, s.Generation)));
            Assert.All(sealsAfter.Zip(sealsBefore), p => Assert.NotEqual(p.Second.SealedKey, p.First.SealedKey));
        }

        // The old passphrase and TOTP secret are worthless; the new ones open the same cases.
        using var client = server.CreateClient();
        Assert.NotEqual("/desk", (await worker.LoginAsync(server, client)).Location.AbsolutePath);
        var renewed = worker with { Passphrase = NewPassphrase, TotpSecret = totp };
        Assert.Equal("/desk", (await renewed.LoginAsync(server, client)).Location.AbsolutePath);
        Assert.Equal([caseId], await client.InboxCaseIdsAsync());
        var reopened = await client.GetAsync($"/desk/case/{caseId}");
        Assert.Contains("the first request, from before the rotation", reopened.Html, StringComparison.Ordinal);
        Assert.Contains("a reply sealed to the second generation", reopened.Html, StringComparison.Ordinal);

        // Audited as the system, and the worker's earlier entries still verify against the retired key.
        var audit = await Accounts.Accounts.AuditAsync(server);
        var resetEntry = Assert.Single(audit, e => e.Action == "responder.reset");
        Assert.Equal("system", resetEntry.ActorId);
        Assert.Equal(worker.Id, resetEntry.SubjectId);
        Assert.Contains(audit, e => e.Action == "responder.key_retired" && e.Seq == resetEntry.Seq + 1);
        Assert.Contains(audit, e => e.Action == "case.resealed" && e.CaseId == caseId && e.SubjectId == worker.Id);
        Assert.True(audit.Count(e => e.Action == "responder.login" && e.ActorId == worker.Id) >= 2);
        var verify = await CliRunner.RunAsync("audit", "verify", "--data", server.DataPath);
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }

    [Fact]
    public async Task Responder_reset_refuses_a_recovery_secret_of_another_instance_and_changes_nothing()
    {
        using var temp = new TempFolder();
        await using var server = await HavenServer.StartAsync();
        var worker = await Accounts.Accounts.AddResponderAsync(server, "Worker", ResponderRole.Caseworker);
        using var other = X25519KeyPair.Generate();
        var wrongFile = temp.WriteSecretFile("other.txt", RecoverySecret.Format(other.SecretKey));
        var rightFile = temp.WriteSecretFile("right.txt", RecoverySecret.Format(server.RecoverySecretKey));
        var before = (await CliResponderTests.ReadRespondersAsync(server.DataPath)).Single(r => (string)r["name"]! == "Worker");
        await server.StopAsync();

        var wrong = await CliRunner.RunWithInputAsync(NewPassphrase + "\n", "responder", "reset", "--data", server.DataPath, "--name", "Worker", "--recovery-key", wrongFile);
        Assert.Equal(2, wrong.ExitCode);
        Assert.Contains("does not belong to this instance", wrong.Stderr, StringComparison.Ordinal);
        CliInitTests.AssertClearError(wrong);
        Assert.Equal("", wrong.Stdout);

        var unknown = await CliRunner.RunWithInputAsync(NewPassphrase + "\n", "responder", "reset", "--data", server.DataPath, "--name", "Nobody", "--recovery-key", rightFile);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("no responder named", unknown.Stderr, StringComparison.Ordinal);

        var weak = await CliRunner.RunWithInputAsync("short\n", "responder", "reset", "--data", server.DataPath, "--name", "Worker", "--recovery-key", rightFile);
        Assert.Equal(2, weak.ExitCode);
        Assert.Contains("at least 12 characters", weak.Stderr, StringComparison.Ordinal);

        var garbage = temp.WriteSecretFile("garbage.txt", "not a secret");
        var unreadable = await CliRunner.RunWithInputAsync(NewPassphrase + "\n", "responder", "reset", "--data", server.DataPath, "--name", "Worker", "--recovery-key", garbage);
        Assert.Equal(2, unreadable.ExitCode);

        await server.StartAgainAsync();
        var after = (await CliResponderTests.ReadRespondersAsync(server.DataPath)).Single(r => (string)r["name"]! == "Worker");
        Assert.Equal(before["wrapped_keys"], after["wrapped_keys"]);
        Assert.Equal(before["ed25519_public_key"], after["ed25519_public_key"]);
        Assert.DoesNotContain(await Accounts.Accounts.AuditAsync(server), e => e.Action == "responder.reset");
        using var client = server.CreateClient();
        Assert.Equal("/desk", (await worker.LoginAsync(server, client)).Location.AbsolutePath);
    }
}
