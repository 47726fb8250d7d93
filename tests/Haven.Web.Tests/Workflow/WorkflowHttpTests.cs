using System.Net;
using System.Text;
using Haven.Accounts;
using Haven.Audit;
using Haven.Cases;
using Haven.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Haven.Web.Tests.Workflow.WorkflowDesk;

namespace Haven.Web.Tests.Workflow;

/// <summary>The evacuation workflow over real HTTP: every allowed step, every refusal, the approval gate.</summary>
public sealed class WorkflowHttpTests
{
    [Fact]
    public async Task A_case_walks_the_whole_path_to_safety_with_a_second_person_approving_and_every_step_is_audited()
    {
        await using var server = await HavenServer.StartAsync();
        var (caseId, _) = await OpenCaseAsync(server);
        var coordinator = await AddResponderAsync(server, "Coordinator", ResponderRole.Coordinator);
        using var admin = await LoginAdminAsync(server);
        await admin.PostWithTokenAsync($"/desk/case/{caseId}", $"/desk/case/{caseId}?handler=grant", [new("ResponderId", coordinator.Id)]);
        using var second = await LoginAsync(server, coordinator);

        await admin.WalkAsync(caseId, "Triage", "Verification");
        var items = await ActiveItemIdsAsync(server);
        Assert.Equal(5, items.Count);
        foreach (var item in items.Skip(1))
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.TickAsync(caseId, item)).Status);
        }

        Assert.Equal(HttpStatusCode.OK, (await second.TickAsync(caseId, items[0])).Status);
        await admin.WalkAsync(caseId, "Planning", "InTransit");
        var today = DateOnly.FromDateTime(server.Clock.GetUtcNow().UtcDateTime);
        Assert.Null((await CaseAsync(server, caseId)).ClosedOn);
        await admin.WalkAsync(caseId, "Safe");
        var safe = await CaseAsync(server, caseId);
        Assert.Equal(CaseState.Safe, safe.State);
        Assert.Equal(today, safe.ClosedOn);
        Assert.Null(safe.Outcome);

        // Safe is final: it leaves the inbox and only reopening is offered.
        Assert.DoesNotContain(caseId, await admin.InboxCaseIdsAsync());
        var page = await admin.GetAsync($"/desk/case/{caseId}");
        Assert.Contains("id=\"to-Triage\"", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"to-Closed\"", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"to-InTransit\"", page.Html, StringComparison.Ordinal);

        await using var db = await Db(server);
        var admins = await db.Responders.AsNoTracking().Where(r => r.Name == HavenServer.AdminName).Select(r => r.Id).SingleAsync();
        var steps = await db.AuditEntries.AsNoTracking().Where(e => e.CaseId == caseId && e.Action == "case.state").OrderBy(e => e.Seq).ToListAsync();
        Assert.Equal(["New>Triage", "Triage>Verification", "Verification>Planning", "Planning>InTransit", "InTransit>Safe"], steps.Select(e => e.SubjectId));
        Assert.All(steps, e => Assert.Equal(admins, e.ActorId));
        var ticks = await db.AuditEntries.AsNoTracking().Where(e => e.CaseId == caseId && e.Action == "case.check").ToListAsync();
        Assert.Equal(5, ticks.Count);
        Assert.Equal(items.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Order(), ticks.Select(t => t.SubjectId!).Order());
        Assert.Single(ticks, t => t.ActorId == coordinator.Id);

        // The desk shows who took each step.
        Assert.Contains("Verification → Planning", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stepping_back_one_step_is_allowed_but_not_back_to_new()
    {
        await using var server = await HavenServer.StartAsync("--Haven:Workflow:RequireSecondPerson=false");
        var (caseId, _) = await OpenCaseAsync(server);
        using var admin = await LoginAdminAsync(server);
        await admin.WalkAsync(caseId, "Triage", "Verification", "Triage", "Verification");
        foreach (var item in await ActiveItemIdsAsync(server))
        {
            await admin.TickAsync(caseId, item);
        }

        await admin.WalkAsync(caseId, "Planning", "Verification", "Planning", "InTransit", "Planning", "InTransit");
        await admin.WalkAsync(caseId, "Planning", "Verification", "Triage");
        var refused = await admin.MoveAsync(caseId, "New");
        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Contains("This step is not allowed from the current state of the case.", refused.Html, StringComparison.Ordinal);
        Assert.Equal(CaseState.Triage, (await CaseAsync(server, caseId)).State);
    }

    [Theory]
    [InlineData(new string[0], "Planning")]
    [InlineData(new string[0], "Verification")]
    [InlineData(new string[0], "Safe")]
    [InlineData(new[] { "Triage" }, "Safe")]
    [InlineData(new[] { "Triage" }, "Planning")]
    [InlineData(new[] { "Triage" }, "InTransit")]
    [InlineData(new[] { "Triage", "Verification" }, "InTransit")]
    [InlineData(new[] { "Triage", "Verification" }, "Safe")]
    public async Task Jumps_are_refused_with_a_clear_message_and_change_nothing(string[] path, string target)
    {
        await using var server = await HavenServer.StartAsync("--Haven:Workflow:RequireSecondPerson=false");
        var (caseId, _) = await OpenCaseAsync(server);
        using var admin = await LoginAdminAsync(server);
        await admin.WalkAsync(caseId, path);
        var before = await CaseAsync(server, caseId);

        var refused = await admin.MoveAsync(caseId, target);
        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Contains("This step is not allowed from the current state of the case.", refused.Html, StringComparison.Ordinal);
        Assert.Equal(before.State, (await CaseAsync(server, caseId)).State);
        Assert.Equal(before.State.ToString(), StateOf(refused.Html));

        await using var db = await Db(server);
        Assert.Equal(path.Length, await db.AuditEntries.CountAsync(e => e.CaseId == caseId && e.Action == "case.state"));
    }

    [Fact]
    public async Task Refusals_are_localized()
    {
        await using var server = await HavenServer.StartAsync();
        var (caseId, _) = await OpenCaseAsync(server);
        using var admin = await LoginAdminAsync(server);
        admin.Http.DefaultRequestHeaders.AcceptLanguage.Clear();
        admin.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ru");
        var refused = await admin.MoveAsync(caseId, "Planning");
        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Contains("Такой шаг невозможен из текущего состояния дела.", refused.Html, StringComparison.Ordinal);
        var unknown = await admin.MoveAsync(caseId, "Exploded");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.Status);
        Assert.Contains("Такой шаг неизвестен.", unknown.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Planning_is_refused_while_the_checklist_is_incomplete()
    {
        await using var server = await HavenServer.StartAsync("--Haven:Workflow:RequireSecondPerson=false");
        var (caseId, _) = await OpenCaseAsync(server);
        using var admin = await LoginAdminAsync(server);
        await admin.WalkAsync(caseId, "Triage", "Verification");
        var items = await ActiveItemIdsAsync(server);
        foreach (var item in items.SkipLast(1))
        {
            await admin.TickAsync(caseId, item);
        }

        var page = await admin.GetAsync($"/desk/case/{caseId}");
        Assert.Contains("Not every item of the checklist is ticked yet.", page.Html, StringComparison.Ordinal);
        var refused = await admin.MoveAsync(caseId, "Planning");
        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Contains("not every item of the verification checklist is ticked", refused.Html, StringComparison.Ordinal);
        Assert.Equal(CaseState.Verification, (await CaseAsync(server, caseId)).State);

        // Ticking the last item opens the gate; unticking one closes it again.
        await admin.TickAsync(caseId, items[^1]);
        await admin.TickAsync(caseId, items[0], ticked: false);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.MoveAsync(caseId, "Planning")).Status);
        await admin.TickAsync(caseId, items[0]);
        await admin.WalkAsync(caseId, "Planning");
    }

    [Fact]
    public async Task The_responder_who_ticked_everything_cannot_approve_alone_but_a_second_responder_can()
    {
        await using var server = await HavenServer.StartAsync();
        var (caseId, _) = await OpenCaseAsync(server);
        var worker = await AddResponderAsync(server, "Worker", ResponderRole.Caseworker);
        using var admin = await LoginAdminAsync(server);
        await admin.PostWithTokenAsync($"/desk/case/{caseId}", $"/desk/case/{caseId}?handler=grant", [new("ResponderId", worker.Id)]);
        await admin.WalkAsync(caseId, "Triage", "Verification");
        foreach (var item in await ActiveItemIdsAsync(server))
        {
            await admin.TickAsync(caseId, item);
        }

        var page = await admin.GetAsync($"/desk/case/{caseId}");
        Assert.Contains("You ticked every item yourself", page.Html, StringComparison.Ordinal);
        var refused = await admin.MoveAsync(caseId, "Planning");
        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Contains("The case cannot move to Planning on your word alone", refused.Html, StringComparison.Ordinal);
        Assert.Equal(CaseState.Verification, (await CaseAsync(server, caseId)).State);

        using var second = await LoginAsync(server, worker);
        var approved = await second.MoveAsync(caseId, "Planning");
        Assert.Equal(HttpStatusCode.OK, approved.Status);
        Assert.Equal("Planning", StateOf(approved.Html));
        await using var db = await Db(server);
        var entry = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.CaseId == caseId && e.SubjectId == "Verification>Planning");
        Assert.Equal(worker.Id, entry.ActorId);
    }

    [Fact]
    public async Task With_the_second_person_switched_off_one_responder_may_tick_everything_and_approve()
    {
        await using var server = await HavenServer.StartAsync("--Haven:Workflow:RequireSecondPerson=false");
        var (caseId, _) = await OpenCaseAsync(server);
        using var admin = await LoginAdminAsync(server);
        await admin.WalkAsync(caseId, "Triage", "Verification");
        foreach (var item in await ActiveItemIdsAsync(server))
        {
            await admin.TickAsync(caseId, item);
        }

        await admin.WalkAsync(caseId, "Planning");
    }

    [Fact]
    public async Task Closing_requires_an_outcome_and_reopening_clears_it()
    {
        await using var server = await HavenServer.StartAsync();
        var (caseId, _) = await OpenCaseAsync(server);
        using var admin = await LoginAdminAsync(server);
        await admin.WalkAsync(caseId, "Triage");

        var missing = await admin.MoveAsync(caseId, "Closed");
        Assert.Equal(HttpStatusCode.BadRequest, missing.Status);
        Assert.Contains("Choose the outcome to close the case.", missing.Html, StringComparison.Ordinal);
        Assert.Equal(CaseState.Triage, (await CaseAsync(server, caseId)).State);
        var bogus = await admin.MoveAsync(caseId, "Closed", outcome: "Exploded");
        Assert.Equal(HttpStatusCode.BadRequest, bogus.Status);

        var closed = await admin.MoveAsync(caseId, "Closed", outcome: "NotGenuine");
        Assert.Equal(HttpStatusCode.OK, closed.Status);
        Assert.Equal("Closed", StateOf(closed.Html));
        Assert.Contains("data-outcome=\"NotGenuine\">Not genuine (possible set-up)", closed.Html, StringComparison.Ordinal);
        var stored = await CaseAsync(server, caseId);
        Assert.Equal(CaseOutcome.NotGenuine, stored.Outcome);
        Assert.Equal(DateOnly.FromDateTime(server.Clock.GetUtcNow().UtcDateTime), stored.ClosedOn);

        // Closed is final: closing again or moving on is refused; reopening goes to Triage and clears the outcome.
        Assert.Equal(HttpStatusCode.Conflict, (await admin.MoveAsync(caseId, "Closed", outcome: "Duplicate")).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.MoveAsync(caseId, "Verification")).Status);
        var reopened = await admin.MoveAsync(caseId, "Triage");
        Assert.Equal("Triage", StateOf(reopened.Html));
        var again = await CaseAsync(server, caseId);
        Assert.Null(again.Outcome);
        Assert.Null(again.ClosedOn);
        Assert.DoesNotContain("data-outcome", reopened.Html, StringComparison.Ordinal);

        await using var db = await Db(server);
        Assert.Equal(["New>Triage", "Triage>Closed", "Closed>Triage"], await db.AuditEntries.AsNoTracking().Where(e => e.CaseId == caseId && e.Action == "case.state").OrderBy(e => e.Seq).Select(e => e.SubjectId).ToListAsync());
    }

    [Fact]
    public async Task A_case_can_be_closed_from_any_state_that_is_not_final()
    {
        await using var server = await HavenServer.StartAsync("--Haven:Workflow:RequireSecondPerson=false");
        using var admin = await LoginAdminAsync(server);
        string[][] paths = [[], ["Triage"], ["Triage", "Verification"]];
        foreach (var path in paths)
        {
            var (caseId, _) = await OpenCaseAsync(server);
            await admin.WalkAsync(caseId, path);
            var closed = await admin.MoveAsync(caseId, "Closed", outcome: "LostContact");
            Assert.Equal("Closed", StateOf(closed.Html));
        }
    }

    [Fact]
    public async Task Reasons_are_stored_encrypted_to_the_case_only_shown_on_the_desk_and_never_to_the_person()
    {
        const string Reason = "Partner org vouched by phone — marker 7f3a";
        await using var server = await HavenServer.StartAsync();
        var (caseId, receipt) = await OpenCaseAsync(server);
        using var admin = await LoginAdminAsync(server);
        await admin.ReplyAsync(caseId, "We read you.");
        var moved = await admin.MoveAsync(caseId, "Verification", reason: Reason);
        Assert.Equal("Verification", StateOf(moved.Html));
        Assert.Contains(Reason, moved.Html, StringComparison.Ordinal);
        Assert.Contains("Triage → Verification", moved.Html, StringComparison.Ordinal);

        await using var db = await Db(server);
        var record = await db.Records.AsNoTracking().SingleAsync(r => r.CaseId == caseId && r.Kind == RecordKinds.Transition);
        Assert.Null(record.KeyForSource);
        Assert.DoesNotContain("marker 7f3a", Encoding.UTF8.GetString(record.Ciphertext), StringComparison.Ordinal);
        var json = await OpenWithRecoveryAsync(server, record);
        using (var parsed = System.Text.Json.JsonDocument.Parse(json))
        {
            Assert.Equal("Triage>Verification", parsed.RootElement.GetProperty("step").GetString());
            Assert.Equal(Reason, parsed.RootElement.GetProperty("text").GetString());
        }

        var audit = await db.AuditEntries.AsNoTracking().Where(e => e.CaseId == caseId).ToListAsync();
        Assert.DoesNotContain(audit, e => (e.SubjectId ?? "").Contains("marker", StringComparison.Ordinal) || e.Action.Contains("marker", StringComparison.Ordinal));

        // A step without a reason stores no record.
        await admin.MoveAsync(caseId, "Triage");
        Assert.Equal(1, await db.Records.CountAsync(r => r.CaseId == caseId && r.Kind == RecordKinds.Transition));

        using var person = server.CreateClient();
        var conversation = await person.ReturnAsync(receipt);
        Assert.Equal("/conversation", conversation.Location.AbsolutePath);
        Assert.Contains("We read you.", conversation.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("marker 7f3a", conversation.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reply_to_a_new_case_moves_it_to_triage_as_a_step_in_the_history_and_the_audit_log()
    {
        await using var server = await HavenServer.StartAsync();
        var (caseId, _) = await OpenCaseAsync(server);
        var caseworker = await AddResponderAsync(server, "Caseworker", ResponderRole.Caseworker);
        using var admin = await LoginAdminAsync(server);
        await admin.PostWithTokenAsync($"/desk/case/{caseId}", $"/desk/case/{caseId}?handler=grant", [new("ResponderId", caseworker.Id)]);
        using var replier = await LoginAsync(server, caseworker);

        var replied = await replier.ReplyAsync(caseId, "We read you.");
        Assert.Equal(HttpStatusCode.OK, replied.Status);
        Assert.Equal(CaseState.Triage, (await CaseAsync(server, caseId)).State);

        // The same step a manual transition records, by the responder who replied, next to the reply itself.
        await using var db = await Db(server);
        var entries = await db.AuditEntries.AsNoTracking().Where(e => e.CaseId == caseId && e.ActorId == caseworker.Id).OrderBy(e => e.Seq).ToListAsync();
        Assert.Equal(["case.replied", "case.state"], entries.Select(e => e.Action));
        Assert.Equal("New>Triage", entries[1].SubjectId);
        var page = await replier.GetAsync($"/desk/case/{caseId}");
        Assert.Contains("· Caseworker · New → Triage", page.Html, StringComparison.Ordinal);

        // A second reply moves nothing and records no step.
        await replier.ReplyAsync(caseId, "Still here.");
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.CaseId == caseId && e.Action == "case.state"));
        var report = await AuditVerifier.VerifyChainAsync(server.Data, null, CancellationToken.None);
        Assert.True(report.Intact, string.Join("; ", report.Problems.Select(p => p.Problem)));
    }

    [Fact]
    public async Task A_stale_form_is_refused_and_a_double_submit_is_harmless()
    {
        await using var server = await HavenServer.StartAsync();
        var (caseId, _) = await OpenCaseAsync(server);
        using var admin = await LoginAdminAsync(server);
        var page = await admin.GetAsync($"/desk/case/{caseId}");
        KeyValuePair<string, string>[] fields =
        [
            new("__af", HavenClient.Hidden(page.Html, "__af")!),
            new("From", "New"),
            new("TransitionId", HavenClient.Hidden(page.Html, "TransitionId")!),
            new("To", "Triage"),
            new("Reason", "first look"),
        ];
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/desk/case/{caseId}?handler=transition", fields)).Status);
        var twice = await admin.PostAsync($"/desk/case/{caseId}?handler=transition", fields);
        Assert.Equal(HttpStatusCode.OK, twice.Status);
        Assert.Equal("Triage", StateOf(twice.Html));
        await using var db = await Db(server);
        Assert.Equal(1, await db.Records.CountAsync(r => r.CaseId == caseId && r.Kind == RecordKinds.Transition));
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.CaseId == caseId && e.Action == "case.state"));

        // A form shown while the case was New, sent after it moved on, is stale.
        var stale = await admin.PostAsync($"/desk/case/{caseId}?handler=transition", [fields[0], fields[1], new("TransitionId", Haven.Crypto.RandomId.New()), new("To", "Closed"), new("Outcome", "Duplicate")]);
        Assert.Equal(HttpStatusCode.Conflict, stale.Status);
        Assert.Contains("Someone else moved this case meanwhile", stale.Html, StringComparison.Ordinal);
        Assert.Equal(CaseState.Triage, (await CaseAsync(server, caseId)).State);
    }

    [Fact]
    public async Task Items_are_ticked_only_during_verification_shown_afterwards_and_every_tick_is_audited()
    {
        await using var server = await HavenServer.StartAsync("--Haven:Workflow:RequireSecondPerson=false");
        var (caseId, _) = await OpenCaseAsync(server);
        using var admin = await LoginAdminAsync(server);
        var items = await ActiveItemIdsAsync(server);
        var early = await admin.TickAsync(caseId, items[0]);
        Assert.Equal(HttpStatusCode.Conflict, early.Status);
        Assert.Contains("only while the case is in Verification", early.Html, StringComparison.Ordinal);

        await admin.WalkAsync(caseId, "Triage", "Verification");
        var ticked = await admin.TickAsync(caseId, items[0]);
        Assert.Contains($"id=\"check-{items[0]}\" class=\"ticked\"", ticked.Html, StringComparison.Ordinal);
        Assert.Contains("ticked by Admin", ticked.Html, StringComparison.Ordinal);
        await admin.TickAsync(caseId, items[0], ticked: false);
        await admin.TickAsync(caseId, items[0]);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.TickAsync(caseId, 9999)).Status);

        await using var db = await Db(server);
        var check = await db.CaseChecks.AsNoTracking().SingleAsync(c => c.CaseId == caseId);
        Assert.Equal(items[0], check.ItemId);
        Assert.Equal(DateOnly.FromDateTime(server.Clock.GetUtcNow().UtcDateTime), check.CheckedOn);
        var actions = await db.AuditEntries.AsNoTracking().Where(e => e.CaseId == caseId && e.Action.StartsWith("case.")).OrderBy(e => e.Seq).Select(e => e.Action + ":" + e.SubjectId).ToListAsync();
        var id = items[0].ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(["case.check:" + id, "case.uncheck:" + id, "case.check:" + id], actions.Where(a => a.Contains("check", StringComparison.Ordinal)));

        foreach (var item in items.Skip(1))
        {
            await admin.TickAsync(caseId, item);
        }

        // After Verification the checklist stays visible, without tick buttons.
        var planning = await admin.MoveAsync(caseId, "Planning");
        Assert.Equal("Planning", StateOf(planning.Html));
        Assert.Contains($"id=\"check-{items[0]}\" class=\"ticked\"", planning.Html, StringComparison.Ordinal);
        Assert.DoesNotContain($"id=\"tick-{items[0]}\"", planning.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.TickAsync(caseId, items[0], ticked: false)).Status);
    }

    [Fact]
    public async Task Only_responders_holding_the_case_may_act_on_it()
    {
        await using var server = await HavenServer.StartAsync();
        var (caseId, _) = await OpenCaseAsync(server, "for the holders only");
        var worker = await AddResponderAsync(server, "Outsider", ResponderRole.Caseworker);
        var analyst = await AddResponderAsync(server, "Analyst", ResponderRole.Analyst);
        foreach (var responder in new[] { worker, analyst })
        {
            using var client = await LoginAsync(server, responder);
            var path = $"/desk/case/{caseId}";
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(path)).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await client.PostWithTokenAsync(path, path + "?handler=transition", [new("To", "Triage"), new("TransitionId", Haven.Crypto.RandomId.New())])).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await client.PostWithTokenAsync(path, path + "?handler=check", [new("ItemId", "1"), new("Ticked", "true")])).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await client.PostWithTokenAsync(path, path + "?handler=note", [new("NoteText", "x"), new("NoteId", Haven.Crypto.RandomId.New())])).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await client.PostWithTokenAsync(path, path + "?handler=data", [new("Data.Needs", "x"), new("DataId", Haven.Crypto.RandomId.New())])).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await client.PostWithTokenAsync(path, path + "?handler=grant", [new("ResponderId", responder.Id)])).Status);
        }

        Assert.Equal(CaseState.New, (await CaseAsync(server, caseId)).State);
        await using var db = await Db(server);
        Assert.Equal(1, await db.Records.CountAsync(r => r.CaseId == caseId));
        Assert.False(await db.CaseChecks.AnyAsync());
    }
}
