using System.Net;
using Haven.Record.Vocabulary;
using Haven.Web.Tests.Infrastructure;
using static Haven.Web.Tests.Intake.TestimonyKit;

namespace Haven.Web.Tests.Intake;

/// <summary>
/// The person's testimony over real HTTP: the path from the landing page and from a conversation, the record it
/// stores (term and region keys, never labels), and every bad or hostile form refused with a clear 4xx that
/// shows back what was typed and stores nothing.
/// </summary>
public sealed class TestimonyHttpTests
{
    [Fact]
    public async Task A_new_person_tells_what_happened_and_gets_a_case_whose_first_record_is_the_testimony_in_keys()
    {
        await using var server = await HavenServer.StartAsync();
        await AddRegionsAsync(server, ("RU", null, "Russia", "Россия"), ("RU-CE", "RU", "Chechnya", "Чечня"));
        using var person = server.CreateClient();
        await StartAsync(person);

        var form = await person.GetAsync("/testimony");
        Assert.Equal(HttpStatusCode.OK, form.Status);
        Assert.Contains("We never ask for names.", form.Html, StringComparison.Ordinal);
        Assert.Contains("id=\"ask-instead\"", form.Html, StringComparison.Ordinal);
        Assert.Contains("id=\"quick-exit\"", form.Html, StringComparison.Ordinal);
        Assert.Contains("<optgroup label=\"Russia\">", form.Html, StringComparison.Ordinal);

        var sent = await SendAsync(person, [.. Answers("They took me at night."), new("Input.Country", "RU"), new("Input.Region", "RU-CE")]);
        Assert.Equal(HttpStatusCode.OK, sent.Status);
        Assert.Equal("/sent", sent.Location.AbsolutePath);
        Assert.Contains("Thank you for telling us what happened.", sent.Html, StringComparison.Ordinal);

        var (_, kind, json) = Assert.Single(await RecordsAsync(server));
        Assert.Equal("testimony", kind);
        Assert.Equal(
            """{"v":1,"text":"They took me at night.","testimony":{"acts":["arbitrary_detention","torture"],"date":"2017-03","date_precision":"month","region":"RU-CE","to_whom":["me","others"],"people":3,"perpetrators":["police"]}}""",
            json);
        Assert.Equal(1, await server.CountAsync(db => db.Cases.Where(c => c.Urgency == Haven.Cases.Urgency.Weeks)));
        Assert.Equal(1, await server.CountAsync(db => db.Sources));

        // The person's conversation lists it as their testimony.
        var conversation = await person.GetAsync("/conversation");
        Assert.Contains("You told what happened", conversation.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_person_with_a_case_tells_what_happened_from_their_conversation_and_the_desk_reads_it_with_labels()
    {
        await using var server = await HavenServer.StartAsync();
        using var person = server.CreateClient();
        await person.AskForHelpAsync();
        Assert.Equal("/sent", (await person.SubmitRequestAsync("Please help", help: ["testimony"])).Location.AbsolutePath);
        var conversation = await person.GetAsync("/conversation");
        Assert.Contains("href=\"/testimony\"", conversation.Html, StringComparison.Ordinal);

        var form = await person.GetAsync("/testimony");
        Assert.DoesNotContain("id=\"ask-instead\"", form.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"where\"", form.Html, StringComparison.Ordinal); // No gazetteer: the question is not asked.

        var sent = await SendAsync(person, [new("Input.Year", "2019"), new("Input.Month", "2"), new("Input.Day", "28"), new("Input.Acts", "threats"), new("Input.Text", "")]);
        Assert.Equal("/conversation", sent.Location.AbsolutePath);
        Assert.Equal("?testimony=true", sent.Location.Query);
        Assert.Contains("What you wrote has arrived.", sent.Html, StringComparison.Ordinal);

        var records = await RecordsAsync(server);
        Assert.Equal(["request", "testimony"], records.Select(r => r.Kind));
        Assert.Equal("""{"v":1,"text":"","testimony":{"acts":["threats"],"date":"2019-02-28","date_precision":"day"}}""", records[1].Json);
        Assert.Equal(1, await server.CountAsync(db => db.Cases));
        Assert.Equal(1, await server.CountAsync(db => db.AuditEntries.Where(e => e.Action == "case.testimony_received")));

        using var responder = server.CreateClient();
        await responder.LoginAsync(HavenServer.AdminName, HavenServer.AdminPassphrase, server.AdminCode());
        var casePage = await responder.GetAsync($"/desk/case/{records[0].CaseId}");
        Assert.Contains("class=\"entry testimony\"", casePage.Html, StringComparison.Ordinal);
        Assert.Contains("2019-02-28", casePage.Html, StringComparison.Ordinal);
        Assert.Contains("<strong>What happened:</strong> Threats</p>", casePage.Html, StringComparison.Ordinal);
        Assert.Contains("<strong>When:</strong> 2019-02-28</p>", casePage.Html, StringComparison.Ordinal);

        // A responder who reads Russian gets the labels in Russian.
        responder.Http.DefaultRequestHeaders.AcceptLanguage.Clear();
        responder.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ru-RU");
        var russian = await responder.GetAsync($"/desk/case/{records[0].CaseId}");
        Assert.Contains("<strong>Что произошло:</strong> Угрозы</p>", russian.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_not_on_the_list_or_retired_is_refused_with_a_clear_400_and_everything_typed_comes_back()
    {
        await using var server = await HavenServer.StartAsync();
        await RetireTermAsync(server, TermList.ActType, "entrapment");
        using var person = server.CreateClient();
        await StartAsync(person);
        var form = await person.GetAsync("/testimony");
        Assert.DoesNotContain("value=\"entrapment\"", form.Html, StringComparison.Ordinal);
        Assert.Contains("value=\"enforced_disappearance\"", form.Html, StringComparison.Ordinal);
        var text = "Они пришли ночью <script>alert(1)</script> & ушли";

        foreach (var (field, key) in new[] { ("Input.Acts", "not_a_term"), ("Input.Perpetrators", "torture"), ("Input.Acts", "entrapment"), ("Input.ToWhom", "my_neighbour") })
        {
            var refused = await SendAsync(person, [.. Answers(text), new(field, key)]);
            Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
            Assert.Contains("Something you chose is no longer on the list.", refused.Html, StringComparison.Ordinal);
            Assert.Contains("Они пришли ночью &lt;script&gt;alert(1)&lt;/script&gt; &amp; ушли</textarea>", refused.Html, StringComparison.Ordinal);
            Assert.Contains("name=\"Input.Year\" inputmode=\"numeric\" autocomplete=\"off\" maxlength=\"4\" size=\"4\" value=\"2017\"", refused.Html, StringComparison.Ordinal);
            Assert.Contains("value=\"torture\" checked=\"checked\"", refused.Html, StringComparison.Ordinal);
            Assert.Contains("value=\"3\" selected=\"selected\"", refused.Html, StringComparison.Ordinal);
            Assert.Contains("value=\"others\" checked=\"checked\"", refused.Html, StringComparison.Ordinal);
        }

        Assert.Equal(0, await server.CountAsync(db => db.Cases));
        Assert.Equal(0, await server.CountAsync(db => db.Records));
    }

    [Theory]
    [InlineData("Input.Year", "2999", "Please check the date")]
    [InlineData("Input.Year", "17", "Please check the date")]
    [InlineData("Input.Year", "１９９９", "Please check the date")]
    [InlineData("Input.Month", "13", "Please check the date")]
    [InlineData("Input.Day", "30", "Please check the date")] // 30 February
    [InlineData("Input.DateUnknown", "true", "Please keep only one.")]
    [InlineData("Input.People", "0", "number of people in digits")]
    [InlineData("Input.People", "many", "number of people in digits")]
    [InlineData("Input.People", "99999999999999999999", "number of people in digits")]
    [InlineData("Input.Country", "RU", "Please choose the place again")]
    [InlineData("Input.Region", "RU-CE", "Please choose the place again")]
    public async Task A_bad_date_count_or_place_is_refused_with_a_clear_400_and_nothing_is_stored(string field, string value, string message)
    {
        await using var server = await HavenServer.StartAsync();
        using var person = server.CreateClient();
        await StartAsync(person);
        var fields = Answers("Это было в феврале").Where(f => f.Key != field).ToList();
        fields.Add(new(field, value));
        if (field == "Input.Day")
        {
            fields.RemoveAll(f => f.Key == "Input.Month");
            fields.Add(new("Input.Month", "2"));
        }

        var refused = await SendAsync(person, fields);
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains(message, refused.Html, StringComparison.Ordinal);
        Assert.Contains("Это было в феврале</textarea>", refused.Html, StringComparison.Ordinal);
        Assert.Equal(0, await server.CountAsync(db => db.Records));
    }

    [Fact]
    public async Task A_region_outside_the_country_chosen_or_a_country_given_as_a_region_is_refused()
    {
        await using var server = await HavenServer.StartAsync();
        await AddRegionsAsync(server, ("RU", null, "Russia", "Россия"), ("RU-CE", "RU", "Chechnya", "Чечня"), ("KZ", null, "Kazakhstan", "Казахстан"));
        using var person = server.CreateClient();
        await StartAsync(person);
        foreach (var (country, region) in new[] { ("KZ", "RU-CE"), ("RU-CE", ""), ("", "RU"), ("XX", "") })
        {
            var refused = await SendAsync(person, [.. Answers("где-то"), new("Input.Country", country), new("Input.Region", region)]);
            Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
            Assert.Contains("Please choose the place again", refused.Html, StringComparison.Ordinal);
        }

        Assert.Equal(0, await server.CountAsync(db => db.Records));

        // A country alone is a place.
        var sent = await SendAsync(person, [new("Input.Country", "KZ")]);
        Assert.Equal("/sent", sent.Location.AbsolutePath);
        Assert.Equal("""{"v":1,"text":"","testimony":{"region":"KZ"}}""", Assert.Single(await RecordsAsync(server)).Json);
    }

    [Fact]
    public async Task An_empty_testimony_is_refused_in_russian_and_I_do_not_know_when_is_an_answer()
    {
        await using var server = await HavenServer.StartAsync();
        using var person = server.CreateClient("ru-RU,ru;q=0.9");
        await StartAsync(person);
        var form = await person.GetAsync("/testimony");
        Assert.Contains("Мы никогда не спрашиваем имена.", form.Html, StringComparison.Ordinal);

        var empty = await SendAsync(person, [new("Input.Text", "   "), new("Input.Year", "")]);
        Assert.Equal(HttpStatusCode.BadRequest, empty.Status);
        Assert.Contains("Пожалуйста, ответьте хотя бы на один вопрос или напишите несколько слов.", empty.Html, StringComparison.Ordinal);

        var refused = await SendAsync(person, [new("Input.Acts", "nope"), new("Input.Text", "Меня задержали")]);
        Assert.Contains("Чего-то из выбранного больше нет в списке.", refused.Html, StringComparison.Ordinal);
        Assert.Contains("Меня задержали</textarea>", refused.Html, StringComparison.Ordinal);

        var sent = await SendAsync(person, [new("Input.DateUnknown", "true")]);
        Assert.Equal("/sent", sent.Location.AbsolutePath);
        Assert.Equal("""{"v":1,"text":"","testimony":{"date_precision":"unknown"}}""", Assert.Single(await RecordsAsync(server)).Json);
    }

    [Fact]
    public async Task Text_over_the_limit_or_a_field_too_large_for_the_reader_gets_a_4xx_keeps_what_was_typed_and_stores_nothing()
    {
        await using var server = await HavenServer.StartAsync("--Haven:Intake:MaxTextLength=1000");
        using var person = server.CreateClient();
        await StartAsync(person);
        var text = new string('ж', 1001);
        var tooLong = await SendAsync(person, Answers(text));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.Status);
        Assert.Contains("Your text is too long: at most 1000 characters", tooLong.Html, StringComparison.Ordinal);
        Assert.Contains(text, tooLong.Html, StringComparison.Ordinal);

        // A field far beyond any limit: the streaming reader stops it; the fields before it come back.
        var huge = await SendAsync(person, [new("Input.Year", "2016"), new("Input.Acts", new string('a', 9_000_000))]);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.Status);
        Assert.Contains("value=\"2016\"", huge.Html, StringComparison.Ordinal);
        Assert.Equal(0, await server.CountAsync(db => db.Records));
    }

    [Fact]
    public async Task A_session_that_ran_out_continues_with_the_secret_code_typed_again_and_without_it_nothing_is_lost()
    {
        await using var server = await HavenServer.StartAsync();
        using var person = server.CreateClient();
        var receipt = await StartAsync(person);
        var form = await person.GetAsync("/testimony");
        List<KeyValuePair<string, string>> hidden =
        [
            new("__af", HavenClient.Hidden(form.Html, "__af")!),
            new("Input.RecordId", HavenClient.Hidden(form.Html, "Input.RecordId")!),
            new("Input.Ticket", HavenClient.Hidden(form.Html, "Input.Ticket")!),
        ];

        // The session is gone (a new browser: no cookie); the form was kept open.
        using var later = server.CreateClient();
        foreach (var cookie in person.Cookies.GetAllCookies().Where(c => c.Name != "haven-s"))
        {
            later.Cookies.Add(cookie);
        }

        var ended = await later.PostMultipartAsync("/testimony", [.. hidden, .. Answers("Писала долго")], []);
        Assert.Equal(HttpStatusCode.BadRequest, ended.Status);
        Assert.Contains("Писала долго</textarea>", ended.Html, StringComparison.Ordinal);
        Assert.Contains("id=\"receipt\"", ended.Html, StringComparison.Ordinal);

        var resumed = await later.PostMultipartAsync("/testimony", [.. hidden, new("Input.Receipt", receipt), .. Answers("Писала долго")], []);
        Assert.Equal("/sent", resumed.Location.AbsolutePath);

        // The same form sent again (a double submit) stores nothing twice.
        await later.PostMultipartAsync("/testimony", [.. hidden, new("Input.Receipt", receipt), .. Answers("Писала долго")], []);
        Assert.Single(await RecordsAsync(server));
    }

    [Fact]
    public async Task New_cases_from_testimonies_are_throttled_like_requests_with_a_429_that_keeps_the_text()
    {
        await using var server = await HavenServer.StartAsync("--Haven:Throttle:Submissions:NewCasesPerMinute=1");
        using (var first = server.CreateClient())
        {
            await StartAsync(first);
            Assert.Equal("/sent", (await SendAsync(first, Answers("первая"))).Location.AbsolutePath);
        }

        using var second = server.CreateClient();
        await StartAsync(second);
        var throttled = await SendAsync(second, Answers("вторая"));
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.Status);
        Assert.NotNull(throttled.Response.Headers.RetryAfter);
        Assert.Contains("вторая</textarea>", throttled.Html, StringComparison.Ordinal);
        Assert.Equal(1, await server.CountAsync(db => db.Cases));
    }

    [Fact]
    public async Task Without_a_session_the_form_sends_the_person_to_the_start()
    {
        await using var server = await HavenServer.StartAsync();
        using var stranger = server.CreateClient();
        var page = await stranger.GetAsync("/testimony");
        Assert.Equal("/", page.Location.AbsolutePath);
        Assert.Contains("id=\"testify\"", page.Html, StringComparison.Ordinal);
    }
}
