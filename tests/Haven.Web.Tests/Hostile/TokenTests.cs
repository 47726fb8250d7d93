using System.Net;
using Haven.Cases;
using Haven.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Haven.Web.Tests.Files.FileTestKit;

namespace Haven.Web.Tests.Hostile;

/// <summary>
/// Every form refuses a missing, forged or foreign anti-forgery token with a clear, localized 400 and stores
/// nothing; a person whose session ran out mid-form gets the text back and continues with the receipt.
/// </summary>
public sealed class TokenTests(ScenarioFixture fixture) : IClassFixture<ScenarioFixture>
{
    [Fact]
    public async Task Every_form_refuses_a_missing_forged_or_foreign_token_with_a_localized_400_and_stores_nothing()
    {
        var scenario = fixture.Scenario;
        var server = scenario.Server;

        // Tokens of other sessions: a stranger's, another responder's, and the administrator's own from before they logged in.
        using var stranger = server.CreateClient();
        var strangerToken = HavenClient.Hidden((await stranger.GetAsync("/")).Html, "__af")!;
        using var other = await scenario.LoginAdminAsync();
        var otherToken = HavenClient.Hidden((await other.GetAsync("/desk/account")).Html, "__af")!;
        using var late = server.CreateClient();
        var beforeLogin = HavenClient.Hidden((await late.GetAsync("/desk/login")).Html, "__af")!;
        await scenario.LoginAdminAsync(late);

        var before = await Rows.CountAsync(server);
        var failures = new List<string>();
        foreach (var form in scenario.Forms)
        {
            var fields = await form.Fields("sent with a bad token");
            var real = fields.Single(f => f.Key == "__af").Value;
            var rest = fields.Where(f => f.Key != "__af").ToList();
            var foreign = form.Client == scenario.Admin ? otherToken : strangerToken;
            (string What, List<KeyValuePair<string, string>> Fields, HavenClient Client)[] cases =
            [
                ("no token", rest, form.Client),
                ("an empty token", [new("__af", ""), .. rest], form.Client),
                ("a forged token", [new("__af", "CfDJ8" + new string('A', 150)), .. rest], form.Client),
                ("a token cut short", [new("__af", real[..(real.Length / 2)]), .. rest], form.Client),
                ("a token with a flipped character", [new("__af", real[..^3] + (real[^3] == 'A' ? 'B' : 'A') + real[^2..]), .. rest], form.Client),
                ("two tokens", [new("__af", foreign), new("__af", real), .. rest], form.Client),
                ("another session's token", [new("__af", foreign), .. rest], form.Client),
            ];
            foreach (var (what, sent, client) in cases)
            {
                var page = await client.PostAsync(form.Action, sent);
                Collect(failures, page, $"{form.Name}: {what}", HttpStatusCode.BadRequest);
            }

            if (form.Client == scenario.Admin)
            {
                // Sent by the same responder in another session, and with the token this browser had before logging in.
                Collect(failures, await other.PostAsync(form.Action, fields), $"{form.Name}: the form of another session", HttpStatusCode.BadRequest);
                Collect(failures, await late.PostAsync(form.Action, [new("__af", beforeLogin), .. rest]), $"{form.Name}: a token from before the login", HttpStatusCode.BadRequest);
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        await Rows.AssertUnchangedAsync(server, before, "forms with bad tokens");

        // In Russian too.
        using var russian = server.CreateClient("ru");
        var refused = await russian.PostAsync("/return", [new("Receipt", "1234")]);
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Answers.AssertLocalized(refused.Html, "ru", "no token, in Russian");
    }

    [Fact]
    public async Task A_desk_form_sent_after_logout_changes_nothing_and_gives_back_what_was_written()
    {
        var server = fixture.Scenario.Server;
        using var admin = await fixture.Scenario.LoginAdminAsync();
        var (forms, caseId) = (fixture.Scenario.Forms.Where(f => f.Client == fixture.Scenario.Admin).ToList(), fixture.Scenario.CaseId);
        var sent = new List<(HostileForm Form, List<KeyValuePair<string, string>> Fields)>();
        foreach (var form in forms)
        {
            // The same forms, as this session's page showed them.
            var fields = await form.Fields("sent after logout");
            var token = HavenClient.Hidden((await admin.GetAsync($"/desk/case/{caseId}")).Html, "__af")!;
            sent.Add((form, [.. fields.Where(f => f.Key != "__af"), new("__af", token)]));
        }

        var logout = await admin.PostFormAsync("/desk", "/desk/logout", []);
        Assert.Equal("/desk/login", logout.Location.AbsolutePath);
        var before = await Rows.CountAsync(server);
        foreach (var (form, fields) in sent)
        {
            // A 307 keeps the method and the form: the browser sends it again to the page that shows it back.
            using var response = await admin.Http.PostAsync(form.Action, new FormUrlEncodedContent(fields));
            await Answers.AssertSafeAsync(response, form.Name);
            Assert.True(response.StatusCode == HttpStatusCode.TemporaryRedirect && response.Headers.Location?.OriginalString == "/desk/signed-out", $"{form.Name}: {(int)response.StatusCode} {response.Headers.Location}");
            var again = await admin.PostAsync("/desk/signed-out", fields);
            Assert.Equal(HttpStatusCode.OK, again.Status);
            Assert.Contains("nothing was saved or sent", again.Html, StringComparison.Ordinal);
            foreach (var (_, value) in fields.Where(f => f.Value.Contains("sent after logout", StringComparison.Ordinal)))
            {
                Assert.Contains(System.Net.WebUtility.HtmlEncode(value), again.Html, StringComparison.Ordinal);
            }
        }

        await Rows.AssertUnchangedAsync(server, before, "desk forms after logout");
    }

    [Fact]
    public async Task A_follow_up_whose_session_ran_out_comes_back_with_its_text_and_is_stored_once_with_the_receipt()
    {
        // Its own server: the clock moves hours ahead.
        await using var server = await HavenServer.StartAsync("--Haven:Intake:IdleTimeout=00:20:00");
        var (person, caseId) = await PersonWithCaseAsync(server);
        using var _ = person;
        string receipt;
        using (var other = server.CreateClient())
        {
            receipt = await other.AskForHelpAsync();
            await other.SubmitRequestAsync("the person who comes back");
        }

        using var returning = server.CreateClient();
        Assert.Equal("/conversation", (await returning.ReturnAsync(receipt)).Location.AbsolutePath);
        var page = await returning.GetAsync("/conversation");
        List<KeyValuePair<string, string>> fields = [new("__af", HavenClient.Hidden(page.Html, "__af")!), new("RecordId", HavenClient.Hidden(page.Html, "RecordId")!), new("Text", "written <slowly> & carefully")];
        server.Clock.Advance(TimeSpan.FromHours(2));

        var expired = await returning.PostAsync("/conversation", fields);
        Assert.Equal(HttpStatusCode.BadRequest, expired.Status);
        Assert.Contains("written &lt;slowly&gt; &amp; carefully</textarea>", expired.Html, StringComparison.Ordinal);
        Assert.Contains("name=\"Receipt\"", expired.Html, StringComparison.Ordinal);
        Answers.AssertLocalized(expired.Html, "en", "expired follow-up");

        // A wrong receipt keeps the text too; the right one stores the message, once, however often it is sent.
        var wrong = await returning.PostAsync("/conversation", [.. fields, new("Receipt", "1111 2222 3333 4444 5555")]);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.Status);
        Assert.Contains("written &lt;slowly&gt; &amp; carefully</textarea>", wrong.Html, StringComparison.Ordinal);
        var sent = await returning.PostAsync("/conversation", [.. fields, new("Receipt", receipt)]);
        Assert.Equal("/conversation", sent.Location.AbsolutePath);
        var again = await returning.PostAsync("/conversation", [.. fields, new("Receipt", receipt)]);
        Assert.Equal("/conversation", again.Location.AbsolutePath);

        await using var db = await DbAsync(server);
        Assert.Equal(1, await db.Records.CountAsync(r => r.Id == fields[1].Value && r.Kind == RecordKinds.Message));
        Assert.Equal(0, await db.Records.CountAsync(r => r.CaseId == caseId && r.Kind == RecordKinds.Message));
    }

    private static void Collect(List<string> failures, HavenClient.Page page, string what, HttpStatusCode expected)
    {
        try
        {
            Answers.AssertSafe(page, what);
            Assert.True(page.Status == expected, $"{what}: {(int)page.Status} at {page.Location.AbsolutePath}");
            Answers.AssertLocalized(page.Html, "en", what);
        }
        catch (Xunit.Sdk.XunitException e)
        {
            failures.Add(e.Message);
        }
    }
}
