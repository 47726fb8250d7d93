using System.Net;
using Haven.Accounts;
using Haven.Act;
using Haven.Crypto;
using Haven.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Haven.Web.Tests.Accounts.Accounts;

namespace Haven.Web.Tests.Act;

/// <summary>
/// The moderation queue <c>/desk/act/{id}/held</c> over real HTTP: the campaigner reads a held letter (opened from
/// its seal), approves a declaration (counted) and refuses the letter (deleted, counted as refused); nothing of the
/// supporter stays in the database, and another action's page cannot decide it.
/// </summary>
public sealed class ActHeldHttpTests
{
    [Fact]
    public async Task A_campaigner_reads_a_held_letter_refuses_it_and_approves_a_declaration_which_is_counted()
    {
        await using var server = await HavenServer.StartAsync();
        var campaigner = await AddResponderAsync(server, "Campaigner Clara", ResponderRole.Campaigner);
        using var client = server.CreateClient();
        await campaigner.LoginAsync(server, client);
        var id = await ActDesk.CreateAsync(client);
        Assert.Equal(HttpStatusCode.OK, (await ActDesk.EditAsync(client, id, [.. ActDesk.Texts("en", "Release them"), .. ActDesk.Texts("ru", "Освободите"), new("Moderated", "true")])).Status);
        Assert.Equal(HttpStatusCode.OK, (await ActDesk.AddTargetAsync(client, id, "Ivan Petrov", null)).Status);
        Assert.Equal(HttpStatusCode.OK, (await ActDesk.PublishAsync(client, id)).Status);
        var other = await ActDesk.CreateAsync(client);

        string targetId;
        var letterId = RandomId.New();
        var declarationId = RandomId.New();
        await using (var db = await Factory(server).CreateDbContextAsync())
        {
            targetId = await db.ActionTargets.Where(t => t.ActionId == id).Select(t => t.Id).SingleAsync();
            var secrets = server.Services.GetRequiredService<ActSecrets>();
            var letter = ActJson.WriteBytes(new SupporterLetter("Anna Schmidt", "Berlin", "Free them", "Dear Prosecutor, please free them. Anna"));
            db.HeldSubmissions.Add(new HeldSubmission { Id = letterId, ActionId = id, TargetId = targetId, Channel = LetterChannel.Haven, Language = "en", Country = "DE", SealedLetter = secrets.Seal(letter, ActSecrets.Held, letterId), CreatedAt = server.Clock.GetUtcNow() });
            db.HeldSubmissions.Add(new HeldSubmission { Id = declarationId, ActionId = id, TargetId = targetId, Channel = LetterChannel.Post, Language = "ru", Country = "", CreatedAt = server.Clock.GetUtcNow() });
            await db.SaveChangesAsync();
        }

        var overview = await client.GetAsync($"/desk/act/{id}");
        Assert.Contains("Waiting for approval (2)", overview.Html, StringComparison.Ordinal);
        var queue = await client.GetAsync($"/desk/act/{id}/held");
        Assert.Equal(HttpStatusCode.OK, queue.Status);
        Assert.Contains("Anna Schmidt, Berlin", queue.Html, StringComparison.Ordinal);
        Assert.Contains("Dear Prosecutor, please free them. Anna", queue.Html, StringComparison.Ordinal);
        Assert.Contains("The supporter says they sent the letter themselves.", queue.Html, StringComparison.Ordinal);

        // Another action's queue cannot decide this letter.
        var elsewhere = await client.PostFormAsync($"/desk/act/{other}/held", $"/desk/act/{other}/held?handler=refuse", [new("HeldId", letterId)]);
        Assert.Equal(HttpStatusCode.NotFound, elsewhere.Status);

        var refused = await client.PostFormAsync($"/desk/act/{id}/held", $"/desk/act/{id}/held?handler=refuse", [new("HeldId", letterId)]);
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Contains("Refused and deleted.", refused.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Anna Schmidt", refused.Html, StringComparison.Ordinal);
        var approved = await client.PostFormAsync($"/desk/act/{id}/held", $"/desk/act/{id}/held?handler=approve", [new("HeldId", declarationId)]);
        Assert.Equal(HttpStatusCode.OK, approved.Status);
        Assert.Contains("id=\"none-held\"", approved.Html, StringComparison.Ordinal);

        // Deciding twice: the row is gone.
        var again = await client.PostFormAsync($"/desk/act/{id}/held", $"/desk/act/{id}/held?handler=approve", [new("HeldId", declarationId)]);
        Assert.Equal(HttpStatusCode.NotFound, again.Status);

        await using (var db = await Factory(server).CreateDbContextAsync())
        {
            Assert.Equal(0, await db.HeldSubmissions.CountAsync());
            var count = await db.ActionCounts.SingleAsync(c => c.ActionId == id);
            Assert.Equal((targetId, LetterChannel.Post, "ru", 1), (count.TargetId, count.Channel, count.Language, count.Count));
            Assert.Equal(1, (await db.UrgentActions.SingleAsync(a => a.Id == id)).Refused);
        }

        var after = await client.GetAsync($"/desk/act/{id}");
        Assert.Contains("1 counted so far.", after.Html, StringComparison.Ordinal);
        Assert.Contains("1 refused in moderation", after.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Logs.Lines, line => line.Contains("Anna", StringComparison.Ordinal));
        var audit = (await AuditAsync(server)).Where(e => e.SubjectId == id).Select(e => e.Action).ToList();
        Assert.Contains(ActActions.Refused, audit);
        Assert.Contains(ActActions.Approved, audit);
        Assert.Contains(ActActions.ModerationChanged, audit);
    }
}
