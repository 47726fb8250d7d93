using System.Net;
using Haven.Accounts;
using Haven.Web.Tests.Infrastructure;

namespace Haven.Web.Tests.Cluster;

/// <summary>
/// Issue 19: sessions (unlocked keys) live in one node's memory; when that node dies, the proxy sends the next
/// request to another node, which does not know the session. The person gets the clear page in their language
/// with everything typed kept, and the form goes through once they type their receipt again (the anti-forgery
/// token and the resume ticket made on the dead node are accepted); a responder's form lands on the signed-out
/// page with the text kept. Nothing is stored twice, nothing is lost.
/// </summary>
public sealed class SessionMoveTests
{
    private const string OnlyPostgres = "Several nodes share one database on PostgreSQL only; SQLite is one node.";

    [ProviderFact(postgres: true, OnlyPostgres)]
    public async Task A_follow_up_written_on_a_node_that_died_is_kept_and_sent_through_the_other_with_the_receipt()
    {
        await using var nodes = await InProcessNodes.StartAsync();
        using var onA = nodes.A.CreateClient("ru");
        var receipt = await onA.AskForHelpAsync();
        Assert.Equal("/sent", (await onA.SubmitRequestAsync("первая просьба")).Location.AbsolutePath);
        var page = await onA.GetAsync("/conversation");
        List<KeyValuePair<string, string>> fields =
        [
            new("__af", HavenClient.Hidden(page.Html, "__af")!),
            new("RecordId", HavenClient.Hidden(page.Html, "RecordId")!),
            new("Text", "Второе сообщение <важно>"),
        ];
        await nodes.A.StopAsync();
        var before = await nodes.B.CountAsync(db => db.Records);

        using var onB = InProcessNodes.MoveTo(onA, nodes.A, nodes.B, "ru");
        var ended = await onB.PostAsync("/conversation", fields);
        Assert.Equal(HttpStatusCode.BadRequest, ended.Status);
        Assert.Contains("Пока вы писали, сеанс завершился", ended.Html, StringComparison.Ordinal);
        Assert.Contains("Второе сообщение &lt;важно&gt;", ended.Html, StringComparison.Ordinal);
        Assert.Equal(before, await nodes.B.CountAsync(db => db.Records));

        var sent = await onB.PostAsync("/conversation", [.. fields, new("Receipt", receipt)]);
        Assert.Equal("/conversation", sent.Location.AbsolutePath);
        Assert.Equal(before + 1, await nodes.B.CountAsync(db => db.Records));

        // Sent twice (the answer was lost on the way): stored once.
        await onB.PostAsync("/conversation", [.. fields, new("Receipt", receipt)]);
        Assert.Equal(before + 1, await nodes.B.CountAsync(db => db.Records));
    }

    [ProviderFact(postgres: true, OnlyPostgres)]
    public async Task A_request_form_begun_on_a_node_that_died_is_stored_through_the_other_with_its_ticket_and_the_receipt()
    {
        await using var nodes = await InProcessNodes.StartAsync();
        using var onA = nodes.A.CreateClient("en");
        var receipt = await onA.AskForHelpAsync();
        var form = await onA.GetAsync("/request");
        List<KeyValuePair<string, string>> fields =
        [
            new("__af", HavenClient.Hidden(form.Html, "__af")!),
            new("Input.RecordId", HavenClient.Hidden(form.Html, "Input.RecordId")!),
            new("Input.Ticket", HavenClient.Hidden(form.Html, "Input.Ticket")!),
            new("Input.Urgency", "now"),
            new("Input.Text", "We must leave tonight, written before the node died"),
            new("Input.Contact", ""),
            new("Input.Help", "evacuation"),
        ];
        await nodes.A.StopAsync();

        using var onB = InProcessNodes.MoveTo(onA, nodes.A, nodes.B, "en");
        var ended = await onB.PostAsync("/request", fields);
        Assert.Equal(HttpStatusCode.BadRequest, ended.Status);
        Assert.Contains("Your session ended while you were writing", ended.Html, StringComparison.Ordinal);
        Assert.Contains("We must leave tonight, written before the node died", ended.Html, StringComparison.Ordinal);
        Assert.Equal(0, await nodes.B.CountAsync(db => db.Cases));

        var sent = await onB.PostAsync("/request", [.. fields, new("Input.Receipt", receipt)]);
        Assert.Equal("/sent", sent.Location.AbsolutePath);
        Assert.Equal(1, await nodes.B.CountAsync(db => db.Cases));

        // The same receipt opens the conversation on this node from now on.
        Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync("/conversation")).Status);
    }

    [ProviderFact(postgres: true, OnlyPostgres)]
    public async Task A_desk_reply_posted_on_the_other_node_after_its_node_died_shows_the_signed_out_page_with_the_text()
    {
        await using var nodes = await InProcessNodes.StartAsync();
        using (var person = nodes.A.CreateClient())
        {
            await person.AskForHelpAsync();
            await person.SubmitRequestAsync("please help");
        }

        using var admin = nodes.A.CreateClient("en");
        Assert.Equal("/desk", (await admin.LoginAsync(HavenServer.AdminName, HavenServer.AdminPassphrase, nodes.A.AdminCode())).Location.AbsolutePath);
        var caseId = Assert.Single(await admin.InboxCaseIdsAsync());
        var page = await admin.GetAsync($"/desk/case/{caseId}");
        List<KeyValuePair<string, string>> fields =
        [
            new("__af", HavenClient.Hidden(page.Html, "__af")!),
            new("RecordId", HavenClient.Hidden(page.Html, "RecordId")!),
            new("Text", "A reply written on the node that died <b>kept</b>"),
        ];
        await nodes.A.StopAsync();
        var before = await nodes.B.CountAsync(db => db.Records);

        using var onB = InProcessNodes.MoveTo(admin, nodes.A, nodes.B, "en");
        using (var sent = await onB.Http.PostAsync($"/desk/case/{caseId}/reply", new FormUrlEncodedContent(fields)))
        {
            Assert.Equal(HttpStatusCode.TemporaryRedirect, sent.StatusCode);
            Assert.Equal("/desk/signed-out", sent.Headers.Location?.OriginalString);
        }

        using (var shown = await onB.Http.PostAsync("/desk/signed-out", new FormUrlEncodedContent(fields)))
        {
            var html = await shown.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
            Assert.Contains("A reply written on the node that died &lt;b&gt;kept&lt;/b&gt;", html, StringComparison.Ordinal);
            Assert.Contains("nothing was saved or sent", html, StringComparison.Ordinal);
        }

        Assert.Equal(before, await nodes.B.CountAsync(db => db.Records));

        // Logged in again on this node, the reply goes through.
        nodes.B.Clock.Advance(TimeSpan.FromMinutes(1));
        var login = await onB.LoginAsync(HavenServer.AdminName, HavenServer.AdminPassphrase, TotpCodes.Compute(nodes.A.AdminTotpSecret, nodes.B.Clock.GetUtcNow()));
        Assert.Equal("/desk", login.Location.AbsolutePath);
        Assert.Equal($"/desk/case/{caseId}", (await onB.ReplyAsync(caseId, "sent from the other node")).Location.AbsolutePath);
        Assert.Equal(before + 1, await nodes.B.CountAsync(db => db.Records));
    }
}
