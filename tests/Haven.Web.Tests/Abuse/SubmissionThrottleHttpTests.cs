using System.Net;
using Haven.Tests;
using Haven.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Haven.Web.Tests.Abuse;

/// <summary>
/// Submission throttles over HTTP: a refused submission is a localized 429 that gives the person back what
/// they wrote and stores nothing; double submits of what was already stored are never refused; and an intake
/// flood of receipt derivations does not lock responders out of the desk.
/// </summary>
public sealed class SubmissionThrottleHttpTests
{
    [Theory]
    [InlineData("en", "Nothing is lost")]
    [InlineData("ru", "Ничего не потеряно")]
    public async Task A_case_over_its_message_allowance_gets_a_429_with_its_text_back_and_nothing_stored(string language, string expected)
    {
        await using var server = await HavenServer.StartAsync(
            "--Haven:Throttle:Submissions:MessagesPerCaseBurst=3", "--Haven:Throttle:Submissions:MessagesPerCasePerMinute=1");
        using var person = server.CreateClient(language);
        await person.AskForHelpAsync();
        Assert.Equal("/sent", (await person.SubmitRequestAsync("first")).Location.AbsolutePath);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await person.SendMessageAsync($"message {i}")).Status);
        }

        var page = await person.GetAsync("/conversation");
        var recordId = HavenClient.Hidden(page.Html, "RecordId")!;
        var refused = await person.PostAsync("/conversation", [new("__af", HavenClient.Hidden(page.Html, "__af")!), new("RecordId", recordId), new("Text", "the <fourth> message")]);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.Contains(expected, refused.Html, StringComparison.Ordinal);
        Assert.Contains("the &lt;fourth&gt; message", refused.Html, StringComparison.Ordinal);
        Assert.Equal(recordId, HavenClient.Hidden(refused.Html, "RecordId"));
        Assert.NotNull(refused.Response.Headers.RetryAfter);
        Assert.Equal(4, await server.CountAsync(db => db.Records));

        // Another person's case has its own allowance.
        using var other = server.CreateClient(language);
        await other.AskForHelpAsync();
        await other.SubmitRequestAsync("someone else");
        Assert.Equal(HttpStatusCode.OK, (await other.SendMessageAsync("their message")).Status);
        Assert.Equal(6, await server.CountAsync(db => db.Records));
    }

    [Fact]
    public async Task A_double_submit_of_a_stored_message_is_not_refused_by_the_throttle()
    {
        await using var server = await HavenServer.StartAsync(
            "--Haven:Throttle:Submissions:MessagesPerCaseBurst=1", "--Haven:Throttle:Submissions:MessagesPerCasePerMinute=1");
        using var person = server.CreateClient();
        await person.AskForHelpAsync();
        await person.SubmitRequestAsync("first");
        var page = await person.GetAsync("/conversation");
        KeyValuePair<string, string>[] form = [new("__af", HavenClient.Hidden(page.Html, "__af")!), new("RecordId", HavenClient.Hidden(page.Html, "RecordId")!), new("Text", "once")];

        Assert.Equal(HttpStatusCode.OK, (await person.PostAsync("/conversation", form)).Status);
        var again = await person.PostAsync("/conversation", form);

        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal("/conversation", again.Location.AbsolutePath);
        Assert.Equal(2, await server.CountAsync(db => db.Records));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await person.SendMessageAsync("a new one")).Status);
    }

    [Fact]
    public async Task New_cases_over_the_instance_allowance_get_a_429_with_the_request_back_and_nothing_stored()
    {
        await using var server = await HavenServer.StartAsync("--Haven:Throttle:Submissions:NewCasesPerMinute=2");
        for (var i = 0; i < 2; i++)
        {
            using var person = server.CreateClient();
            await person.AskForHelpAsync();
            Assert.Equal("/sent", (await person.SubmitRequestAsync($"request {i}")).Location.AbsolutePath);
        }

        using var third = server.CreateClient("ru");
        await third.AskForHelpAsync();
        var refused = await third.SubmitRequestAsync("my request \"in full\"", contact: "a safe way");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.Contains("Ничего не потеряно", refused.Html, StringComparison.Ordinal);
        Assert.Contains("my request &quot;in full&quot;", refused.Html, StringComparison.Ordinal);
        Assert.Equal("a safe way", HavenClient.Hidden(refused.Html, "Input.Contact"));
        Assert.Equal(2, await server.CountAsync(db => db.Cases));
        Assert.Equal(2, await server.CountAsync(db => db.Sources));
    }

    [Fact]
    public async Task During_a_flood_of_receipts_the_intake_is_refused_with_503_and_responders_still_log_in()
    {
        // One intake slot and a waiting line of two: a flood of "ask for help" keeps both full.
        await using var server = await HavenServer.StartAsync("--Haven:Argon2:MaxConcurrent=1", "--Haven:Argon2:MaxQueue=2", "--Haven:Argon2:MaxWait=00:01:00");
        var gate = server.Services.GetRequiredService<Haven.Accounts.Argon2Gate>();
        using var stop = new CancellationTokenSource();
        var answers = new System.Collections.Concurrent.ConcurrentBag<HavenClient.Page>();
        var flood = Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var flooder = server.CreateClient("ru");
                answers.Add(await flooder.PostFormAsync("/", "/start", []));
            }
        })).ToList();

        await Eventually.UntilAsync("the flood to be refused (503)", () => answers.Any(a => a.Status == HttpStatusCode.ServiceUnavailable), deadline: TimeSpan.FromSeconds(60), interval: TimeSpan.FromMilliseconds(10), state: () => $"{answers.Count} answers");

        // The intake is refusing people right now; a responder logs in and works.
        using var responder = server.CreateClient();
        var login = await responder.LoginAsync(HavenServer.AdminName, HavenServer.AdminPassphrase, server.AdminCode());
        var inbox = await responder.GetAsync("/desk");
        var refusedMeanwhile = answers.Count(a => a.Status == HttpStatusCode.ServiceUnavailable);
        await stop.CancelAsync();
        await Task.WhenAll(flood);

        Assert.Equal(HttpStatusCode.OK, login.Status);
        Assert.Equal("/desk", login.Location.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, inbox.Status);
        Assert.True(refusedMeanwhile > 0);
        Assert.All(answers, a => Assert.True(a.Status is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, a.Status.ToString()));
        var busy = answers.First(a => a.Status == HttpStatusCode.ServiceUnavailable);
        Assert.Contains("<html lang=\"ru\"", busy.Html, StringComparison.Ordinal);
        Assert.Contains("Сайт ненадолго недоступен", busy.Html, StringComparison.Ordinal);
        Assert.NotNull(busy.Response.Headers.RetryAfter);
        Assert.Contains(answers, a => a.Status == HttpStatusCode.OK);
        Assert.Equal(0, gate.Waiting);

        // The flood is over: the intake works again.
        using var person = server.CreateClient();
        Assert.Equal(20, (await person.AskForHelpAsync()).Length);
    }
}
