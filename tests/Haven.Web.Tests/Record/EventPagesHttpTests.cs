using System.Net;
using System.Text.RegularExpressions;
using Haven.Accounts;
using Haven.Crypto;
using Haven.Record.Keys;
using Haven.Record.Vocabulary;
using Haven.Web.Tests.Cli;
using Haven.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Haven.Web.Tests.Record.DocumentationAccess;

namespace Haven.Web.Tests.Record;

/// <summary>
/// The desk pages of events and victims (issue 15, point 3) over real HTTP: an event created from a case and
/// pre-filled from a testimony; the event page as a holder of the case, a coding-only analyst and a caseworker
/// without the case see it; versions and their history; a stale form; bad input refused with a localized 400
/// that keeps what was typed; every write audited; the pages in Russian.
/// </summary>
public sealed class EventPagesHttpTests
{
    [Fact]
    public async Task An_event_created_from_a_testimony_is_pre_filled_from_the_answers_and_saved_with_its_victims_as_typed()
    {
        await using var server = await HavenServer.StartAsync();
        var (admin, caseId, testimonyId) = await TestimonyCaseAsync(server);

        var form = await admin.GetAsync($"/desk/record/events/new?case={caseId}&testimony={testimonyId}");
        Assert.Equal(HttpStatusCode.OK, form.Status);
        Assert.Contains("id=\"prefilled\"", form.Html, StringComparison.Ordinal);
        Assert.Contains("A pseudonym only, never a name.", form.Html, StringComparison.Ordinal);
        var fields = EventForms.Fields(form.Html, "event-form");
        Assert.Equal("2017-03", fields.Value("Input.Start"));
        Assert.Equal("RU-CE", fields.Value("Input.Region"));
        Assert.Equal("victim", fields.Value("Input.Connection"));
        Assert.Equal(("The person who told", "Individual"), (fields.Value("Input.NewVictims[0].Pseudonym"), fields.Value("Input.NewVictims[0].Unit")));
        Assert.Equal(("Others", "Group", "2"), (fields.Value("Input.NewVictims[1].Pseudonym"), fields.Value("Input.NewVictims[1].Unit"), fields.Value("Input.NewVictims[1].GroupSize")));
        Assert.Equal(["arbitrary_detention", "arbitrary_detention", "torture", "torture", ""], Enumerable.Range(0, 5).Select(i => fields.Value($"Input.Acts[{i}].Type")));
        Assert.Equal(fields.Value("Input.NewVictims[0].Id"), fields.Value("Input.Acts[0].Victim"));
        Assert.Equal(fields.Value("Input.NewVictims[1].Id"), fields.Value("Input.Acts[1].Victim"));
        Assert.Equal(("police", "suspected"), (fields.Value("Input.Acts[0].Involvements[0].Perpetrator"), fields.Value("Input.Acts[0].Involvements[0].Degree")));

        // The responder changes what they see fit before saving.
        fields.With("Input.Title", "Night detention in Grozny").With("Input.NewVictims[0].Pseudonym", "Bird").With("Input.Reliability", "4").With("Input.Acts[2].Type", "");
        var saved = await admin.PostAsync(EventForms.Action(form.Html, "event-form"), fields);
        Assert.Equal(HttpStatusCode.OK, saved.Status);
        var eventId = Assert.Single(Regex.Matches(saved.Location.AbsolutePath, "^/desk/record/events/([0-9a-f]{32})$")).Groups[1].Value;
        var html = WebUtility.HtmlDecode(saved.Html);
        Assert.Contains("Night detention in Grozny", html, StringComparison.Ordinal);
        Assert.Contains("2017-03 (Month only)", html, StringComparison.Ordinal);
        Assert.Contains("Russia › Chechnya", html, StringComparison.Ordinal);
        Assert.Contains("Bird (One person)", html, StringComparison.Ordinal);
        Assert.Contains("Others (group of 2)", html, StringComparison.Ordinal);
        Assert.Equal(3, Regex.Count(html, "class=\"act\""));
        Assert.Contains("Police · Suspected", html, StringComparison.Ordinal);
        Assert.Contains("Corroborated by 1 independent source", html, StringComparison.Ordinal);
        Assert.Contains("4 · Reliable", html, StringComparison.Ordinal);

        Assert.Equal(2, await server.CountAsync(db => db.AuditEntries.Where(e => e.Action == "record.victim_created")));
        Assert.Equal(1, await server.CountAsync(db => db.AuditEntries.Where(e => e.Action == "record.event_created")));

        // The case page lists what is documented from it.
        var casePage = WebUtility.HtmlDecode((await admin.GetAsync($"/desk/case/{caseId}")).Html);
        Assert.Contains($"<a href=\"/desk/record/events/{eventId}\"><bdi>Night detention in Grozny</bdi></a>", casePage, StringComparison.Ordinal);
        Assert.Contains("Bird (One person)", casePage, StringComparison.Ordinal);
        Assert.Contains($"href=\"/desk/record/events/new?case={caseId}\"", casePage, StringComparison.Ordinal);

        // Sending the same form again stores nothing more.
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync(EventForms.Action(form.Html, "event-form"), fields)).Status);
        Assert.Equal(3, await server.CountAsync(db => db.RecordVersions));
    }

    [Fact]
    public async Task The_event_page_shows_a_holder_everything_an_analyst_the_coding_only_and_a_caseworker_without_the_case_nothing()
    {
        await using var server = await HavenServer.StartAsync();
        using var admin = server.CreateClient();
        var written = await CaseScenario.WriteAsync(server, admin, new CaseTexts("what happened to me", ["testimony"], "signal", "we read you", null));

        // No gazetteer yet: the form says so and leads administrators to it.
        var form = await admin.GetAsync($"/desk/record/events/new?case={written.CaseId}");
        Assert.Contains("id=\"no-gazetteer\"", form.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"/desk/record/gazetteer\"", form.Html, StringComparison.Ordinal);
        var fields = EventForms.Fields(form.Html, "event-form")
            .With("Input.Title", "TitleMarker-q1").With("Input.Description", "DescriptionMarker-q2").With("Input.Start", "2019-02-28")
            .With("Input.NewVictims[0].Pseudonym", "PseudonymMarker-q3").With("Input.NewVictims[0].AgeBand", "18_25")
            .With("Input.Acts[0].Type", "arbitrary_detention").With("Input.Acts[0].Victim", EventForms.Fields(form.Html, "event-form").Value("Input.NewVictims[0].Id"))
            .With("Input.Acts[0].VictimStatus", "released").With("Input.Acts[0].Method", "MethodMarker-q4").With("Input.Acts[0].Consequences", "ConsequencesMarker-q5")
            .With("Input.Acts[0].Involvements[0].Perpetrator", "police").With("Input.Acts[0].Involvements[0].Degree", "carried_out");
        var created = await admin.PostAsync(EventForms.Action(form.Html, "event-form"), fields);
        Assert.Equal(HttpStatusCode.OK, created.Status);
        var eventPath = created.Location.AbsolutePath;
        var source = EventForms.Fields(created.Html, "add-source").With("Source.Kind", "Outside").With("Source.Connection", "media").With("Source.Reliability", "2").With("Source.Details", "DetailsMarker-q6");
        var holderPage = await admin.PostAsync(EventForms.Action(created.Html, "add-source"), source);
        Assert.Equal(HttpStatusCode.OK, holderPage.Status);
        string[] markers = ["TitleMarker-q1", "DescriptionMarker-q2", "PseudonymMarker-q3", "MethodMarker-q4", "ConsequencesMarker-q5", "DetailsMarker-q6"];
        Assert.All(markers, m => Assert.Contains(m, holderPage.Html, StringComparison.Ordinal));
        Assert.Contains("Corroborated by 2 independent sources", holderPage.Html, StringComparison.Ordinal);
        var victimPath = Regex.Match(holderPage.Html, "href=\"(/desk/record/victims/[0-9a-f]{32})\"").Groups[1].Value;

        var analyst = await Accounts.Accounts.AddResponderAsync(server, "Analyst", ResponderRole.Analyst);
        Assert.Equal(DocumentationAccessOutcome.Done, await Keys(server).GrantAsync(analyst.Id, Session(server, HavenServer.AdminName), CancellationToken.None));
        using var analystClient = server.CreateClient();
        await analyst.LoginAsync(server, analystClient);
        var coded = await analystClient.GetAsync(eventPath);
        Assert.Equal(HttpStatusCode.OK, coded.Status);
        Assert.Contains("id=\"coding-only\"", coded.Html, StringComparison.Ordinal);
        Assert.Contains("Arbitrary detention", coded.Html, StringComparison.Ordinal);
        Assert.Contains("2019-02-28 (Exact day)", coded.Html, StringComparison.Ordinal);
        Assert.Contains("Police · Carried out", coded.Html, StringComparison.Ordinal);
        Assert.Contains("Corroborated by 2 independent sources", coded.Html, StringComparison.Ordinal);
        Assert.Contains($"victim {victimPath[^32..][..8]} (18", WebUtility.HtmlDecode(coded.Html), StringComparison.Ordinal);
        Assert.All(markers, m => Assert.DoesNotContain(m, coded.Html, StringComparison.Ordinal));
        Assert.DoesNotContain($"href=\"/desk/case/{written.CaseId}\"", coded.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"add-act\"", coded.Html, StringComparison.Ordinal);
        var old = await analystClient.GetAsync(eventPath + "?version=1");
        Assert.Contains("id=\"version-unavailable\"", old.Html, StringComparison.Ordinal);
        Assert.All(markers, m => Assert.DoesNotContain(m, old.Html, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await analystClient.GetAsync(victimPath)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await analystClient.GetAsync(eventPath + "/edit")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await analystClient.GetAsync($"/desk/record/events/new?case={written.CaseId}")).Status);

        var worker = await Accounts.Accounts.AddResponderAsync(server, "Worker", ResponderRole.Caseworker);
        using var workerClient = server.CreateClient();
        await worker.LoginAsync(server, workerClient);
        Assert.Equal(HttpStatusCode.NotFound, (await workerClient.GetAsync(eventPath)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await workerClient.GetAsync(victimPath)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await workerClient.GetAsync($"/desk/record/events/new?case={written.CaseId}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await workerClient.GetAsync($"/desk/record/events/{RandomId.New()}")).Status);

        // A post from someone without the case stores nothing.
        var inbox = await workerClient.GetAsync("/desk");
        var forged = await workerClient.PostAsync(eventPath + "?handler=involvement", [new("__af", HavenClient.Hidden(inbox.Html, "__af") ?? ""), new("Involvement.BasedOn", "2"), new("Involvement.VersionId", RandomId.New()), new("Involvement.ActId", RandomId.New()), new("Involvement.Perpetrator", "police"), new("Involvement.Degree", "ordered")]);
        Assert.True(forged.Status is HttpStatusCode.NotFound or HttpStatusCode.BadRequest, forged.Status.ToString());
        Assert.Equal(3, await server.CountAsync(db => db.RecordVersions));
    }

    [Fact]
    public async Task Each_edit_is_a_new_version_with_history_and_an_audit_entry_and_a_stale_form_gets_a_conflict_with_what_was_typed()
    {
        await using var server = await HavenServer.StartAsync();
        var (admin, caseId, testimonyId) = await TestimonyCaseAsync(server);
        var form = await admin.GetAsync($"/desk/record/events/new?case={caseId}&testimony={testimonyId}");
        var created = await admin.PostAsync(EventForms.Action(form.Html, "event-form"), EventForms.Fields(form.Html, "event-form").With("Input.Title", "First title").With("Input.Description", "First words"));
        var eventPath = created.Location.AbsolutePath;

        var edit = await admin.GetAsync(eventPath + "/edit");
        Assert.Equal(HttpStatusCode.OK, edit.Status);
        var other = await admin.GetAsync(eventPath + "/edit"); // a second tab, or another responder, opens the same version
        var first = EventForms.Fields(edit.Html, "event-form");
        Assert.Equal(("First title", "1"), (first.Value("Input.Title"), first.Value("Input.BasedOn")));
        var second = await admin.PostAsync(EventForms.Action(edit.Html, "event-form"), new List<KeyValuePair<string, string>>(first).With("Input.Title", "Second title").With("Input.Description", "Second words").With("Input.End", "2017-04").With("Input.Sources[0].Reliability", "5"));
        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.Equal(eventPath, second.Location.AbsolutePath);
        Assert.Contains("Second title", second.Html, StringComparison.Ordinal);
        Assert.Contains("5 · Fully reliable", second.Html, StringComparison.Ordinal);
        Assert.Contains($"href=\"{eventPath}?version=1\"", second.Html, StringComparison.Ordinal);
        Assert.Contains("Version 2", second.Html, StringComparison.Ordinal);

        var old = await admin.GetAsync(eventPath + "?version=1");
        Assert.Equal(HttpStatusCode.OK, old.Status);
        Assert.Contains("id=\"old-version\"", old.Html, StringComparison.Ordinal);
        Assert.Contains("First title", old.Html, StringComparison.Ordinal);
        Assert.Contains("First words", old.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Second title", old.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"add-act\"", old.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"edit-event\"", old.Html, StringComparison.Ordinal);

        // The other form, still based on version 1: refused, what was typed kept.
        var stale = await admin.PostAsync(EventForms.Action(other.Html, "event-form"), EventForms.Fields(other.Html, "event-form").With("Input.Title", "Stale typed title").With("Input.Description", "Stale typed words"));
        Assert.Equal(HttpStatusCode.Conflict, stale.Status);
        Assert.Contains("Someone saved a newer version while you were editing.", stale.Html, StringComparison.Ordinal);
        Assert.Contains("value=\"Stale typed title\"", stale.Html, StringComparison.Ordinal);
        Assert.Contains("Stale typed words</textarea>", stale.Html, StringComparison.Ordinal);
        Assert.Equal("2", EventForms.Fields(stale.Html, "event-form").Value("Input.BasedOn"));

        // Add an act with a new victim, an involvement and a source: each a version.
        var page = await admin.GetAsync(eventPath);
        var act = EventForms.Fields(page.Html, "add-act").With("Act.Type", "threats").With("Act.VictimId", "new").With("Act.Victim.Pseudonym", "Third person").With("Act.Method", "By phone");
        var withAct = await admin.PostAsync(EventForms.Action(page.Html, "add-act"), act);
        Assert.Equal(HttpStatusCode.OK, withAct.Status);
        Assert.Contains("Threats", withAct.Html, StringComparison.Ordinal);
        Assert.Contains("Third person (One person)", withAct.Html, StringComparison.Ordinal);
        Assert.Contains("By phone", withAct.Html, StringComparison.Ordinal);

        var involvement = EventForms.Fields(withAct.Html, "add-involvement-0").With("Involvement.Perpetrator", "military").With("Involvement.Degree", "ordered");
        var withInvolvement = await admin.PostAsync(EventForms.Action(withAct.Html, "add-involvement-0"), involvement);
        Assert.Equal(HttpStatusCode.OK, withInvolvement.Status);
        Assert.Contains("Military · Ordered", withInvolvement.Html, StringComparison.Ordinal);

        // A form of the page before: a conflict, with the choice kept.
        var staleInvolvement = await admin.PostAsync(EventForms.Action(withAct.Html, "add-involvement-1"), EventForms.Fields(withAct.Html, "add-involvement-1").With("Involvement.Perpetrator", "family"));
        Assert.Equal(HttpStatusCode.Conflict, staleInvolvement.Status);
        Assert.Contains("Someone saved a newer version while you were editing.", staleInvolvement.Html, StringComparison.Ordinal);
        Assert.Equal("family", EventForms.Fields(staleInvolvement.Html, "add-involvement-1").Value("Involvement.Perpetrator"));

        var source = EventForms.Fields(withInvolvement.Html, "add-source").With("Source.Connection", "media").With("Source.Reliability", "2").With("Source.Details", "A news report");
        var withSource = await admin.PostAsync(EventForms.Action(withInvolvement.Html, "add-source"), source);
        Assert.Equal(HttpStatusCode.OK, withSource.Status);
        Assert.Contains("Corroborated by 2 independent sources", withSource.Html, StringComparison.Ordinal);
        Assert.Contains("A news report", withSource.Html, StringComparison.Ordinal);
        Assert.Contains("Version 5", withSource.Html, StringComparison.Ordinal);

        // The victim page: a new version of the victim.
        var victimPath = Regex.Match(withSource.Html, "href=\"(/desk/record/victims/[0-9a-f]{32})\">Third person").Groups[1].Value;
        var victim = await admin.GetAsync(victimPath);
        var otherVictim = await admin.GetAsync(victimPath);
        Assert.Equal(HttpStatusCode.OK, victim.Status);
        var changed = await admin.PostAsync(EventForms.Action(victim.Html, "victim-form"), EventForms.Fields(victim.Html, "victim-form").With("Input.Pseudonym", "Fourth name").With("Input.Unit", "Family"));
        Assert.Equal(HttpStatusCode.OK, changed.Status);
        Assert.Contains("Fourth name", changed.Html, StringComparison.Ordinal);
        Assert.Contains("A family · Version 2", changed.Html, StringComparison.Ordinal);
        var staleVictim = await admin.PostAsync(EventForms.Action(otherVictim.Html, "victim-form"), EventForms.Fields(otherVictim.Html, "victim-form").With("Input.Pseudonym", "Stale pseudonym"));
        Assert.Equal(HttpStatusCode.Conflict, staleVictim.Status);
        Assert.Contains("value=\"Stale pseudonym\"", staleVictim.Html, StringComparison.Ordinal);

        Assert.Equal(1, await server.CountAsync(db => db.AuditEntries.Where(e => e.Action == "record.event_created")));
        Assert.Equal(4, await server.CountAsync(db => db.AuditEntries.Where(e => e.Action == "record.event_saved")));
        Assert.Equal(3, await server.CountAsync(db => db.AuditEntries.Where(e => e.Action == "record.victim_created")));
        Assert.Equal(1, await server.CountAsync(db => db.AuditEntries.Where(e => e.Action == "record.victim_saved")));
        Assert.Equal(5, await server.CountAsync(db => db.RecordVersions.Where(v => v.Kind == "event")));
    }

    [Fact]
    public async Task Bad_input_gets_a_localized_400_with_what_was_typed_and_stores_nothing()
    {
        await using var server = await HavenServer.StartAsync();
        var (admin, caseId, testimonyId) = await TestimonyCaseAsync(server);
        var form = await admin.GetAsync($"/desk/record/events/new?case={caseId}&testimony={testimonyId}");
        var action = EventForms.Action(form.Html, "event-form");
        List<KeyValuePair<string, string>> Typed() => EventForms.Fields(form.Html, "event-form").With("Input.Title", "Typed title kept");

        async Task RefusedAsync(List<KeyValuePair<string, string>> fields, string message, HttpStatusCode status = HttpStatusCode.BadRequest)
        {
            var page = await admin.PostAsync(action, fields);
            Assert.Equal(status, page.Status);
            Assert.Contains(message, page.Html, StringComparison.Ordinal);
            Assert.Contains("id=\"event-form\"", page.Html, StringComparison.Ordinal);
        }

        await RefusedAsync(Typed().With("Input.Acts[0].Type", "no_such_act"), "A chosen value is not in the lists");
        await RefusedAsync(Typed().With("Input.Acts[0].Involvements[0].Degree", "Robert'); DROP TABLE"), "A chosen value is not in the lists");
        await RefusedAsync(Typed().With("Input.Connection", ""), "A chosen value is not in the lists");
        await RefusedAsync(Typed().With("Input.Status", "1"), "A chosen value is not in the lists");
        await RefusedAsync(Typed().With("Input.Region", "XX-NOWHERE"), "The chosen place is not in the gazetteer");
        await RefusedAsync(Typed().With("Input.Start", "2017-03").With("Input.End", "2016"), "the end cannot be before the start");
        await RefusedAsync(Typed().With("Input.Start", "2017-13"), "the end cannot be before the start");
        await RefusedAsync(Typed().With("Input.Reliability", "6"), "Choose a reliability from 1 to 5.");
        await RefusedAsync(Typed().With("Input.Title", new string('t', 301)), "Too long: a title has at most 300 characters");
        await RefusedAsync(Typed().With("Input.Description", new string('d', 300_000)), "Too long: a title has at most 300 characters");
        await RefusedAsync(Typed().With("Input.Title", " "), "Give the event a title.");
        await RefusedAsync(Typed().With("Input.NewVictims[0].Pseudonym", ""), "Give the victim a pseudonym (never a name).");
        await RefusedAsync(Typed().With("Input.NewVictims[1].GroupSize", "many"), "A group needs its size");
        await RefusedAsync(Typed().With("Input.NewVictims[2].Pseudonym", "Typed but never named"), "each new victim typed must be the victim of an act");
        await RefusedAsync(Typed().With("Input.EventId", "not-an-id"), "This form has expired.");
        var kept = await admin.PostAsync(action, Typed().With("Input.Acts[0].Type", "no_such_act").With("Input.Description", "Words kept"));
        Assert.Contains("value=\"Typed title kept\"", kept.Html, StringComparison.Ordinal);
        Assert.Contains("Words kept</textarea>", kept.Html, StringComparison.Ordinal);
        Assert.Equal(0, await server.CountAsync(db => db.RecordVersions));

        // A retired place is not offered for a new event (nor pre-filled), and refused when sent.
        Assert.Equal(VocabularyOutcome.None, await server.Services.GetRequiredService<RetireRegionCommand>().ExecuteAsync("RU-CE", true, Session(server, HavenServer.AdminName), CancellationToken.None));
        var again = await admin.GetAsync($"/desk/record/events/new?case={caseId}&testimony={testimonyId}");
        Assert.DoesNotContain("value=\"RU-CE\"", again.Html, StringComparison.Ordinal);
        Assert.Equal("", EventForms.Fields(again.Html, "event-form").Value("Input.Region"));
        await RefusedAsync(Typed().With("Input.Region", "RU-CE"), "The chosen place is not in the gazetteer");
        Assert.Equal(0, await server.CountAsync(db => db.RecordVersions));

        // The same on the edit form of a saved event, where the retired place it already has stays shown and usable.
        var created = await admin.PostAsync(action, Typed().With("Input.Region", "RU"));
        Assert.Equal(HttpStatusCode.OK, created.Status);
        var edit = await admin.GetAsync(created.Location.AbsolutePath + "/edit");
        var editAction = EventForms.Action(edit.Html, "event-form");
        var bad = await admin.PostAsync(editAction, EventForms.Fields(edit.Html, "event-form").With("Input.Acts[0].Type", "no_such_act").With("Input.Title", "Edited title kept"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.Contains("A chosen value is not in the lists", bad.Html, StringComparison.Ordinal);
        Assert.Contains("value=\"Edited title kept\"", bad.Html, StringComparison.Ordinal);
        var badSource = await admin.PostAsync(editAction, EventForms.Fields(edit.Html, "event-form").With("Input.Sources[0].Kind", "Elsewhere"));
        Assert.Equal(HttpStatusCode.BadRequest, badSource.Status);
        var page = await admin.GetAsync(created.Location.AbsolutePath);
        var badSourceCase = await admin.PostAsync(EventForms.Action(page.Html, "add-source"), EventForms.Fields(page.Html, "add-source").With("Source.Kind", "Case").With("Source.CaseId", RandomId.New()));
        Assert.Equal(HttpStatusCode.BadRequest, badSourceCase.Status);
        Assert.Contains("That case is not one you hold", badSourceCase.Html, StringComparison.Ordinal);
        Assert.Equal(1, await server.CountAsync(db => db.RecordVersions.Where(v => v.Kind == "event")));
    }

    [Fact]
    public async Task The_pages_render_in_Russian()
    {
        await using var server = await HavenServer.StartAsync();
        var (_, caseId, testimonyId) = await TestimonyCaseAsync(server);
        using var admin = server.CreateClient("ru");
        await admin.LoginAsync(HavenServer.AdminName, HavenServer.AdminPassphrase, server.AdminCode(1));
        var form = await admin.GetAsync($"/desk/record/events/new?case={caseId}&testimony={testimonyId}");
        Assert.Equal(HttpStatusCode.OK, form.Status);
        var html = WebUtility.HtmlDecode(form.Html);
        Assert.Contains("Задокументировать событие", html, StringComparison.Ordinal);
        Assert.Contains("Только псевдоним, никогда не имя.", html, StringComparison.Ordinal);
        Assert.Contains("Произвольное задержание", html, StringComparison.Ordinal);
        Assert.Contains("Россия › Чечня", html, StringComparison.Ordinal);
        Assert.Equal("Рассказавший человек", EventForms.Fields(form.Html, "event-form").Value("Input.NewVictims[0].Pseudonym"));

        var refused = await admin.PostAsync(EventForms.Action(form.Html, "event-form"), EventForms.Fields(form.Html, "event-form"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("Укажите заголовок события.", WebUtility.HtmlDecode(refused.Html), StringComparison.Ordinal);

        var saved = await admin.PostAsync(EventForms.Action(form.Html, "event-form"), EventForms.Fields(form.Html, "event-form").With("Input.Title", "Задержание"));
        Assert.Equal(HttpStatusCode.OK, saved.Status);
        var page = WebUtility.HtmlDecode(saved.Html);
        Assert.Contains("Подтверждено 1 независимым источником", page, StringComparison.Ordinal);
        Assert.Contains("Полиция · Предполагаемое участие", page, StringComparison.Ordinal);
        Assert.Contains("Источники сведений", page, StringComparison.Ordinal);
        Assert.Contains("Задокументировать этот рассказ", WebUtility.HtmlDecode((await admin.GetAsync($"/desk/case/{caseId}")).Html), StringComparison.Ordinal);
    }

    /// <summary>A person gives a testimony (dated 2017-03, in Chechnya, to them and others, three people, by the police); the administrator, logged in, finds its case and the testimony record.</summary>
    private static async Task<(HavenClient Admin, string CaseId, string TestimonyId)> TestimonyCaseAsync(HavenServer server)
    {
        await Intake.TestimonyKit.AddRegionsAsync(server, ("RU", null, "Russia", "Россия"), ("RU-CE", "RU", "Chechnya", "Чечня"));
        using (var person = server.CreateClient())
        {
            await Intake.TestimonyKit.StartAsync(person);
            var sent = await Intake.TestimonyKit.SendAsync(person, [.. Intake.TestimonyKit.Answers("They took me at night."), new("Input.Country", "RU"), new("Input.Region", "RU-CE")]);
            Assert.Equal("/sent", sent.Location.AbsolutePath);
        }

        var admin = server.CreateClient();
        await admin.LoginAsync(HavenServer.AdminName, HavenServer.AdminPassphrase, server.AdminCode());
        var caseId = Assert.Single(await admin.InboxCaseIdsAsync());
        var casePage = await admin.GetAsync($"/desk/case/{caseId}");
        var testimonyId = Regex.Match(casePage.Html, "id=\"document-([0-9a-f]{32})\"").Groups[1].Value;
        Assert.NotEmpty(testimonyId);
        return (admin, caseId, testimonyId);
    }
}
