using System.Net;
using Haven.Accounts;
using Haven.Cases;
using Haven.Crypto;
using Haven.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Haven.Web.Tests.Workflow.WorkflowDesk;

namespace Haven.Web.Tests.Workflow;

/// <summary>Compartmentalization on the case page: grants, revocation with key rotation, assignment.</summary>
public sealed class GrantsHttpTests
{
    [Fact]
    public async Task A_granted_caseworker_works_the_case_and_after_revocation_finds_nothing_and_holds_no_key_to_new_records()
    {
        await using var server = await HavenServer.StartAsync();
        var (caseId, _) = await OpenCaseAsync(server, "request marker 3d1e");
        var worker = await AddResponderAsync(server, "Worker", ResponderRole.Caseworker);
        using var admin = await LoginAdminAsync(server);

        var before = await admin.GetAsync($"/desk/case/{caseId}");
        Assert.Contains($"<option value=\"{worker.Id}\">Worker", before.Html, StringComparison.Ordinal);
        var granted = await admin.PostWithTokenAsync($"/desk/case/{caseId}", $"/desk/case/{caseId}?handler=grant", [new("ResponderId", worker.Id)]);
        Assert.Equal(HttpStatusCode.OK, granted.Status);
        Assert.Contains($"id=\"holder-{worker.Id}\"", granted.Html, StringComparison.Ordinal);

        using (var client = await LoginAsync(server, worker))
        {
            Assert.Contains(caseId, await client.InboxCaseIdsAsync());
            var page = await client.GetAsync($"/desk/case/{caseId}");
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Contains("request marker 3d1e", page.Html, StringComparison.Ordinal);
            Assert.DoesNotContain("id=\"access\"", page.Html, StringComparison.Ordinal);
            await client.WalkAsync(caseId, "Triage");
            Assert.Equal(HttpStatusCode.OK, (await client.AddNoteAsync(caseId, "worker note marker 0a0a")).Status);
        }

        var revoked = await admin.PostWithTokenAsync($"/desk/case/{caseId}", $"/desk/case/{caseId}?handler=revoke", [new("ResponderId", worker.Id)]);
        Assert.Equal(HttpStatusCode.OK, revoked.Status);
        Assert.DoesNotContain($"id=\"holder-{worker.Id}\"", revoked.Html, StringComparison.Ordinal);
        Assert.Equal(2, (await CaseAsync(server, caseId)).KeyGeneration);
        await admin.AddNoteAsync(caseId, "after revocation marker 7b7b");

        using (var client = await LoginAsync(server, worker, step: 1))
        {
            Assert.DoesNotContain(caseId, await client.InboxCaseIdsAsync());
            var page = await client.GetAsync($"/desk/case/{caseId}");
            Assert.Equal(HttpStatusCode.NotFound, page.Status);
            Assert.DoesNotContain("marker", page.Html, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.NotFound, (await client.PostWithTokenAsync("/desk", $"/desk/case/{caseId}?handler=note", [new("NoteText", "x"), new("NoteId", RandomId.New())])).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await client.PostWithTokenAsync("/desk", $"/desk/case/{caseId}?handler=transition", [new("To", "Verification"), new("TransitionId", RandomId.New())])).Status);
        }

        await using (var db = await Db(server))
        {
            var after = await db.Records.AsNoTracking().Where(r => r.CaseId == caseId && r.Kind == RecordKinds.Note).OrderBy(r => r.Seq).ToListAsync();
            Assert.Equal([1, 2], after.Select(r => r.KeyGeneration));
            Assert.False(await db.CaseKeySeals.AnyAsync(s => s.CaseId == caseId && s.ResponderId == worker.Id));
            Assert.False(await db.CaseKeySeals.AnyAsync(s => s.CaseId == caseId && s.ResponderId == worker.Id && s.Generation == after[1].KeyGeneration));
            Assert.True(await db.CaseKeySeals.AnyAsync(s => s.CaseId == caseId && s.ResponderId == null && s.Generation == 2));
            Assert.True(await db.AuditEntries.AnyAsync(e => e.CaseId == caseId && e.Action == "case.revoked" && e.SubjectId == worker.Id));
        }

        // The administrator still reads what was written before and after the revocation.
        var adminPage = await admin.GetAsync($"/desk/case/{caseId}");
        Assert.Contains("request marker 3d1e", adminPage.Html, StringComparison.Ordinal);
        Assert.Contains("worker note marker 0a0a", adminPage.Html, StringComparison.Ordinal);
        Assert.Contains("after revocation marker 7b7b", adminPage.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("This record could not be decrypted.", adminPage.Html, StringComparison.Ordinal);
        Assert.Contains("generation 2", adminPage.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_grant_sent_during_a_revocation_gives_the_grantee_the_new_key_generation_too()
    {
        await using var server = await HavenServer.StartAsync();
        var (caseId, _) = await OpenCaseAsync(server);
        var leaving = await AddResponderAsync(server, "Leaving", ResponderRole.Caseworker);
        using var first = await LoginAdminAsync(server);
        using var second = await LoginAdminAsync(server, step: 1);
        var path = $"/desk/case/{caseId}";
        for (var round = 0; round < 6; round++)
        {
            // One administrator revokes a caseworker (rotating the key) while another grants a newcomer.
            Assert.Equal(HttpStatusCode.OK, (await first.PostWithTokenAsync(path, path + "?handler=grant", [new("ResponderId", leaving.Id)])).Status);
            var joining = await AddResponderAsync(server, $"Joining {round}", ResponderRole.Caseworker);
            var revokeToken = HavenClient.Hidden((await first.GetAsync(path)).Html, "__af")!;
            var grantToken = HavenClient.Hidden((await second.GetAsync(path)).Html, "__af")!;
            var answers = await Task.WhenAll(
                first.PostAsync(path + "?handler=revoke", [new("__af", revokeToken), new("ResponderId", leaving.Id)]),
                second.PostAsync(path + "?handler=grant", [new("__af", grantToken), new("ResponderId", joining.Id)]));
            Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));

            // Whichever came first, the newcomer holds the key of the current generation: new records stay readable to them.
            var current = (await CaseAsync(server, caseId)).KeyGeneration;
            await using var db = await Db(server);
            Assert.True(await db.CaseKeySeals.AnyAsync(s => s.CaseId == caseId && s.ResponderId == joining.Id && s.Generation == current), $"round {round}: no seal of generation {current}");
            Assert.False(await db.CaseKeySeals.AnyAsync(s => s.CaseId == caseId && s.ResponderId == leaving.Id));
        }
    }

    [Fact]
    public async Task An_analyst_cannot_be_granted_a_case()
    {
        await using var server = await HavenServer.StartAsync();
        var (caseId, _) = await OpenCaseAsync(server);
        var analyst = await AddResponderAsync(server, "Analyst", ResponderRole.Analyst);
        using var admin = await LoginAdminAsync(server);
        var page = await admin.GetAsync($"/desk/case/{caseId}");
        Assert.DoesNotContain(analyst.Id, page.Html, StringComparison.Ordinal);

        var refused = await admin.PostWithTokenAsync($"/desk/case/{caseId}", $"/desk/case/{caseId}?handler=grant", [new("ResponderId", analyst.Id)]);
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("That responder cannot hold cases", refused.Html, StringComparison.Ordinal);
        var assigned = await admin.PostWithTokenAsync($"/desk/case/{caseId}", $"/desk/case/{caseId}?handler=assign", [new("ResponderId", analyst.Id)]);
        Assert.Equal(HttpStatusCode.BadRequest, assigned.Status);

        await using var db = await Db(server);
        Assert.False(await db.CaseKeySeals.AnyAsync(s => s.ResponderId == analyst.Id));
        Assert.Null((await CaseAsync(server, caseId)).AssignedTo);
    }

    [Fact]
    public async Task A_coordinator_assigns_and_unassigns_and_a_caseworker_cannot_manage_grants()
    {
        await using var server = await HavenServer.StartAsync();
        var (caseId, _) = await OpenCaseAsync(server);
        var coordinator = await AddResponderAsync(server, "Coordinator", ResponderRole.Coordinator);
        var worker = await AddResponderAsync(server, "Worker", ResponderRole.Caseworker);
        var other = await AddResponderAsync(server, "Other", ResponderRole.Caseworker);
        using (var admin = await LoginAdminAsync(server))
        {
            await admin.PostWithTokenAsync($"/desk/case/{caseId}", $"/desk/case/{caseId}?handler=grant", [new("ResponderId", coordinator.Id)]);
        }

        using var lead = await LoginAsync(server, coordinator);
        var page = await lead.GetAsync($"/desk/case/{caseId}");
        Assert.Contains("id=\"access\"", page.Html, StringComparison.Ordinal);
        Assert.Contains("<dd id=\"assigned\">nobody</dd>", page.Html, StringComparison.Ordinal);

        // Assigning someone who does not hold the case grants it too.
        var assigned = await lead.PostWithTokenAsync($"/desk/case/{caseId}", $"/desk/case/{caseId}?handler=assign", [new("ResponderId", worker.Id)]);
        Assert.Contains("<dd id=\"assigned\">Worker</dd>", assigned.Html, StringComparison.Ordinal);
        Assert.Equal(worker.Id, (await CaseAsync(server, caseId)).AssignedTo);
        Assert.Contains($"id=\"holder-{worker.Id}\"", assigned.Html, StringComparison.Ordinal);

        using (var client = await LoginAsync(server, worker))
        {
            var path = $"/desk/case/{caseId}";
            Assert.Equal(HttpStatusCode.NotFound, (await client.PostWithTokenAsync(path, path + "?handler=grant", [new("ResponderId", other.Id)])).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await client.PostWithTokenAsync(path, path + "?handler=revoke", [new("ResponderId", coordinator.Id)])).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await client.PostWithTokenAsync(path, path + "?handler=assign", [new("ResponderId", "")])).Status);
        }

        var self = await lead.PostWithTokenAsync($"/desk/case/{caseId}", $"/desk/case/{caseId}?handler=revoke", [new("ResponderId", coordinator.Id)]);
        Assert.Equal(HttpStatusCode.BadRequest, self.Status);
        Assert.Contains("You cannot revoke your own access", self.Html, StringComparison.Ordinal);

        var unassigned = await lead.PostWithTokenAsync($"/desk/case/{caseId}", $"/desk/case/{caseId}?handler=assign", [new("ResponderId", "")]);
        Assert.Contains("<dd id=\"assigned\">nobody</dd>", unassigned.Html, StringComparison.Ordinal);
        await using var db = await Db(server);
        Assert.Null((await CaseAsync(server, caseId)).AssignedTo);
        Assert.False(await db.CaseKeySeals.AnyAsync(s => s.ResponderId == other.Id));
        Assert.Equal(["case.assigned", "case.unassigned"], await db.AuditEntries.AsNoTracking().Where(e => e.CaseId == caseId && e.Action.EndsWith("assigned")).OrderBy(e => e.Seq).Select(e => e.Action).ToListAsync());
    }
}
