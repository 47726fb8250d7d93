using System.Net;
using System.Text.RegularExpressions;
using Haven.Web.Tests.Infrastructure;

namespace Haven.Web.Tests.Workflow;

public sealed partial class PersonViewTests
{
    [Fact]
    public async Task The_person_sees_their_own_messages_and_replies_but_no_trace_of_the_team_s_notes_steps_or_case_data()
    {
        await using var server = await HavenServer.StartAsync();
        var (caseId, receipt) = await WorkflowDesk.OpenCaseAsync(server);
        using var admin = await WorkflowDesk.LoginAdminAsync(server);
        await admin.AddNoteAsync(caseId, "internal note");
        await admin.MoveAsync(caseId, "Triage", reason: "a reason");
        await admin.ReplyAsync(caseId, "we read you");

        using var person = server.CreateClient();
        var page = await person.ReturnAsync(receipt);
        Assert.Equal(1, YouSent().Count(page.Html));
        Assert.Contains("we read you", page.Html, StringComparison.Ordinal);
        Assert.Equal(2, EntryDiv().Count(page.Html));
    }

    [Fact]
    public async Task A_long_conversation_is_shown_a_page_at_a_time_newest_first_with_the_person_s_own_messages_counted_by_day()
    {
        // Pages of three records; the submission throttles would otherwise refuse a person who writes this fast.
        await using var server = await HavenServer.StartAsync(
            "--Haven:Intake:ConversationPageSize=3", "--Haven:Throttle:Submissions:MessagesPerCaseBurst=1000", "--Haven:Throttle:Submissions:MessagesPerCasePerMinute=1000");
        var (caseId, receipt) = await WorkflowDesk.OpenCaseAsync(server);
        using var person = server.CreateClient();
        await person.ReturnAsync(receipt);
        for (var i = 1; i <= 4; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await person.SendMessageAsync($"message {i}")).Status);
        }

        using var admin = await WorkflowDesk.LoginAdminAsync(server);
        await admin.AddNoteAsync(caseId, "a note the person must not see, not even in the page count");
        await admin.ReplyAsync(caseId, "we read you");
        await person.SendMessageAsync("message 5");
        await person.SendMessageAsync("message 6");

        // What the person can see, oldest first: request, messages 1-4, the reply, messages 5 and 6.
        // Page 1 (newest): the reply, then "2 messages"; an earlier page, no later one, no "no reply yet".
        var first = await person.GetAsync("/conversation");
        Assert.Equal(["reply", "You sent 2 messages"], Entries(first.Html));
        Assert.Contains("we read you", first.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"/conversation?page=2\"", first.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"later\"", first.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("There is no reply yet", first.Html, StringComparison.Ordinal);

        // Page 2: messages 2-4, counted; links both ways. The reply is on another page, so no "no reply yet" either.
        var second = await person.GetAsync("/conversation?page=2");
        Assert.Equal(["You sent 3 messages"], Entries(second.Html));
        Assert.Contains("href=\"/conversation?page=3\"", second.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"/conversation\" id=\"later\"", second.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("There is no reply yet", second.Html, StringComparison.Ordinal);

        // Page 3: the request and message 1; nothing earlier.
        var third = await person.GetAsync("/conversation?page=3");
        Assert.Equal(["You sent 2 messages"], Entries(third.Html));
        Assert.DoesNotContain("id=\"earlier\"", third.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"/conversation?page=2\" id=\"later\"", third.Html, StringComparison.Ordinal);

        // Beyond the end, or junk: an empty page or the newest one, never an error.
        var beyond = await person.GetAsync("/conversation?page=99");
        Assert.Equal(HttpStatusCode.OK, beyond.Status);
        Assert.Empty(Entries(beyond.Html));
        foreach (var junk in new[] { "0", "-5", "abc", "99999999999" })
        {
            var page = await person.GetAsync("/conversation?page=" + junk);
            Assert.Equal(HttpStatusCode.OK, page.Status);
        }

        Assert.Equal(["reply", "You sent 2 messages"], Entries((await person.GetAsync("/conversation?page=abc")).Html));

        // In Russian too.
        using var russian = server.CreateClient("ru");
        await russian.ReturnAsync(receipt);
        Assert.Contains("Вы отправили 2 сообщения", (await russian.GetAsync("/conversation")).Html, StringComparison.Ordinal);
    }

    /// <summary>Each entry of a conversation page: "reply", or the "you sent" line.</summary>
    private static List<string> Entries(string html) =>
        [.. EntryBlock().Matches(html).Select(m => m.Groups[1].Value == "reply" ? "reply" : YouSentLine().Match(m.Groups[2].Value).Groups[1].Value)];

    [GeneratedRegex("<div class=\"entry (\\w+)\">(.*?)</div>", RegexOptions.Singleline)]
    private static partial Regex EntryBlock();

    [GeneratedRegex("<p class=\"meta\">(You sent [^·<]*?) ·")]
    private static partial Regex YouSentLine();

    [GeneratedRegex("You sent a message")]
    private static partial Regex YouSent();

    [GeneratedRegex("<div class=\"entry ")]
    private static partial Regex EntryDiv();
}
