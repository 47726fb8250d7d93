using System.Net;
using Haven.Accounts;
using Haven.Cases;
using Haven.Web.Setup;
using Haven.Web.Tests.Infrastructure;
using Haven.Web.Tests.Workflow;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Haven.Web.Tests.Files.FileTestKit;

namespace Haven.Web.Tests.Hostile;

/// <summary>
/// Double submits at their worst: the same form, with the same form-carried id, sent many times at once
/// stores exactly one record and answers every copy without a 5xx; many sessions sending at once all get
/// stored, none lost.
/// </summary>
public sealed class ConcurrencyTests(ScenarioFixture fixture) : IClassFixture<ScenarioFixture>
{
    private const int Copies = 15;

    [Fact]
    public async Task The_same_form_sent_many_times_at_once_stores_exactly_one_record()
    {
        var scenario = fixture.Scenario;
        var server = scenario.Server;
        var caseId = scenario.CaseId;
        var caseworker = await WorkflowDesk.AddResponderAsync(server, "Caseworker Ana", ResponderRole.Caseworker);

        // Each form read once, then sent Copies times in parallel with the same ids and token.
        foreach (var (name, field) in new[] { ("follow-up", "RecordId"), ("reply", "RecordId"), ("note", "NoteId"), ("case data", "DataId"), ("transition", "TransitionId"), ("request", "Input.RecordId") })
        {
            var form = scenario.Form(name);
            var fields = await form.Fields($"once only: {name}");
            var id = fields.Single(f => f.Key == field).Value;
            var statuses = await SendAllAtOnceAsync(form.Client, form.Action, fields, name);
            await using var db = await DbAsync(server);
            var count = await db.Records.CountAsync(r => r.Id == id);
            Assert.True(count == 1, $"{name}: {count} records; answers {string.Join(",", statuses.Select(s => (int)s))}");
        }

        await using (var db = await DbAsync(server))
        {
            Assert.Equal(1, await db.Records.CountAsync(r => r.CaseId == caseId && r.Kind == RecordKinds.Transition));
            // One step from the replies (New>Triage, however many copies came at once), one from the transitions.
            Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.CaseId == caseId && e.Action == "case.state" && e.SubjectId == "New>Triage"));
            Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.CaseId == caseId && e.Action == "case.state" && e.SubjectId != "New>Triage"));
        }

        // Granting the same responder, ticking the same item.
        var casePage = $"/desk/case/{caseId}";
        var token = HavenClient.Hidden((await scenario.Admin.GetAsync(casePage)).Html, "__af")!;
        await SendAllAtOnceAsync(scenario.Admin, $"{casePage}?handler=grant", [new("__af", token), new("ResponderId", caseworker.Id)], "grant");
        if (WorkflowDesk.StateOf((await scenario.Admin.GetAsync(casePage)).Html) != "Verification")
        {
            await scenario.Admin.WalkAsync(caseId, "Verification");
        }

        var item = (await WorkflowDesk.ActiveItemIdsAsync(server))[0];
        token = HavenClient.Hidden((await scenario.Admin.GetAsync(casePage)).Html, "__af")!;
        await SendAllAtOnceAsync(scenario.Admin, $"{casePage}?handler=check", [new("__af", token), new("ItemId", item.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("Ticked", "true")], "tick");
        await using (var db = await DbAsync(server))
        {
            Assert.Equal(1, await db.CaseKeySeals.CountAsync(s => s.CaseId == caseId && s.ResponderId == caseworker.Id));
            Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.CaseId == caseId && e.Action == "case.granted"));
            Assert.Equal(1, await db.CaseChecks.CountAsync(c => c.CaseId == caseId && c.ItemId == item));
            Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.CaseId == caseId && e.Action == "case.check"));
        }

        // Revoking the same responder: one revocation, one new key generation.
        var generation = (await WorkflowDesk.CaseAsync(server, caseId)).KeyGeneration;
        token = HavenClient.Hidden((await scenario.Admin.GetAsync(casePage)).Html, "__af")!;
        await SendAllAtOnceAsync(scenario.Admin, $"{casePage}?handler=revoke", [new("__af", token), new("ResponderId", caseworker.Id)], "revoke");
        await using (var db = await DbAsync(server))
        {
            Assert.Equal(0, await db.CaseKeySeals.CountAsync(s => s.CaseId == caseId && s.ResponderId == caseworker.Id));
            Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.CaseId == caseId && e.Action == "case.revoked"));
            Assert.Equal(generation + 1, (await WorkflowDesk.CaseAsync(server, caseId)).KeyGeneration);
        }

        // The case still opens for the administrator, with every record readable.
        var page = await scenario.Admin.GetAsync(casePage);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("once only: reply", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Many_sessions_sending_at_once_are_all_stored_none_lost()
    {
        var scenario = fixture.Scenario;
        var server = scenario.Server;
        var people = new List<HavenClient>();
        for (var i = 0; i < 4; i++)
        {
            people.Add(await PersonAsync(server));
        }

        var (returning, caseId) = await PersonWithCaseAsync(server);
        using var _ = returning;
        using var second = await scenario.LoginAdminAsync();
        var before = await CountByKindAsync(server);

        // New requests, follow-ups in several tabs, replies and notes from two responders: all at once, all different.
        var sends = new List<Task<(HttpStatusCode Status, string Kind)>>();
        foreach (var (person, text) in people.Select((p, i) => (p, $"request {i}")))
        {
            var form = await person.GetAsync("/request");
            sends.Add(PostAsync(person, "/request", [F(form, "__af"), F(form, "Input.RecordId"), F(form, "Input.Ticket"), new("Input.Urgency", "days"), new("Input.Text", text)], RecordKinds.Request));
        }

        for (var i = 0; i < 6; i++)
        {
            var tab = await returning.GetAsync("/conversation");
            sends.Add(PostAsync(returning, "/conversation", [F(tab, "__af"), F(tab, "RecordId"), new("Text", $"tab {i}")], RecordKinds.Message));
            foreach (var responder in new[] { scenario.Admin, second })
            {
                var page = await responder.GetAsync($"/desk/case/{caseId}");
                sends.Add(PostAsync(responder, $"/desk/case/{caseId}/reply", [F(page, "__af"), F(page, "RecordId"), new("Text", $"reply {i}")], RecordKinds.Reply));
                sends.Add(PostAsync(responder, $"/desk/case/{caseId}?handler=note", [F(page, "__af"), F(page, "NoteId"), new("NoteText", $"note {i}")], RecordKinds.Note));
            }
        }

        var results = await Task.WhenAll(sends);
        foreach (var person in people)
        {
            person.Dispose();
        }

        // Every answer is a success or a clear refusal (a throttle's 429); what succeeded is stored, once.
        Assert.All(results, r => Assert.True(r.Status is HttpStatusCode.Redirect or HttpStatusCode.TooManyRequests, $"{r.Kind}: {(int)r.Status}"));
        var after = await CountByKindAsync(server);
        foreach (var kind in new[] { RecordKinds.Request, RecordKinds.Message, RecordKinds.Reply, RecordKinds.Note })
        {
            var succeeded = results.Count(r => r.Kind == kind && r.Status == HttpStatusCode.Redirect);
            Assert.True(succeeded == after.GetValueOrDefault(kind) - before.GetValueOrDefault(kind), $"{kind}: {succeeded} acknowledged, {after.GetValueOrDefault(kind) - before.GetValueOrDefault(kind)} stored");
        }

        // With no throttle configured, nothing is refused.
        Assert.All(results, r => Assert.Equal(HttpStatusCode.Redirect, r.Status));
    }

    [Fact]
    public async Task Finishing_the_set_up_many_times_at_once_makes_one_administrator_and_never_a_500()
    {
        await using var server = await HavenServer.StartFreshAsync();
        var token = server.Services.GetRequiredService<SetupState>().Token!;
        using var client = server.CreateClient();
        var totpPage = await client.PostFormAsync($"/setup/{token}", $"/setup/{token}?handler=account", [new("Name", "Olga"), new("Passphrase", "a long passphrase one"), new("Confirm", "a long passphrase one")]);
        var secret = System.Text.RegularExpressions.Regex.Match(totpPage.Html, "id=\"totp-secret\">([A-Z2-7]+)<").Groups[1].Value;
        var recovery = await client.PostFormAsync($"/setup/{token}", $"/setup/{token}?handler=totp", [new("Code", TotpCodes.Compute(secret, server.Clock.GetUtcNow()))]);
        Assert.Contains("id=\"recovery-secret\"", recovery.Html, StringComparison.Ordinal);
        var af = HavenClient.Hidden(recovery.Html, "__af")!;

        var results = await SendAllAtOnceAsync(client, $"/setup/{token}?handler=finish", [new("__af", af), new("Stored", "true")], "finish", copies: 10);
        Assert.Contains(results, r => r == HttpStatusCode.Redirect);
        await using var db = await DbAsync(server);
        Assert.Equal(1, await db.Responders.CountAsync());
        var login = await client.LoginAsync("Olga", "a long passphrase one", TotpCodes.Compute(secret, server.Clock.GetUtcNow().AddSeconds(30)));
        Assert.Equal("/desk", login.Location.AbsolutePath);
    }

    private static async Task<Dictionary<string, int>> CountByKindAsync(HavenServer server)
    {
        await using var db = await DbAsync(server);
        return await db.Records.GroupBy(r => r.Kind).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
    }

    private static KeyValuePair<string, string> F(HavenClient.Page page, string name) => new(name, HavenClient.Hidden(page.Html, name) ?? throw new InvalidOperationException($"No {name} at {page.Location}"));

    private static async Task<(HttpStatusCode, string)> PostAsync(HavenClient client, string action, List<KeyValuePair<string, string>> fields, string kind)
    {
        using var content = new FormUrlEncodedContent(fields);
        using var response = await client.Http.PostAsync(action, content);
        await Answers.AssertSafeAsync(response, $"{kind} at {action}");
        return (response.StatusCode, kind);
    }

    /// <summary>Posts the same form <paramref name="copies"/> times at once; every answer must be below 500.</summary>
    private static async Task<HttpStatusCode[]> SendAllAtOnceAsync(HavenClient client, string action, List<KeyValuePair<string, string>> fields, string what, int copies = Copies)
    {
        using var start = new SemaphoreSlim(0);
        var sends = Enumerable.Range(0, copies).Select(async _ =>
        {
            using var content = new FormUrlEncodedContent(fields);
            await start.WaitAsync();
            using var response = await client.Http.PostAsync(action, content);
            await Answers.AssertSafeAsync(response, what);
            return response.StatusCode;
        }).ToList();
        start.Release(copies);
        return await Task.WhenAll(sends);
    }
}
