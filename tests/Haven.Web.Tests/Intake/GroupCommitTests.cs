using System.Net;
using Haven.Audit;
using Haven.Storage;
using Haven.Tests;
using Haven.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Haven.Web.Tests.Intake;

/// <summary>
/// Follow-ups are written with group commit (several messages in one transaction). Many messages at once,
/// from one person and from several, with replies in between, are each stored once, numbered without gaps
/// per case, audited one entry each, and every sender is answered only after their message is stored.
/// </summary>
public sealed class GroupCommitTests
{
    [Fact]
    public async Task Concurrent_follow_ups_and_replies_are_each_stored_once_in_order_with_an_intact_audit_chain()
    {
        await using var server = await HavenServer.StartAsync("--Haven:Throttle:Submissions:MessagesPerCaseBurst=100");
        var people = new List<(HavenClient Client, string Token)>();
        for (var i = 0; i < 4; i++)
        {
            var person = server.CreateClient();
            await person.AskForHelpAsync();
            await person.SubmitRequestAsync($"person {i}");
            var page = await person.GetAsync("/conversation");
            people.Add((person, HavenClient.Hidden(page.Html, "__af")!));
        }

        using var responder = server.CreateClient();
        await responder.LoginAsync(HavenServer.AdminName, HavenServer.AdminPassphrase, server.AdminCode());
        var cases = await responder.InboxCaseIdsAsync();

        // 4 people × 20 messages at once, each message twice (a double click), and a reply to every case meanwhile.
        var sends = people.SelectMany(p => Enumerable.Range(0, 20).Select(n => (p.Client, p.Token, RecordId: Haven.Crypto.RandomId.New(), Text: $"message {n}"))).ToList();
        var posts = sends.Concat(sends).Select(s => s.Client.PostAsync("/conversation", [new("__af", s.Token), new("RecordId", s.RecordId), new("Text", s.Text)]));
        var replies = cases.Select(c => responder.ReplyAsync(c, "a reply"));
        var answers = await Task.WhenAll(posts);
        await Task.WhenAll(replies);

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.All(answers, a => Assert.Equal("/conversation", a.Location.AbsolutePath));
        var factory = server.Services.GetRequiredService<IDbContextFactory<HavenDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var records = await db.Records.AsNoTracking().Select(r => new { r.Id, r.CaseId, r.Seq, r.Kind }).ToListAsync();
        Assert.Equal(sends.Select(s => s.RecordId).Order(StringComparer.Ordinal), records.Where(r => r.Kind == "message").Select(r => r.Id).Order(StringComparer.Ordinal));
        foreach (var group in records.GroupBy(r => r.CaseId))
        {
            // request + 20 messages + 1 reply, numbered 1..22.
            Assert.Equal(Enumerable.Range(1, 22).Select(n => (long)n), group.Select(r => r.Seq).Order());
        }

        Assert.Equal(80, await db.AuditEntries.CountAsync(e => e.Action == "case.message_received"));
        var report = await AuditVerifier.VerifyChainAsync(TestDatabases.Data(server.DataPath), null, CancellationToken.None);
        Assert.True(report.Intact, string.Join("; ", report.Problems.Select(p => p.Problem)));
        people.ForEach(p => p.Client.Dispose());
    }
}
