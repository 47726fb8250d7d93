using System.Net;
using Haven.Accounts;
using Haven.Figures;
using Haven.Figures.Releases;
using Haven.Figures.Tables;
using Haven.Web.Tests.Infrastructure;
using static Haven.Web.Tests.Figures.FigureDesk;
using static Haven.Web.Tests.Record.DocumentationAccess;

namespace Haven.Web.Tests.Figures;

/// <summary>
/// The desk's figure pages (issue 17, points 3 and 5) over real HTTP, on coding written through the Record
/// commands: an analyst previews a figure and sees its chart, every count's true value beside what will be
/// published and why it was protected, and the audit; prepares it; cannot approve it; an administrator approves it
/// and it is public; it is withdrawn with a reason; a correction is a new version with what changed. Malformed or
/// hostile input is a localized 4xx with the form as typed; a caseworker or coordinator finds nothing.
/// </summary>
public sealed class FigureDeskTests
{
    [Fact]
    public async Task An_analyst_previews_and_prepares_a_figure_cannot_approve_it_and_an_administrator_publishes_then_withdraws_it()
    {
        await using var server = await HavenServer.StartAsync();
        var (analystAccount, _, _) = await SeedAsync(server);
        using var analyst = await LoginAsync(server, analystAccount);
        Assert.Contains("id=\"nav-figures\"", (await analyst.GetAsync("/desk")).Html, StringComparison.Ordinal);
        var empty = await analyst.GetAsync("/desk/figures");
        Assert.Equal(HttpStatusCode.OK, empty.Status);
        Assert.Contains("id=\"empty\"", empty.Html, StringComparison.Ordinal);

        // The preview: the chart, the true counts beside what will be published, why each was protected, the audit.
        var preview = await analyst.GetAsync(ByTypeAndCountry);
        Assert.Equal(HttpStatusCode.OK, preview.Status);
        Assert.Contains("<svg", preview.Html, StringComparison.Ordinal);
        var rows = RowLabels(preview.Html);
        var (threats, killing) = (rows.IndexOf("Threats"), rows.IndexOf("Killing"));
        Assert.True(threats >= 0 && killing >= 0, string.Join(", ", rows));
        var cells = Cells(preview.Html);
        Assert.Equal(new ShownCell($"cell-{killing}-0", "15", "15", "none"), cells[$"cell-{killing}-0"]);
        Assert.Equal(new ShownCell($"cell-{killing}-1", "0", "0", "none"), cells[$"cell-{killing}-1"]);
        Assert.Equal(new ShownCell($"cell-{threats}-1", "3", "1–10", "primary"), cells[$"cell-{threats}-1"]);
        Assert.Equal(new ShownCell("cell-t-1", "3", "1–10", "primary"), cells["cell-t-1"]);
        Assert.Equal("30", cells["cell-t-t"].True);
        Assert.Contains(cells.Values, c => c.Reason == "secondary" && c.Published == "suppressed");
        Assert.DoesNotContain(cells.Values, c => c.Reason == "none" && c.Published is "suppressed" or "1–10");
        Assert.Contains("too few to publish (from 1 to 10)", preview.Html, StringComparison.Ordinal);
        Assert.Contains("id=\"audit-result\" class=\"notice\"", preview.Html, StringComparison.Ordinal);
        Assert.Contains("<td>Threats × Ukraine</td>", preview.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(Record.ListScenario.Marker, preview.Html, StringComparison.Ordinal);
        Assert.Empty(await ReleasesAsync(server));

        // Prepared: stored for a second person, with its basis sealed and no true count in plaintext.
        var prepared = await PrepareAsync(analyst, ByTypeAndCountry, Field("titles[en]", "Acts by type and country"), Field("titles[ru]", "Деяния по видам и странам"));
        Assert.Equal(HttpStatusCode.OK, prepared.Status);
        Assert.Equal("/desk/figures/1/v/1", prepared.Location.AbsolutePath);
        Assert.Contains("data-status=\"prepared\"", prepared.Html, StringComparison.Ordinal);
        Assert.Contains("id=\"own-release\"", prepared.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"approve\"", prepared.Html, StringComparison.Ordinal);
        Assert.Equal("3", Cells(prepared.Html)[$"cell-{threats}-1"].True);
        var release = Assert.Single(await ReleasesAsync(server));
        Assert.Equal((1, 1, FigureReleaseStatus.Prepared, analystAccount.Id), (release.Number, release.Version, release.Status, release.PreparedBy));
        var published = FiguresJson.FromJson<PublishedTable>(release.Published)!;
        Assert.Equal(PublishedCount.Band(1, 10), published.Cells[threats][1]);
        Assert.DoesNotMatch("\"value\":3[,}]", release.Published);
        Assert.DoesNotMatch("\"value\":3[,}]", release.Audit);
        var waiting = await analyst.GetAsync("/desk/figures");
        Assert.Contains("id=\"waiting-list\"", waiting.Html, StringComparison.Ordinal);
        Assert.Contains($"id=\"release-{release.Id}\"", waiting.Html, StringComparison.Ordinal);

        // The same analyst cannot approve it, even by sending the form: a page that says so, nothing changed.
        var refused = await ActAsync(analyst, 1, 1, "approve");
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Contains("You prepared this version, so you cannot approve it", refused.Html, StringComparison.Ordinal);
        Assert.Equal(FigureReleaseStatus.Prepared, Assert.Single(await ReleasesAsync(server)).Status);

        // An administrator approves it: public.
        using var admin = await AdminAsync(server);
        var toApprove = await admin.GetAsync("/desk/figures/1/v/1");
        Assert.Contains("id=\"approve\"", toApprove.Html, StringComparison.Ordinal);
        Assert.Contains("Analyst", toApprove.Html, StringComparison.Ordinal);
        var approved = await ActAsync(admin, 1, 1, "approve");
        Assert.Equal(HttpStatusCode.OK, approved.Status);
        Assert.Contains("data-status=\"published\"", approved.Html, StringComparison.Ordinal);
        Assert.Contains("id=\"notice\"", approved.Html, StringComparison.Ordinal);
        release = Assert.Single(await ReleasesAsync(server));
        Assert.Equal((FigureReleaseStatus.Published, Session(server, HavenServer.AdminName).Id), (release.Status, release.ApprovedBy));
        using (var reader = server.CreateClient())
        {
            var pub = await reader.GetAsync("/figures/1");
            Assert.Equal(HttpStatusCode.OK, pub.Status);
            Assert.Contains("Acts by type and country", pub.Html, StringComparison.Ordinal);
            Assert.Contains("1–10", pub.Html, StringComparison.Ordinal);
            Assert.DoesNotContain("data-true", pub.Html, StringComparison.Ordinal);
        }

        // Withdrawn: a reason is required, and it is public.
        var noReason = await ActAsync(admin, 1, 1, "withdraw", new KeyValuePair<string, string>("reason", "  "));
        Assert.Equal(HttpStatusCode.BadRequest, noReason.Status);
        Assert.Contains("Say why it is withdrawn", noReason.Html, StringComparison.Ordinal);
        var withdrawn = await ActAsync(analyst, 1, 1, "withdraw", new KeyValuePair<string, string>("reason", "Two events were coded twice."));
        Assert.Equal(HttpStatusCode.OK, withdrawn.Status);
        Assert.Contains("data-status=\"withdrawn\"", withdrawn.Html, StringComparison.Ordinal);
        Assert.Contains("Two events were coded twice.", withdrawn.Html, StringComparison.Ordinal);
        release = Assert.Single(await ReleasesAsync(server));
        Assert.Equal((FigureReleaseStatus.Withdrawn, "Two events were coded twice."), (release.Status, release.WithdrawnReason));

        var audit = await Accounts.Accounts.AuditAsync(server);
        Assert.Equal([FigureActions.Prepared, FigureActions.Published, FigureActions.Withdrawn], audit.Where(e => e.Action.StartsWith("figure.", StringComparison.Ordinal)).Select(e => e.Action));
        Assert.All(audit.Where(e => e.Action.StartsWith("figure.", StringComparison.Ordinal)), e => Assert.Equal(release.Id, e.SubjectId));
    }

    [Fact]
    public async Task A_correction_is_a_new_version_that_says_what_changed_and_is_audited_against_the_earlier_one()
    {
        await using var server = await HavenServer.StartAsync();
        var (analystAccount, caseId, victims) = await SeedAsync(server);
        using var analyst = await LoginAsync(server, analystAccount);
        using var admin = await AdminAsync(server);
        await PrepareAsync(analyst, ByTypeAndCountry, Field("titles[en]", "Acts by type and country"));
        Assert.Equal(HttpStatusCode.OK, (await ActAsync(admin, 1, 1, "approve")).Status);

        // One more event; the correction starts from the published definition.
        var adminKeys = Session(server, HavenServer.AdminName);
        await Record.ListScenario.EventAsync(server, adminKeys, caseId, victims, Haven.Record.Events.PartialDate.Create(Haven.Record.Vocabulary.DatePrecision.Year, 2020), null, "UA", Haven.Record.Vocabulary.ViolationStatus.Likely, 3, null, [.. Enumerable.Repeat(new Record.PlannedAct("killing", 2, "dead", "military"), 20)]);
        var page = await analyst.GetAsync("/desk/figures/1/v/1");
        Assert.Contains("href=\"/desk/figures/new?number=1\" id=\"correct\"", page.Html, StringComparison.Ordinal);
        var form = await analyst.GetAsync("/desk/figures/new?number=1");
        Assert.Equal(HttpStatusCode.OK, form.Status);
        Assert.Contains("Correction of figure 1", form.Html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"act_type\" selected=\"selected\">", form.Html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"acts\" selected=\"selected\">", form.Html, StringComparison.Ordinal);

        var correction = ByTypeAndCountry + "&number=1";
        var preview = await analyst.GetAsync(correction);
        Assert.Equal(HttpStatusCode.OK, preview.Status);
        Assert.Contains("id=\"earlier-note\"", preview.Html, StringComparison.Ordinal);
        var killing = RowLabels(preview.Html).IndexOf("Killing");
        Assert.Equal("20", Cells(preview.Html)[$"cell-{killing}-1"].True);

        // Without what changed: refused, the titles kept.
        var noNote = await PrepareAsync(analyst, correction, Field("titles[en]", "Acts by type and country, corrected"));
        Assert.Equal(HttpStatusCode.BadRequest, noNote.Status);
        Assert.Contains("Say what changed since the previous version", noNote.Html, StringComparison.Ordinal);
        Assert.Contains("value=\"Acts by type and country, corrected\"", noNote.Html, StringComparison.Ordinal);
        Assert.Single(await ReleasesAsync(server));

        var prepared = await PrepareAsync(analyst, correction, Field("titles[en]", "Acts by type and country"), Field("changeNote", "An event of 2020 in Ukraine was added."));
        Assert.Equal("/desk/figures/1/v/2", prepared.Location.AbsolutePath);
        Assert.Contains("An event of 2020 in Ukraine was added.", prepared.Html, StringComparison.Ordinal);

        // Only one version waits at a time.
        var second = await PrepareAsync(analyst, correction, Field("titles[en]", "Again"), Field("changeNote", "Again."));
        Assert.Equal(HttpStatusCode.Conflict, second.Status);
        Assert.Contains("href=\"/desk/figures/1/v/2\" id=\"to-waiting\"", second.Html, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await ActAsync(admin, 1, 2, "approve")).Status);
        var releases = await ReleasesAsync(server);
        Assert.Equal([(1, 1), (1, 2)], releases.Select(r => (r.Number, r.Version)));
        Assert.Equal(FigureReleaseStatus.Published, releases[1].Status);
        Assert.Equal("An event of 2020 in Ukraine was added.", releases[1].ChangeNote);
        var v2 = await admin.GetAsync("/desk/figures/1/v/2");
        Assert.Contains("id=\"version-1\"", v2.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_discarded_version_is_not_published_and_the_next_figure_takes_the_next_number()
    {
        await using var server = await HavenServer.StartAsync();
        var (analystAccount, _, _) = await SeedAsync(server);
        using var analyst = await LoginAsync(server, analystAccount);
        using var admin = await AdminAsync(server);
        await PrepareAsync(analyst, ByTypeAndCountry, Field("titles[en]", "First"));
        var discarded = await ActAsync(admin, 1, 1, "discard");
        Assert.Equal(HttpStatusCode.OK, discarded.Status);
        Assert.Contains("data-status=\"discarded\"", discarded.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, (await ActAsync(admin, 1, 1, "approve")).Status);
        Assert.Equal(FigureReleaseStatus.Discarded, Assert.Single(await ReleasesAsync(server)).Status);

        var next = await PrepareAsync(analyst, "/desk/figures/new?unit=events&rows=year&show=1", Field("titles[en]", "Events by year"));
        Assert.Equal("/desk/figures/2/v/1", next.Location.AbsolutePath);
    }

    [Fact]
    public async Task Malformed_or_hostile_input_is_a_localized_4xx_with_the_form_as_typed()
    {
        await using var server = await HavenServer.StartAsync();
        var (analystAccount, _, _) = await SeedAsync(server);
        using var analyst = await LoginAsync(server, analystAccount);
        using var russian = await LoginAsync(server, analystAccount, "ru");

        var cases = new (string Query, string English, string Russian)[]
        {
            ("unit=people&rows=year", "This is not something a figure can count.", "Таблица не может считать такое."),
            ("unit=acts", "Choose what the rows are.", "Выберите, что будет в строках."),
            ("rows=week", "A figure cannot be cut that way.", "Таблицу нельзя разбить таким образом."),
            ("rows=" + new string('x', 5000), "A figure cannot be cut that way.", "Таблицу нельзя разбить таким образом."),
            ("rows=month&columns=year", "Rows and columns must be cut by different things.", "Строки и столбцы должны быть разбиты по разным признакам."),
            ("rows=year&status=certain", "This violation status does not exist.", "Такого статуса нарушения нет."),
            ("rows=year&reliability=9", "Reliability is a level from 1 to 5.", "Надёжность — это уровень от 1 до 5."),
            ("rows=year&reliability=high", "Reliability is a level from 1 to 5.", "Надёжность — это уровень от 1 до 5."),
            ("rows=year&corroborated=maybe", "is ticked or not.", "либо отмечено, либо нет."),
            ("rows=year&from=2017-13", "A date is a year (2017), a month (2017-03) or a day (2017-03-14).", "Дата — это год (2017), месяц (2017-03) или день (2017-03-14)."),
            ("rows=year&from=%3Cscript%3E", "A date is a year (2017), a month (2017-03) or a day (2017-03-14).", "Дата — это год (2017), месяц (2017-03) или день (2017-03-14)."),
            ("rows=year&from=2020&to=2019", "The period ends before it starts.", "Период заканчивается раньше, чем начинается."),
            ("rows=year&number=abc", "This is not the number of a figure.", "Это не номер таблицы."),
            ("rows=year&number=0", "This is not the number of a figure.", "Это не номер таблицы."),
        };
        foreach (var (query, english, ru) in cases)
        {
            var page = await analyst.GetAsync("/desk/figures/new?show=1&" + query);
            Assert.True(page.Status == HttpStatusCode.BadRequest, $"{query}: {page.Status}");
            Assert.Contains(english, page.Html, StringComparison.Ordinal);
            Assert.Contains("id=\"definition\"", page.Html, StringComparison.Ordinal);
            Assert.DoesNotContain("id=\"preview-section\"", page.Html, StringComparison.Ordinal);
            Assert.DoesNotContain("<script", page.Html, StringComparison.OrdinalIgnoreCase);

            var translated = await russian.GetAsync("/desk/figures/new?show=1&" + query);
            Assert.True(translated.Status == HttpStatusCode.BadRequest, $"{query}: {translated.Status}");
            Assert.Contains(WebUtility.HtmlEncode(ru), translated.Html.Replace("«", "&#xAB;", StringComparison.Ordinal).Replace("»", "&#xBB;", StringComparison.Ordinal), StringComparison.Ordinal);
        }

        // What was typed stays in the form.
        var typed = await analyst.GetAsync("/desk/figures/new?show=1&unit=events&rows=month&columns=region&status=likely&from=2017-13&to=2019");
        Assert.Contains("<option value=\"events\" selected=\"selected\">", typed.Html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"month\" selected=\"selected\">", typed.Html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"region\" selected=\"selected\">", typed.Html, StringComparison.Ordinal);
        Assert.Contains("id=\"status-likely\" checked=\"checked\"", typed.Html, StringComparison.Ordinal);
        Assert.Contains("name=\"from\" id=\"from\" value=\"2017-13\"", typed.Html, StringComparison.Ordinal);
        Assert.Contains("name=\"to\" id=\"to\" value=\"2019\"", typed.Html, StringComparison.Ordinal);

        // A figure that does not exist, a version that does not exist.
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.GetAsync("/desk/figures/new?number=7")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.GetAsync("/desk/figures/7/v/1")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.GetAsync("/desk/figures/1/v/abc")).Status);

        // The prepare form: a forged release id, a title too long, no English title, no anti-forgery token.
        var preview = await analyst.GetAsync(ByTypeAndCountry);
        var fields = PrepareFields(preview.Html);
        var forged = await analyst.PostAsync("/desk/figures/new?handler=prepare", [.. fields.Where(f => f.Key != "releaseId"), new("releaseId", "../../etc"), new("titles[en]", "Kept title")]);
        Assert.Equal(HttpStatusCode.BadRequest, forged.Status);
        Assert.Contains("The form was not sent whole.", forged.Html, StringComparison.Ordinal);
        Assert.Contains("value=\"Kept title\"", forged.Html, StringComparison.Ordinal);
        var longTitle = await analyst.PostAsync("/desk/figures/new?handler=prepare", [.. fields, new("titles[en]", new string('a', 201)), new("titles[ru]", "Оставлено")]);
        Assert.Equal(HttpStatusCode.BadRequest, longTitle.Status);
        Assert.Contains("A title is at most 200 characters.", longTitle.Html, StringComparison.Ordinal);
        Assert.Contains("value=\"Оставлено\"", longTitle.Html, StringComparison.Ordinal);
        Assert.Contains("id=\"preview-section\"", longTitle.Html, StringComparison.Ordinal);
        var noTitle = await analyst.PostAsync("/desk/figures/new?handler=prepare", [.. fields, new("titles[ru]", "Только по-русски")]);
        Assert.Equal(HttpStatusCode.BadRequest, noTitle.Status);
        Assert.Contains("Give the figure a title in English.", noTitle.Html, StringComparison.Ordinal);
        Assert.Contains("value=\"Только по-русски\"", noTitle.Html, StringComparison.Ordinal);
        var badDefinition = await analyst.PostAsync("/desk/figures/new?handler=prepare", [.. fields.Where(f => f.Key != "rows"), new("rows", "week"), new("titles[en]", "T")]);
        Assert.Equal(HttpStatusCode.BadRequest, badDefinition.Status);
        Assert.Contains("A figure cannot be cut that way.", badDefinition.Html, StringComparison.Ordinal);
        Assert.Contains("value=\"T\"", badDefinition.Html, StringComparison.Ordinal);
        var noToken = await analyst.PostAsync("/desk/figures/new?handler=prepare", [.. fields.Where(f => f.Key != "__af"), new("titles[en]", "T")]);
        Assert.Equal(HttpStatusCode.BadRequest, noToken.Status);
        Assert.Empty(await ReleasesAsync(server));
        Assert.DoesNotContain(server.Logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Only_administrators_and_analysts_see_the_figures_and_only_key_holders_prepare()
    {
        await using var server = await HavenServer.StartAsync();
        var (analystAccount, _, _) = await SeedAsync(server);
        using var analyst = await LoginAsync(server, analystAccount);
        await PrepareAsync(analyst, ByTypeAndCountry, Field("titles[en]", "Acts by type and country"));

        foreach (var role in new[] { ResponderRole.Caseworker, ResponderRole.Coordinator })
        {
            var account = await Accounts.Accounts.AddResponderAsync(server, role.ToString(), role);
            using var client = await LoginAsync(server, account);
            Assert.DoesNotContain("id=\"nav-figures\"", (await client.GetAsync("/desk")).Html, StringComparison.Ordinal);
            foreach (var path in new[] { "/desk/figures", "/desk/figures/new", ByTypeAndCountry, "/desk/figures/1/v/1" })
            {
                Assert.True((await client.GetAsync(path)).Status == HttpStatusCode.NotFound, $"{role} {path}");
            }

            var token = HavenClient.Hidden((await client.GetAsync("/desk")).Html, "__af")!;
            Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/desk/figures/1/v/1?handler=approve", [new("__af", token)])).Status);
        }

        Assert.Equal(FigureReleaseStatus.Prepared, Assert.Single(await ReleasesAsync(server)).Status);

        // An analyst without the documentation key is told so on the form, sees no true count, and may approve.
        var second = await Accounts.Accounts.AddResponderAsync(server, "Second analyst", ResponderRole.Analyst);
        using var secondClient = await LoginAsync(server, second);
        var form = await secondClient.GetAsync(ByTypeAndCountry);
        Assert.Equal(HttpStatusCode.OK, form.Status);
        Assert.Contains("id=\"not-holder\"", form.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-true", form.Html, StringComparison.Ordinal);
        var release = await secondClient.GetAsync("/desk/figures/1/v/1");
        Assert.Contains("id=\"no-basis\"", release.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-true", release.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await ActAsync(secondClient, 1, 1, "approve")).Status);
        Assert.Equal(FigureReleaseStatus.Published, Assert.Single(await ReleasesAsync(server)).Status);
    }
}
