using System.Net;
using Haven.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Haven.Web.Tests.Intake;

public sealed class IntakeHttpTests
{
    [Fact]
    public async Task A_wrong_receipt_gets_a_clear_message_and_attempts_beyond_the_limit_are_throttled()
    {
        await using var server = await HavenServer.StartAsync("--Haven:Throttle:Receipts:AttemptsPerMinute=3", "--Haven:Throttle:Receipts:MaxWait=00:00:00");
        using var client = server.CreateClient();

        // A malformed receipt is refused and counts for nothing.
        var malformed = await client.ReturnAsync("1234 5678");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.Status);
        Assert.Contains("A secret code has 20 digits", malformed.Html, StringComparison.Ordinal);

        var unknown = await client.ReturnAsync("1111 2222 3333 4444 5555");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.Status);
        Assert.Contains("We could not find that code", unknown.Html, StringComparison.Ordinal);

        await client.ReturnAsync("1111 2222 3333 4444 5556");
        await client.ReturnAsync("1111 2222 3333 4444 5557");
        var throttled = await client.ReturnAsync("1111 2222 3333 4444 5558");
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.Status);
        Assert.Contains("Too many codes are being checked right now. Please try again in 20 seconds.", throttled.Html, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(20), throttled.Response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Wrong_receipt_message_is_in_russian_for_a_russian_browser()
    {
        await using var server = await HavenServer.StartAsync();
        using var client = server.CreateClient("ru-RU,ru;q=0.9");
        var unknown = await client.ReturnAsync("1111 2222 3333 4444 5555");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.Status);
        Assert.Contains("Мы не нашли такой код", unknown.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_over_the_limit_gets_a_clear_4xx_keeps_the_text_and_stores_nothing()
    {
        await using var server = await HavenServer.StartAsync("--Haven:Intake:MaxTextLength=1000");
        using var client = server.CreateClient();
        await client.AskForHelpAsync();
        var text = new string('ж', 1001);
        var page = await client.SubmitRequestAsync(text);
        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Contains("Your text is too long: at most 1000 characters", page.Html, StringComparison.Ordinal);
        Assert.Contains(text, page.Html, StringComparison.Ordinal);
        Assert.Equal(0, await server.CountAsync(db => db.Cases));
        Assert.Equal(0, await server.CountAsync(db => db.Records));

        // Just under the limit is accepted.
        var accepted = await client.SubmitRequestAsync(new string('ж', 1000));
        Assert.Equal("/sent", accepted.Location.AbsolutePath);
        Assert.Equal(1, await server.CountAsync(db => db.Records));
    }

    [Fact]
    public async Task The_default_limit_of_100000_characters_is_accepted_and_one_more_is_refused()
    {
        await using var server = await HavenServer.StartAsync();
        using var client = server.CreateClient();
        await client.AskForHelpAsync();
        var refused = await client.SubmitRequestAsync(new string('я', 100_001));
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal(0, await server.CountAsync(db => db.Records));
        var accepted = await client.SubmitRequestAsync(new string('я', 100_000));
        Assert.Equal("/sent", accepted.Location.AbsolutePath);
    }

    [Fact]
    public async Task A_body_over_the_request_size_limit_is_a_413_page_not_a_500()
    {
        await using var server = await HavenServer.StartAsync();
        using var client = server.CreateClient();
        await client.AskForHelpAsync();
        var form = await client.GetAsync("/request");
        var page = await client.PostAsync("/request", [
            new("__af", HavenClient.Hidden(form.Html, "__af")!),
            new("Input.RecordId", HavenClient.Hidden(form.Html, "Input.RecordId")!),
            new("Input.Urgency", "now"),
            new("Input.Text", new string('x', 3 * 1024 * 1024)),
        ]);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, page.Status);
        Assert.Contains("too large", page.Html, StringComparison.Ordinal);
        Assert.Equal(0, await server.CountAsync(db => db.Records));
    }

    [Fact]
    public async Task A_double_submit_of_the_same_form_stores_one_request()
    {
        await using var server = await HavenServer.StartAsync();
        using var client = server.CreateClient();
        await client.AskForHelpAsync();
        var form = await client.GetAsync("/request");
        var recordId = HavenClient.Hidden(form.Html, "Input.RecordId")!;
        var first = await client.SubmitRequestAsync("first press", recordId: recordId);
        Assert.Equal("/sent", first.Location.AbsolutePath);

        // The browser's back button and a second press: the session already has its case.
        var again = await client.PostAsync("/request", [
            new("__af", HavenClient.Hidden(form.Html, "__af")!),
            new("Input.RecordId", recordId),
            new("Input.Ticket", HavenClient.Hidden(form.Html, "Input.Ticket")!),
            new("Input.Urgency", "now"),
            new("Input.Text", "first press"),
        ]);
        Assert.Equal("/sent", again.Location.AbsolutePath);
        Assert.Equal(1, await server.CountAsync(db => db.Cases));
        Assert.Equal(1, await server.CountAsync(db => db.Records));
    }

    [Fact]
    public async Task A_request_whose_record_id_another_case_already_uses_is_a_400_that_keeps_the_text_not_a_500()
    {
        await using var server = await HavenServer.StartAsync();
        using (var first = server.CreateClient())
        {
            await first.AskForHelpAsync();
            Assert.Equal("/sent", (await first.SubmitRequestAsync("the first person")).Location.AbsolutePath);
        }

        string taken;
        await using (var db = await Haven.Web.Tests.Files.FileTestKit.DbAsync(server))
        {
            taken = await db.Records.Select(r => r.Id).SingleAsync();
        }

        // A second person's form carries (by a forged or replayed field) the record id of the first person's request.
        using var second = server.CreateClient();
        await second.AskForHelpAsync();
        var refused = await second.SubmitRequestAsync("the second person writes this", recordId: taken);
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("the second person writes this", refused.Html, StringComparison.Ordinal);
        Assert.NotEqual(taken, HavenClient.Hidden(refused.Html, "Input.RecordId"));
        Assert.Equal(1, await server.CountAsync(db => db.Cases));
        Assert.Equal(1, await server.CountAsync(db => db.Records));

        // Sent again as the page now renders it, it goes through.
        Assert.Equal("/sent", (await second.SubmitRequestAsync("the second person writes this")).Location.AbsolutePath);
        Assert.Equal(2, await server.CountAsync(db => db.Cases));
    }

    [Fact]
    public async Task A_session_that_ran_out_while_writing_loses_nothing_and_continues_with_the_receipt()
    {
        await using var server = await HavenServer.StartAsync();
        using var client = server.CreateClient();
        var receipt = await client.AskForHelpAsync();
        var form = await client.GetAsync("/request");
        server.Clock.Advance(TimeSpan.FromHours(3));
        List<KeyValuePair<string, string>> fields = [
            new("__af", HavenClient.Hidden(form.Html, "__af")!),
            new("Input.RecordId", HavenClient.Hidden(form.Html, "Input.RecordId")!),
            new("Input.Ticket", HavenClient.Hidden(form.Html, "Input.Ticket")!),
            new("Input.Urgency", "days"),
            new("Input.Text", "a long testimony written slowly"),
        ];
        var expired = await client.PostAsync("/request", fields);
        Assert.Equal(HttpStatusCode.BadRequest, expired.Status);
        Assert.Contains("a long testimony written slowly", expired.Html, StringComparison.Ordinal);
        Assert.Contains("name=\"Input.Receipt\"", expired.Html, StringComparison.Ordinal);

        // A receipt that was not issued for this form is refused: nobody picks their own receipt.
        var chosen = await client.PostAsync("/request", [.. fields, new("Input.Receipt", "1111 1111 1111 1111 1111")]);
        Assert.Equal(HttpStatusCode.BadRequest, chosen.Status);
        Assert.Equal(0, await server.CountAsync(db => db.Cases));

        var resumed = await client.PostAsync("/request", [.. fields, new("Input.Receipt", receipt)]);
        Assert.Equal("/sent", resumed.Location.AbsolutePath);
        Assert.Equal(1, await server.CountAsync(db => db.Records));
    }

    [Fact]
    public async Task A_person_cannot_read_back_what_they_sent_only_the_replies()
    {
        await using var server = await HavenServer.StartAsync();
        using var person = server.CreateClient();
        var receipt = await person.AskForHelpAsync();
        await person.SubmitRequestAsync("the names of my friends");
        await person.SendMessageAsync("more names");
        using var later = server.CreateClient();
        var page = await later.ReturnAsync(receipt);
        Assert.Equal("/conversation", page.Location.AbsolutePath);
        Assert.DoesNotContain("the names of my friends", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("more names", page.Html, StringComparison.Ordinal);
        Assert.Contains("There is no reply yet", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Leaving_ends_the_session()
    {
        await using var server = await HavenServer.StartAsync();
        using var person = server.CreateClient();
        await person.AskForHelpAsync();
        await person.SubmitRequestAsync("hello");
        var left = await person.PostFormAsync("/conversation", "/leave", []);
        Assert.Equal("/", left.Location.AbsolutePath);
        var again = await person.GetAsync("/conversation");
        Assert.Equal("/return", again.Location.AbsolutePath);
    }

    [Fact]
    public async Task Quick_exit_ends_the_session_clears_site_data_and_leaves_for_the_neutral_address()
    {
        await using var server = await HavenServer.StartAsync("--Haven:Intake:QuickExitUrl=https://weather.example/today");
        using var person = server.CreateClient();
        await person.AskForHelpAsync();
        await person.SubmitRequestAsync("hello");
        using var response = await person.Http.GetAsync("/exit");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("https://weather.example/today", response.Headers.Location!.ToString());
        Assert.Contains("\"cookies\"", response.Headers.GetValues("Clear-Site-Data").Single(), StringComparison.Ordinal);
        var again = await person.GetAsync("/conversation");
        Assert.Equal("/return", again.Location.AbsolutePath);
    }

    [Fact]
    public async Task Every_intake_page_has_the_quick_exit_control()
    {
        await using var server = await HavenServer.StartAsync();
        using var person = server.CreateClient();
        foreach (var path in new[] { "/", "/return", "/safety", "/error/404" })
        {
            var page = await person.GetAsync(path);
            Assert.Contains("id=\"quick-exit\" href=\"/exit\"", page.Html, StringComparison.Ordinal);
        }

        await person.AskForHelpAsync();
        foreach (var path in new[] { "/receipt", "/request" })
        {
            var page = await person.GetAsync(path);
            Assert.Contains("id=\"quick-exit\" href=\"/exit\"", page.Html, StringComparison.Ordinal);
        }
    }
}
