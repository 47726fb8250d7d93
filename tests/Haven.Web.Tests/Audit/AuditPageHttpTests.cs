using System.Net;
using System.Text.RegularExpressions;
using Haven.Audit;
using Haven.Crypto;
using Haven.Tests;
using Haven.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Haven.Web.Tests.Audit;

public sealed partial class AuditPageHttpTests
{
    [Fact]
    public async Task The_audit_page_lists_entries_newest_first_with_the_head_and_a_verified_chain()
    {
        await using var server = await AuditScenario.RunAsync();
        using var admin = await Accounts.Accounts.AdminAsync(server);
        var entries = await Accounts.Accounts.AuditAsync(server);

        var page = await admin.GetAsync("/desk/audit");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("id=\"audit-intact\"", page.Html, StringComparison.Ordinal);
        var head = entries[^1];
        Assert.Contains($"id=\"audit-head\">{Hex.Encode(head.Hash)}<", page.Html, StringComparison.Ordinal);
        Assert.Contains($"id=\"audit-count\">{entries.Count}<", page.Html, StringComparison.Ordinal);
        var seqs = RowSeq().Matches(page.Html).Select(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(entries.Select(e => e.Seq).OrderDescending().Take(AuditPageQuery.PageSize), seqs);

        // Names instead of ids, "system" for the instance; the case the admin holds is linked.
        Assert.Contains("<td>Nadia R</td>", page.Html, StringComparison.Ordinal);
        Assert.Contains("<td>system</td>", page.Html, StringComparison.Ordinal);
        Assert.Contains("<code>responder.added</code>", page.Html, StringComparison.Ordinal);
        Assert.Contains("<code>responder.login</code>", page.Html, StringComparison.Ordinal);
        Assert.Contains("<code>responder.logout</code>", page.Html, StringComparison.Ordinal);
        var granted = entries.First(e => e.Action == "case.granted");
        Assert.Contains($"<a href=\"/desk/case/{granted.CaseId}\">{granted.CaseId![..8]}</a>", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_audit_page_pages_through_a_long_log()
    {
        await using var server = await HavenServer.StartAsync();
        var audit = server.Services.GetRequiredService<AuditedWriter>();
        await using (var db = await Accounts.Accounts.Factory(server).CreateDbContextAsync())
        {
            await audit.SaveAsync(db, audit.System(dayOnly: false), Enumerable.Range(0, 70).Select(_ => new AuditEvent("test.event")), CancellationToken.None);
        }

        using var admin = await Accounts.Accounts.AdminAsync(server);
        var first = await admin.GetAsync("/desk/audit");
        Assert.Contains("Page 1 of 2.", first.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"/desk/audit?page=2\"", first.Html, StringComparison.Ordinal);
        // Entry 1 is the set-up's instance.setup, 2 to 71 the test's, 72 the administrator's login.
        Assert.Equal(72, RowSeq().Matches(first.Html).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).First());

        var second = await admin.GetAsync("/desk/audit?page=2");
        var seqs = RowSeq().Matches(second.Html).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Enumerable.Range(1, 22).Reverse(), seqs);
        Assert.Contains("href=\"/desk/audit?page=1\"", second.Html, StringComparison.Ordinal);

        // Out-of-range pages show the nearest one instead of failing.
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/desk/audit?page=99")).Status);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/desk/audit?page=-3")).Status);
    }

    [Fact]
    public async Task The_audit_page_shows_a_tampered_log_as_broken()
    {
        await using var server = await AuditScenario.RunAsync();
        using var admin = await Accounts.Accounts.AdminAsync(server);
        var seq = (await Accounts.Accounts.AuditAsync(server)).First(e => e.SubjectId is not null).Seq;
        await AuditScenario.ExecuteAsync(server.DataPath, "UPDATE audit_entries SET subject_id = NULL WHERE seq = @seq", ("@seq", seq));

        var page = await admin.GetAsync("/desk/audit");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.DoesNotContain("id=\"audit-intact\"", page.Html, StringComparison.Ordinal);
        Assert.Contains("id=\"audit-broken\"", page.Html, StringComparison.Ordinal);
        Assert.Contains($"Entry {seq}:", page.Html, StringComparison.Ordinal);
        Assert.Contains("it was edited", page.Html, StringComparison.Ordinal);

        using var russian = server.CreateClient("ru");
        server.Clock.Advance(TimeSpan.FromSeconds(30));
        await russian.LoginAsync(HavenServer.AdminName, HavenServer.AdminPassphrase, server.AdminCode());
        var ru = await russian.GetAsync("/desk/audit");
        Assert.Contains("запись изменена", ru.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logins_and_logouts_are_audited_and_signed_by_the_responder()
    {
        await using var server = await HavenServer.StartAsync();
        using var admin = await Accounts.Accounts.AdminAsync(server);
        await admin.PostFormAsync("/desk", "/desk/logout", []);

        // The first entry is the set-up's instance.setup, signed by the instance; the login and logout by the administrator.
        var entries = await Accounts.Accounts.AuditAsync(server);
        Assert.Equal(["instance.setup", "responder.login", "responder.logout"], entries.Select(e => e.Action));
        await using var db = await Accounts.Accounts.Factory(server).CreateDbContextAsync();
        var adminKey = db.Responders.Single().Ed25519PublicKey;
        var byAdmin = entries.Skip(1).ToList();
        Assert.All(byAdmin, e => Assert.True(Ed25519KeyPair.Verify(e.Signature, e.Hash, adminKey)));
        Assert.All(byAdmin, e => Assert.Equal(0, e.At.Second));
        Assert.False(Ed25519KeyPair.Verify(entries[0].Signature, entries[0].Hash, adminKey));

        // A failed login leaves no entry (it is throttled instead).
        using var other = server.CreateClient();
        await other.LoginAsync(HavenServer.AdminName, "wrong passphrase entirely", server.AdminCode(1));
        Assert.Equal(3, (await Accounts.Accounts.AuditAsync(server)).Count);
        var report = await AuditVerifier.VerifyChainAsync(TestDatabases.Data(server.DataPath), null, CancellationToken.None);
        Assert.True(report.Intact);
    }

    [GeneratedRegex("<tr id=\"audit-([0-9]+)\">")]
    private static partial Regex RowSeq();
}
