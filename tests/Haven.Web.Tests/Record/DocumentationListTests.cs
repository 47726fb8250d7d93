using System.Net;
using System.Text.RegularExpressions;
using Haven.Accounts;
using Haven.Record.Events;
using Haven.Record.Keys;
using Haven.Record.Vocabulary;
using Haven.Web.Tests.Infrastructure;
using Haven.Web.Tests.Workflow;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Haven.Web.Tests.Record.DocumentationAccess;

namespace Haven.Web.Tests.Record;

/// <summary>
/// The documentation list page <c>/desk/record</c> (issue 15, point 3) over real HTTP, on coding written through
/// the Record commands: every filter narrows the list to exactly the acts it should, the counts are those of what
/// matched, paging keeps the filters, an analyst reads coding only (no narrative marker ever appears), only
/// documentation holders see it, bad filter values are a localized 400, labels follow the viewer's language.
/// </summary>
public sealed partial class DocumentationListTests
{
    private const string Torture = "Torture or ill-treatment";
    private const string Detention = "Arbitrary detention";
    private const string Abduction = "Abduction";
    private const string Threats = "Threats";

    [Fact]
    public async Task Each_filter_narrows_the_list_to_the_acts_it_names_with_the_counts_of_what_matched_and_an_analyst_sees_no_narrative()
    {
        await using var server = await HavenServer.StartAsync();
        var (analyst, events) = await SeedThreeEventsAsync(server);

        var all = await analyst.GetAsync("/desk/record");
        Assert.Equal(HttpStatusCode.OK, all.Status);
        Assert.Equal((4, 3, 3, 7), Counts(all.Html));

        // Newest first, unknown dates last (acts of one event in no meaningful order); each row names its event.
        Assert.Equal([Abduction, Detention], ActTypes(all.Html)[..2].Order(StringComparer.Ordinal));
        Assert.Equal([Torture, Threats], ActTypes(all.Html)[2..]);
        Assert.Equal([events[1], events[1], events[0], events[2]], EventLinks(all.Html));
        Assert.Contains("2017-03 (Month only)", all.Html, StringComparison.Ordinal);
        Assert.Contains("2019-06-14 (Exact day)", all.Html, StringComparison.Ordinal);
        Assert.Contains("Date unknown", all.Html, StringComparison.Ordinal);
        Assert.Contains("Russia › Chechnya", all.Html, StringComparison.Ordinal);
        Assert.Contains("<td>Ukraine</td>", all.Html, StringComparison.Ordinal);
        Assert.Contains("Military", all.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(ListScenario.Marker, all.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"pager\"", all.Html, StringComparison.Ordinal);

        var expected = new (string Query, string[] Acts, (int, int, int, int) Counts)[]
        {
            ("act=torture", [Torture], (1, 1, 1, 1)),
            ("region=RU", [Detention, Abduction, Torture], (3, 2, 3, 7)),
            ("region=RU-CE", [Torture], (1, 1, 1, 1)),
            ("region=UA", [Threats], (1, 1, 1, 1)),
            ("from=2018&to=2020", [Detention, Abduction], (2, 1, 2, 6)),
            ("from=2017-03-15", [Detention, Abduction, Torture], (3, 2, 3, 7)),
            ("to=2017-03-01", [Torture], (1, 1, 1, 1)),
            ("from=2017-04&to=2019-06-13", [], (0, 0, 0, 0)),
            ("perpetrator=police", [Torture], (1, 1, 1, 1)),
            ("perpetrator=state_security", [Abduction], (1, 1, 1, 5)),
            ("status=likely", [Detention, Abduction], (2, 1, 2, 6)),
            ("status=confirmed", [Torture], (1, 1, 1, 1)),
            ("reliability=4", [Torture, Threats], (2, 2, 1, 1)),
            ("reliability=5", [Threats], (1, 1, 1, 1)),
            ("corroborated=yes", [Torture], (1, 1, 1, 1)),
            ("corroborated=no", [Detention, Abduction, Threats], (3, 2, 3, 7)),
            ("region=RU&corroborated=no&perpetrator=military", [Detention], (1, 1, 1, 1)),
        };
        foreach (var (query, acts, counts) in expected)
        {
            var page = await analyst.GetAsync("/desk/record?" + query);
            Assert.True(page.Status == HttpStatusCode.OK, query);
            Assert.True(acts.Order(StringComparer.Ordinal).SequenceEqual(ActTypes(page.Html).Order(StringComparer.Ordinal)), $"{query}: {string.Join(", ", ActTypes(page.Html))}");
            Assert.True(counts == Counts(page.Html), $"{query}: {Counts(page.Html)}");
            Assert.Equal(acts.Length == 0, page.Html.Contains("id=\"empty\"", StringComparison.Ordinal));
            Assert.DoesNotContain(ListScenario.Marker, page.Html, StringComparison.Ordinal);
        }

        // The form shows what was asked.
        var asked = await analyst.GetAsync("/desk/record?act=torture&region=RU-CE&from=2017&corroborated=yes&reliability=3&status=confirmed&perpetrator=police");
        Assert.Contains("<option value=\"torture\" selected=\"selected\">", asked.Html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"RU-CE\" selected=\"selected\">", asked.Html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"police\" selected=\"selected\">", asked.Html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"confirmed\" selected=\"selected\">", asked.Html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"3\" selected=\"selected\">", asked.Html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"yes\" selected=\"selected\">", asked.Html, StringComparison.Ordinal);
        Assert.Contains("name=\"from\" id=\"filter-from\" value=\"2017\"", asked.Html, StringComparison.Ordinal);
        Assert.Equal([Torture], ActTypes(asked.Html));
    }

    [Fact]
    public async Task Paging_keeps_the_filters_and_a_page_past_the_last_is_refused()
    {
        await using var server = await HavenServer.StartAsync();
        await ListScenario.AddRegionsAsync(server);
        using var admin = await Accounts.Accounts.AdminAsync(server);
        var adminKeys = Session(server, HavenServer.AdminName);
        var (caseId, _) = await WorkflowDesk.OpenCaseAsync(server);
        var victims = await ListScenario.VictimsAsync(server, adminKeys, caseId, null, null);
        var killings = Enumerable.Range(0, 60).Select(_ => new PlannedAct("killing", 0, "dead", "military")).ToArray();
        var threats = Enumerable.Range(0, 45).Select(_ => new PlannedAct("threats", 1, null, "family")).ToArray();
        await ListScenario.EventAsync(server, adminKeys, caseId, victims, PartialDate.Create(DatePrecision.Year, 2018), null, "RU-CE", ViolationStatus.Likely, 3, null, killings);
        await ListScenario.EventAsync(server, adminKeys, caseId, victims, PartialDate.Create(DatePrecision.Year, 2020), null, "RU-DA", ViolationStatus.Likely, 3, null, threats);

        var first = await admin.GetAsync("/desk/record?act=killing&status=likely");
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal((60, 1, 1, 1), Counts(first.Html));
        Assert.Equal(50, ActTypes(first.Html).Count);
        Assert.All(ActTypes(first.Html), t => Assert.Equal("Killing", t));
        Assert.Contains("Page 1 of 2", first.Html, StringComparison.Ordinal);
        var next = Regex.Match(first.Html, "href=\"([^\"]+)\" rel=\"next\" id=\"page-next\"").Groups[1].Value.Replace("&amp;", "&", StringComparison.Ordinal);
        Assert.Equal("/desk/record?act=killing&status=likely&page=2", next);

        var second = await admin.GetAsync(next);
        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.Equal((60, 1, 1, 1), Counts(second.Html));
        Assert.Equal(10, ActTypes(second.Html).Count);
        Assert.All(ActTypes(second.Html), t => Assert.Equal("Killing", t));
        Assert.Contains("Page 2 of 2", second.Html, StringComparison.Ordinal);
        var previous = Regex.Match(second.Html, "href=\"([^\"]+)\" rel=\"prev\" id=\"page-prev\"").Groups[1].Value.Replace("&amp;", "&", StringComparison.Ordinal);
        Assert.Equal("/desk/record?act=killing&status=likely", previous);

        // Everything: 105 acts on three pages, the last with five.
        var last = await admin.GetAsync("/desk/record?page=3");
        Assert.Equal((105, 2, 2, 2), Counts(last.Html));
        Assert.Equal(5, ActTypes(last.Html).Count);

        foreach (var beyond in new[] { "/desk/record?page=4", "/desk/record?act=killing&page=3", "/desk/record?page=0", "/desk/record?page=-1", "/desk/record?page=two", "/desk/record?to=2017&page=2" })
        {
            var refused = await admin.GetAsync(beyond);
            Assert.True(refused.Status == HttpStatusCode.BadRequest, beyond);
            Assert.Contains("This page of the list does not exist.", refused.Html, StringComparison.Ordinal);
        }

        // An empty list has its one page.
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/desk/record?to=2017&page=1")).Status);
    }

    [Fact]
    public async Task A_filter_value_that_names_nothing_is_a_localized_400_with_the_form_as_typed()
    {
        await using var server = await HavenServer.StartAsync();
        await ListScenario.AddRegionsAsync(server);
        using var admin = await Accounts.Accounts.AdminAsync(server);
        using var russian = server.CreateClient("ru");
        server.Clock.Advance(TimeSpan.FromSeconds(30));
        await russian.LoginAsync(HavenServer.AdminName, HavenServer.AdminPassphrase, server.AdminCode());

        var cases = new (string Query, string English, string Russian)[]
        {
            ("act=beating", "This act type is not in the list.", "Такого вида деяния нет в списке."),
            ("act=police", "This act type is not in the list.", "Такого вида деяния нет в списке."),
            ("region=XX", "This place is not in the gazetteer.", "Такого места нет в справочнике мест."),
            ("from=2017-13", "A date is a year (2017), a month (2017-03) or a day (2017-03-14).", "Дата — это год (2017), месяц (2017-03) или день (2017-03-14)."),
            ("to=yesterday", "A date is a year (2017), a month (2017-03) or a day (2017-03-14).", "Дата — это год (2017), месяц (2017-03) или день (2017-03-14)."),
            ("from=2017-02-30", "A date is a year (2017), a month (2017-03) or a day (2017-03-14).", "Дата — это год (2017), месяц (2017-03) или день (2017-03-14)."),
            ("from=2020&to=2019-12-31", "The period ends before it starts.", "Период заканчивается раньше, чем начинается."),
            ("perpetrator=torture", "This perpetrator type is not in the list.", "Такого типа исполнителя нет в списке."),
            ("status=certain", "This violation status does not exist.", "Такого статуса нарушения нет."),
            ("reliability=6", "Reliability is a level from 1 to 5.", "Надёжность — это уровень от 1 до 5."),
            ("reliability=0", "Reliability is a level from 1 to 5.", "Надёжность — это уровень от 1 до 5."),
            ("reliability=high", "Reliability is a level from 1 to 5.", "Надёжность — это уровень от 1 до 5."),
            ("corroborated=maybe", "Corroborated is yes, no or any.", "«Подтверждено независимо» — это да, нет или любой."),
            ("page=0", "This page of the list does not exist.", "Такой страницы списка нет."),
            ("page=99999999999", "This page of the list does not exist.", "Такой страницы списка нет."),
        };
        foreach (var (query, english, ru) in cases)
        {
            var page = await admin.GetAsync("/desk/record?" + query + "&region=RU");
            Assert.True(page.Status == HttpStatusCode.BadRequest, $"{query}: {page.Status}");
            Assert.Contains(english, page.Html, StringComparison.Ordinal);
            Assert.Contains("id=\"filters\"", page.Html, StringComparison.Ordinal);
            Assert.DoesNotContain("id=\"acts\"", page.Html, StringComparison.Ordinal);

            var translated = await russian.GetAsync("/desk/record?" + query);
            Assert.True(translated.Status == HttpStatusCode.BadRequest, $"{query}: {translated.Status}");
            Assert.Contains(System.Net.WebUtility.HtmlEncode(ru).Replace("&#171;", "«", StringComparison.Ordinal).Replace("&#187;", "»", StringComparison.Ordinal), translated.Html, StringComparison.Ordinal);
        }

        // What was typed stays in the form.
        var typed = await admin.GetAsync("/desk/record?act=torture&from=2017-13&region=RU-CE");
        Assert.Contains("name=\"from\" id=\"filter-from\" value=\"2017-13\"", typed.Html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"torture\" selected=\"selected\">", typed.Html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"RU-CE\" selected=\"selected\">", typed.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_documentation_holders_see_the_list_and_a_grant_since_login_takes_effect_at_once()
    {
        await using var server = await HavenServer.StartAsync();
        var analyst = await Accounts.Accounts.AddResponderAsync(server, "Analyst", ResponderRole.Analyst);
        var coordinator = await Accounts.Accounts.AddResponderAsync(server, "Coordinator", ResponderRole.Coordinator);
        var worker = await Accounts.Accounts.AddResponderAsync(server, "Worker", ResponderRole.Caseworker);
        var second = await Accounts.Accounts.AddResponderAsync(server, "Second admin", ResponderRole.Admin);
        using var admin = await Accounts.Accounts.AdminAsync(server);
        var adminHome = await admin.GetAsync("/desk");
        Assert.Contains("id=\"nav-record\"", adminHome.Html, StringComparison.Ordinal);

        foreach (var responder in new[] { analyst, coordinator, worker })
        {
            using var client = server.CreateClient();
            await responder.LoginAsync(server, client);
            Assert.DoesNotContain("id=\"nav-record\"", (await client.GetAsync("/desk")).Html, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/desk/record")).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/desk/record?act=torture")).Status);
        }

        // Granted while logged in (not through the page that refreshes live sessions): the list opens them at once.
        using var analystClient = server.CreateClient();
        await analyst.LoginAsync(server, analystClient);
        Assert.Empty(Session(server, "Analyst").Documentation.Generations);
        Assert.Equal(DocumentationAccessOutcome.Done, await Keys(server).GrantAsync(analyst.Id, Session(server, HavenServer.AdminName), CancellationToken.None));
        var opened = await analystClient.GetAsync("/desk/record");
        Assert.Equal(HttpStatusCode.OK, opened.Status);
        Assert.Contains("id=\"counts\"", opened.Html, StringComparison.Ordinal);
        Assert.Contains("id=\"nav-record\"", opened.Html, StringComparison.Ordinal);
        Assert.Contains("No documented act matches these filters.", opened.Html, StringComparison.Ordinal);

        // Revoked: the list is gone for the same session.
        Assert.Equal(DocumentationAccessOutcome.Done, await Keys(server).RevokeAsync(analyst.Id, Session(server, HavenServer.AdminName), CancellationToken.None));
        Assert.Equal(HttpStatusCode.NotFound, (await analystClient.GetAsync("/desk/record")).Status);

        // An administrator who does not hold the key is told so, and sees no list.
        using var secondClient = server.CreateClient();
        await second.LoginAsync(server, secondClient);
        var notHolder = await secondClient.GetAsync("/desk/record");
        Assert.Equal(HttpStatusCode.OK, notHolder.Status);
        Assert.Contains("id=\"not-holder\"", notHolder.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"counts\"", notHolder.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_administrator_who_opens_the_list_on_an_instance_without_a_documentation_key_creates_it()
    {
        await using var server = await HavenServer.StartAsync();
        await using (var db = Db(server))
        {
            await db.DocumentationKeySeals.ExecuteDeleteAsync();
            await db.DocumentationKeys.ExecuteDeleteAsync();
        }

        using var admin = await Accounts.Accounts.AdminAsync(server);
        Assert.Empty(Session(server, HavenServer.AdminName).Documentation.Generations);
        var page = await admin.GetAsync("/desk/record");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("id=\"counts\"", page.Html, StringComparison.Ordinal);
        Assert.Equal(1, (await Keys(server).CurrentAsync(CancellationToken.None))!.Value.Generation);
        Assert.Equal([1], Session(server, HavenServer.AdminName).Documentation.Generations);
        Assert.Equal([1], await SealedGenerationsAsync(server, Session(server, HavenServer.AdminName).Id));
        Assert.Single(await Accounts.Accounts.AuditAsync(server), e => e.Action == DocumentationKeys.CreatedAction);
    }

    [Fact]
    public async Task Labels_follow_the_viewers_language_and_a_retired_term_is_still_shown_by_its_label()
    {
        await using var server = await HavenServer.StartAsync();
        var (_, _) = await SeedThreeEventsAsync(server);
        Assert.Equal(VocabularyOutcome.None, await server.Services.GetRequiredService<RetireTermCommand>().ExecuteAsync(TermList.ActType, "torture", true, Session(server, HavenServer.AdminName), CancellationToken.None));

        using var russian = server.CreateClient("ru");
        server.Clock.Advance(TimeSpan.FromSeconds(30));
        await russian.LoginAsync(HavenServer.AdminName, HavenServer.AdminPassphrase, server.AdminCode());
        var page = await russian.GetAsync("/desk/record");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(["Похищение", "Произвольное задержание", "Пытки или жестокое обращение", "Угрозы"], [.. ActTypes(page.Html)[..2].Order(StringComparer.Ordinal), .. ActTypes(page.Html)[2..]]);
        foreach (var text in new[] { "Задокументированные деяния", "Россия › Чечня", "Украина", "Полиция", "Освобождён(а)", "Подтверждено", "Точная дата", "Деяния", "Лучшая надёжность", "Показать" })
        {
            Assert.Contains(text, page.Html, StringComparison.Ordinal);
        }

        Assert.Matches("<a [^>]*id=\"nav-record\"[^>]*>Документация</a>", page.Html);
        Assert.Contains("<option value=\"torture\">Пытки или жестокое обращение</option>", page.Html, StringComparison.Ordinal);
        Assert.Equal(["Пытки или жестокое обращение"], ActTypes((await russian.GetAsync("/desk/record?act=torture")).Html));
    }

    /// <summary>
    /// Three events of one case, written by the administrator, and an analyst granted documentation access and
    /// logged in (holding no case key):
    /// 1. March 2017 in Chechnya, confirmed, the case (reliability 4) and an outside source (3): torture of victim 0, held, by the police;
    /// 2. 14 June 2019 in Dagestan, likely, the case (2): detention of victim 1, released, by the military; abduction of victim 2 (a group of five), missing, by state security;
    /// 3. date unknown, in Ukraine, possible, the case (5): threats against victim 0 by family.
    /// </summary>
    private static async Task<(HavenClient Analyst, string[] Events)> SeedThreeEventsAsync(HavenServer server)
    {
        await ListScenario.AddRegionsAsync(server);
        var (caseId, _) = await WorkflowDesk.OpenCaseAsync(server);
        using var admin = await Accounts.Accounts.AdminAsync(server);
        var adminKeys = Session(server, HavenServer.AdminName);
        var victims = await ListScenario.VictimsAsync(server, adminKeys, caseId, null, null, 5);
        string[] events =
        [
            await ListScenario.EventAsync(server, adminKeys, caseId, victims, PartialDate.Create(DatePrecision.Month, 2017, 3), null, "RU-CE", ViolationStatus.Confirmed, 4, 3, new PlannedAct("torture", 0, "held", "police")),
            await ListScenario.EventAsync(server, adminKeys, caseId, victims, PartialDate.Create(DatePrecision.Day, 2019, 6, 14), null, "RU-DA", ViolationStatus.Likely, 2, null, new PlannedAct("arbitrary_detention", 1, "released", "military"), new PlannedAct("abduction", 2, "missing", "state_security")),
            await ListScenario.EventAsync(server, adminKeys, caseId, victims, null, null, "UA", ViolationStatus.Possible, 5, null, new PlannedAct("threats", 0, null, "family")),
        ];

        var analyst = await Accounts.Accounts.AddResponderAsync(server, "Analyst", ResponderRole.Analyst);
        Assert.Equal(DocumentationAccessOutcome.Done, await Keys(server).GrantAsync(analyst.Id, adminKeys, CancellationToken.None));
        var client = server.CreateClient();
        await analyst.LoginAsync(server, client);
        await using var db = Db(server);
        Assert.Empty(await db.CaseKeySeals.Where(s => s.ResponderId == analyst.Id).ToListAsync());
        return (client, events);
    }

    /// <summary>The counts of acts, events, victims and people the page shows.</summary>
    private static (int Acts, int Events, int Victims, int People) Counts(string html)
    {
        int Count(string name) => int.Parse(Regex.Match(html, $"<dd id=\"count-{name}\">([0-9]+)</dd>").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        return (Count("acts"), Count("events"), Count("victims"), Count("people"));
    }

    /// <summary>The act type label of every row, in order.</summary>
    private static List<string> ActTypes(string html) => [.. Row().Matches(html).Select(m => System.Net.WebUtility.HtmlDecode(m.Groups["type"].Value))];

    /// <summary>The event of every row, in order (its link goes to the event page, /Desk/Record/Event, once that page is merged).</summary>
    private static List<string> EventLinks(string html) => [.. Row().Matches(html).Select(m => m.Groups["event"].Value)];

    [GeneratedRegex("<tr id=\"act-[0-9a-f]+\" data-event=\"(?<event>[0-9a-f]+)\">\\s*<td>(?:\\s*<input[^>]*>)?\\s*</td>\\s*<td><a[^>]*>[^<]*</a></td>\\s*<td>[^<]*</td>\\s*<td>(?<type>[^<]*)</td>")]
    private static partial Regex Row();
}
