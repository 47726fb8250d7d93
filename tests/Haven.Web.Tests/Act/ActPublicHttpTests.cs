using System.Net;
using System.Text.RegularExpressions;
using Haven.Act;
using Haven.Web.Tests.Infrastructure;

namespace Haven.Web.Tests.Act;

/// <summary>
/// The public Act pages over real HTTP (issue 18, points 4 and 6): what an action's page shows (and that no target's
/// e-mail address appears in any public response or log), a letter queued once however often its form is sent
/// (also at the same moment), declarations counted once, the hourly throttle refusing with a 429 that keeps the
/// letter, bad input refused with the form kept, mail off, moderation, <c>Haven:Act:Enabled</c> and <c>Haven:Act:Host</c>.
/// </summary>
public sealed partial class ActPublicHttpTests
{
    private const string ActHostName = "act.example.org";

    /// <summary>Mail "on" for the pages (no sender runs against this port in these tests: letters stay queued).</summary>
    private static readonly string[] MailOn = ["--Haven:Mail:Host=127.0.0.1", "--Haven:Mail:Port=9", "--Haven:Mail:Security=None", "--Haven:Mail:From=act@haven.test", "--Haven:Mail:WindowMinutes=600"];

    [Fact]
    public async Task The_pages_show_the_action_in_its_languages_and_no_page_or_log_ever_holds_a_target_address()
    {
        await using var server = await HavenServer.StartAsync(MailOn);
        var ua = await ActSeed.InsertAsync(server);
        await ActSeed.InsertAsync(server, status: ActionStatus.Ended, sequence: 2);
        using var client = server.CreateClient();
        var pages = new List<(string Path, string Html)>();
        async Task<HavenClient.Page> Get(HavenClient c, string path)
        {
            var page = await c.GetAsync(path);
            pages.Add((path, page.Html));
            return page;
        }

        var list = await Get(client, "/act");
        Assert.Equal(HttpStatusCode.OK, list.Status);
        Assert.Contains("UA 7/26: Journalist detained in Grozny", list.Html, StringComparison.Ordinal);
        Assert.Contains("id=\"ended-actions\"", list.Html, StringComparison.Ordinal);
        Assert.Contains("Achieved", list.Html, StringComparison.Ordinal);
        Assert.Contains("He was released on 20 December.", list.Html, StringComparison.Ordinal);

        var page = await Get(client, "/act/7-26");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        foreach (var expected in new[]
        {
            "UA 7/26", "<h1>Journalist detained in Grozny</h1>", "Please write by 2027-01-15", "Issued 2026-11-23",
            "Letters and messages so far: 0.", "<li>Call for his immediate release</li>", "His family has not seen him.",
            "Igor Krasnov, Prosecutor General", "Dear Prosecutor General", "Ulitsa Bolshaya Dmitrovka 15a", "7 495 000 00 00",
            "Embassy of the Russian Federation", "Moved to another prison", "href=\"/act/7-26/write\"", "href=\"/act/7-26/sent\"",
        })
        {
            Assert.Contains(expected, page.Html, StringComparison.Ordinal);
        }

        var russian = await Get(client, "/act/7-26?lang=ru");
        Assert.Contains("<h1>Журналист задержан в Грозном</h1>", russian.Html, StringComparison.Ordinal);
        Assert.Contains("Кому писать", russian.Html, StringComparison.Ordinal);
        Assert.Contains("Уважаемый Генеральный прокурор", russian.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"/act/7-26/write?lang=ru\"", russian.Html, StringComparison.Ordinal);

        // A language only the action has: its texts in it, the chrome in English.
        var turkish = await Get(client, "/act/7-26?lang=tr");
        Assert.Contains("<h1>Grozni&#x27;de gazeteci gözaltında</h1>", turkish.Html.Replace("'", "&#x27;", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("Sayın Başsavcı", turkish.Html, StringComparison.Ordinal);
        Assert.Contains("Write to", turkish.Html, StringComparison.Ordinal);
        Assert.Contains("hreflang=\"tr\"", page.Html, StringComparison.Ordinal);

        var choose = await Get(client, "/act/7-26/write");
        Assert.Contains("id=\"writing-to\"", choose.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Head of the Republic", Regex.Match(choose.Html, "<form.*</form>", RegexOptions.Singleline).Value, StringComparison.Ordinal);
        var form = await Get(client, $"/act/7-26/write?target={ua.Target.Id}&lang=ru");
        Assert.Contains("Уважаемый Генеральный прокурор!", form.Html, StringComparison.Ordinal);
        Assert.Contains("{name}, {town}", form.Html, StringComparison.Ordinal);
        Assert.Contains("value=\"Освободите журналиста\"", form.Html, StringComparison.Ordinal);
        await Get(client, "/act/7-26/sent");
        await Get(client, "/act/7-26/sent?lang=ru");
        await Get(client, "/act/2-26");
        Assert.Equal(HttpStatusCode.NotFound, (await Get(client, "/act/9-26")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Get(client, "/act/nothing")).Status);

        var sent = await SendLetterAsync(client, ua, "Anna", "Berlin");
        pages.Add(("thanks", sent.Html));
        Assert.Contains("id=\"thanks-queued\"", sent.Html, StringComparison.Ordinal);
        var declared = await DeclareAsync(client, "Post");
        pages.Add(("declared", declared.Html));
        pages.Add(("after", (await client.GetAsync("/act/7-26")).Html));
        Assert.Contains("Letters and messages so far: 1.", pages[^1].Html, StringComparison.Ordinal);
        Assert.Contains("And 1 more on their way.", pages[^1].Html, StringComparison.Ordinal);

        foreach (var (path, html) in pages)
        {
            Assert.DoesNotContain(ua.Domain, html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
            Assert.Empty(ExternalReference().Matches(html));
            Assert.True(!html.Contains("/desk", StringComparison.Ordinal), path);
        }

        Assert.DoesNotContain(server.Logs.Lines, line => line.Contains(ua.Domain, StringComparison.OrdinalIgnoreCase) || line.Contains("Anna", StringComparison.Ordinal) || line.Contains("Berlin", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_letter_form_sent_again_even_many_times_at_once_queues_one_letter_and_declarations_count_once()
    {
        await using var server = await HavenServer.StartAsync(MailOn);
        var ua = await ActSeed.InsertAsync(server);
        using var client = server.CreateClient();

        var form = await client.GetAsync($"/act/7-26/write?target={ua.Target.Id}");
        var fields = LetterFields(form.Html, "Anna", "Berlin");
        var first = await client.PostAsync("/act/7-26/write", fields);
        Assert.Contains("id=\"thanks-queued\"", first.Html, StringComparison.Ordinal);
        var again = await client.PostAsync("/act/7-26/write", fields);
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Contains("id=\"thanks-queued\"", again.Html, StringComparison.Ordinal);

        var second = LetterFields((await client.GetAsync($"/act/7-26/write?target={ua.Target.Id}")).Html, "Boris", "Riga");
        var together = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.PostAsync("/act/7-26/write", second)));
        Assert.All(together, p => Assert.Contains("id=\"thanks-queued\"", p.Html, StringComparison.Ordinal));
        Assert.Equal(2, await ua.QueuedAsync(server));

        var declare = await client.GetAsync("/act/7-26/sent");
        var declaration = DeclarationFields(declare.Html, "Fax");
        var counted = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.PostAsync("/act/7-26/sent", declaration)));
        Assert.All(counted, p => Assert.Contains("id=\"thanks-counted\"", p.Html, StringComparison.Ordinal));
        Assert.Equal(1, await ua.CountAsync(server));
        await DeclareAsync(client, "Social");
        Assert.Equal(2, await ua.CountAsync(server));
    }

    [Theory]
    [InlineData("en", "Many letters are arriving right now")]
    [InlineData("ru", "Сейчас приходит очень много писем")]
    public async Task The_hourly_throttle_answers_429_with_the_letter_kept_and_counts_nothing(string language, string message)
    {
        await using var server = await HavenServer.StartAsync([.. MailOn, "--Haven:Act:PerActionPerHour=2"]);
        var ua = await ActSeed.InsertAsync(server);
        using var client = server.CreateClient(language);
        await SendLetterAsync(client, ua, "Anna", "Berlin");
        await DeclareAsync(client, "Post");

        var form = await client.GetAsync($"/act/7-26/write?target={ua.Target.Id}");
        var fields = LetterFields(form.Html, "Zinaida Throttled", "Kazan", body: "My own words about the journalist.");
        var refused = await client.PostAsync("/act/7-26/write", fields);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.NotNull(refused.Response.Headers.RetryAfter);
        Assert.Contains(message, refused.Html, StringComparison.Ordinal);
        Assert.Contains("value=\"Zinaida Throttled\"", refused.Html, StringComparison.Ordinal);
        Assert.Contains("My own words about the journalist.", refused.Html, StringComparison.Ordinal);
        var declaration = await client.PostAsync("/act/7-26/sent", DeclarationFields((await client.GetAsync("/act/7-26/sent")).Html, "Fax"));
        Assert.Equal(HttpStatusCode.TooManyRequests, declaration.Status);

        Assert.Equal(1, await ua.QueuedAsync(server));
        Assert.Equal(1, await ua.CountAsync(server));
    }

    [Theory]
    [InlineData("en", "Please give your name")]
    [InlineData("ru", "Укажите ваше имя")]
    public async Task A_letter_without_a_name_is_refused_with_400_and_everything_typed_kept(string language, string message)
    {
        await using var server = await HavenServer.StartAsync(MailOn);
        var ua = await ActSeed.InsertAsync(server);
        using var client = server.CreateClient(language);
        var form = await client.GetAsync($"/act/7-26/write?target={ua.Target.Id}");
        var refused = await client.PostAsync("/act/7-26/write", LetterFields(form.Html, " ", "Tallinn", body: "Kept words.", country: "EE"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains(message, refused.Html, StringComparison.Ordinal);
        Assert.Contains("value=\"Tallinn\"", refused.Html, StringComparison.Ordinal);
        Assert.Contains("Kept words.", refused.Html, StringComparison.Ordinal);
        Assert.Contains("value=\"EE\" selected", refused.Html, StringComparison.Ordinal);

        var forged = LetterFields(form.Html, "Anna", "Tallinn").Select(f => f.Key == "Input.Token" ? new KeyValuePair<string, string>(f.Key, "forged") : f).ToList();
        var again = await client.PostAsync("/act/7-26/write", forged);
        Assert.Equal(HttpStatusCode.BadRequest, again.Status);
        Assert.Contains("id=\"error-Act-Error-Token\"", again.Html, StringComparison.Ordinal);
        Assert.Equal(0, await ua.QueuedAsync(server));

        // The new token the refusal carries works.
        var resent = await client.PostAsync("/act/7-26/write", LetterFields(again.Html, "Anna", "Tallinn"));
        Assert.Contains("id=\"thanks-queued\"", resent.Html, StringComparison.Ordinal);
        Assert.Equal(1, await ua.QueuedAsync(server));
    }

    [Fact]
    public async Task With_mail_off_only_i_sent_it_myself_is_offered_and_counted()
    {
        await using var server = await HavenServer.StartAsync();
        var ua = await ActSeed.InsertAsync(server);
        using var client = server.CreateClient();
        var page = await client.GetAsync("/act/7-26");
        Assert.DoesNotContain("href=\"/act/7-26/write", page.Html, StringComparison.Ordinal);
        var write = await client.GetAsync($"/act/7-26/write?target={ua.Target.Id}");
        Assert.Equal("/act/7-26/sent", write.Location.AbsolutePath);
        Assert.Contains("id=\"declare-form\"", write.Html, StringComparison.Ordinal);
        await DeclareAsync(client, "OwnEmail", country: "DE");
        Assert.Contains("Letters and messages so far: 1.", (await client.GetAsync("/act/7-26")).Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_moderated_action_holds_letters_and_shows_them_on_their_way()
    {
        await using var server = await HavenServer.StartAsync(MailOn);
        var ua = await ActSeed.InsertAsync(server, moderated: true);
        using var client = server.CreateClient();
        var sent = await SendLetterAsync(client, ua, "Anna", "Berlin");
        Assert.Contains("id=\"thanks-held\"", sent.Html, StringComparison.Ordinal);
        var declared = await DeclareAsync(client, "Post");
        Assert.Contains("id=\"thanks-held\"", declared.Html, StringComparison.Ordinal);
        Assert.Equal(0, await ua.QueuedAsync(server));
        Assert.Equal(0, await ua.CountAsync(server));
        Assert.Contains("And 2 more on their way.", (await client.GetAsync("/act/7-26")).Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disabled_act_answers_404_on_every_act_route_and_nothing_else_changes()
    {
        await using var server = await HavenServer.StartAsync([.. MailOn, "--Haven:Act:Enabled=false"]);
        var ua = await ActSeed.InsertAsync(server);
        using var client = server.CreateClient();
        foreach (var path in new[] { "/act", "/act/7-26", "/act/7-26?lang=ru", $"/act/7-26/write?target={ua.Target.Id}", "/act/7-26/sent", "/act/7-26/thanks", "/ACT/7-26" })
        {
            var page = await client.GetAsync(path);
            Assert.True(page.Status == HttpStatusCode.NotFound, $"{path}: {page.Status}");
            Assert.DoesNotContain("Journalist", page.Html, StringComparison.Ordinal);
        }

        var post = await client.PostAsync("/act/7-26/sent", [new("Input.Channel", "Post")]);
        Assert.Equal(HttpStatusCode.NotFound, post.Status);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).Status);
        Assert.Equal(0, await ua.CountAsync(server));
    }

    [Fact]
    public async Task With_a_host_name_act_answers_only_there_and_that_host_answers_nothing_else()
    {
        await using var server = await HavenServer.StartAsync([.. MailOn, $"--Haven:Act:Host={ActHostName}"]);
        var ua = await ActSeed.InsertAsync(server);
        using var client = server.CreateClient();

        Assert.Equal(HttpStatusCode.NotFound, (await GetOnHostAsync(client, null, "/act")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await GetOnHostAsync(client, null, "/act/7-26")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetOnHostAsync(client, null, "/")).StatusCode);

        var list = await GetOnHostAsync(client, ActHostName, "/act");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Contains("Journalist detained in Grozny", await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await GetOnHostAsync(client, ActHostName, "/act/7-26?lang=ru")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetOnHostAsync(client, ActHostName, $"/act/7-26/write?target={ua.Target.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetOnHostAsync(client, ActHostName, "/css/haven.css")).StatusCode);
        foreach (var path in new[] { "/", "/request", "/lang?c=ru&r=/", "/desk", "/desk/login", "/setup", "/health", "/figures", "/error/404" })
        {
            var response = await GetOnHostAsync(client, ActHostName, path);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path} on {ActHostName}: {response.StatusCode}");
            var html = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("quick-exit", html, StringComparison.Ordinal);
            Assert.DoesNotContain("/desk", html, StringComparison.Ordinal);
            Assert.Contains("href=\"/act\"", html, StringComparison.Ordinal);
        }
    }

    internal static List<KeyValuePair<string, string>> LetterFields(string html, string name, string town, string? body = null, string country = "")
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("__af", HavenClient.Hidden(html, "__af")!),
            new("Input.Target", HavenClient.Hidden(html, "Input.Target")!),
            new("Input.Language", HavenClient.Hidden(html, "Input.Language")!),
            new("Input.Token", HavenClient.Hidden(html, "Input.Token")!),
            new("Input.Name", name),
            new("Input.Town", town),
            new("Input.Country", country),
            new("Input.Subject", WebUtility.HtmlDecode(Regex.Match(html, "id=\"subject\" name=\"Input.Subject\" value=\"([^\"]*)\"").Groups[1].Value)),
            new("Input.Body", body ?? WebUtility.HtmlDecode(Regex.Match(html, "<textarea[^>]*>\\s*([^<]*)</textarea>").Groups[1].Value)),
        };
        return fields;
    }

    internal static List<KeyValuePair<string, string>> DeclarationFields(string html, string channel, string country = "", string target = "") =>
    [
        new("__af", HavenClient.Hidden(html, "__af")!),
        new("Input.Language", HavenClient.Hidden(html, "Input.Language")!),
        new("Input.Token", HavenClient.Hidden(html, "Input.Token")!),
        new("Input.Channel", channel),
        new("Input.Target", target),
        new("Input.Country", country),
    ];

    private static async Task<HavenClient.Page> SendLetterAsync(HavenClient client, ActSeed ua, string name, string town)
    {
        var form = await client.GetAsync($"/act/7-26/write?target={ua.Target.Id}");
        return await client.PostAsync("/act/7-26/write", LetterFields(form.Html, name, town));
    }

    private static async Task<HavenClient.Page> DeclareAsync(HavenClient client, string channel, string country = "")
    {
        var form = await client.GetAsync("/act/7-26/sent");
        return await client.PostAsync("/act/7-26/sent", DeclarationFields(form.Html, channel, country));
    }

    private static async Task<HttpResponseMessage> GetOnHostAsync(HavenClient client, string? host, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (host is not null)
        {
            request.Headers.Host = host;
        }

        return await client.Http.SendAsync(request);
    }

    [GeneratedRegex("(?:src|href|action|srcset)\\s*=\\s*\"(?:[a-z]+:)?//", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();
}
