using System.Net;
using System.Text;
using Haven.Cases;
using Haven.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Haven.Web.Tests.Workflow.WorkflowDesk;

namespace Haven.Web.Tests.Workflow;

/// <summary>Structured case data in versions, and internal notes: encrypted records the person never sees.</summary>
public sealed class CaseDataHttpTests
{
    [Fact]
    public async Task Editing_the_case_data_saves_a_new_encrypted_version_and_keeps_the_history()
    {
        await using var server = await HavenServer.StartAsync();
        var (caseId, _) = await OpenCaseAsync(server);
        using var admin = await LoginAdminAsync(server);
        var page = await admin.GetAsync($"/desk/case/{caseId}");
        Assert.Contains("id=\"no-versions\"", page.Html, StringComparison.Ordinal);
        Assert.Contains("id=\"plan-warning\"", page.Html, StringComparison.Ordinal);
        Assert.Contains("never share them with the person before the case is in Planning", page.Html, StringComparison.Ordinal);

        var first = await SaveAsync(admin, caseId, new()
        {
            ["Data.Needs"] = "Documents and a ticket",
            ["Data.Region"] = "North Caucasus",
            ["Data.Dependants"] = "One child, 6",
            ["Data.Risks"] = "Family searching; phone seized once",
            ["Data.Contact"] = "Signal, evenings after 21:00",
            ["Data.Plan[0].Step"] = "Meet partner at the station",
            ["Data.Plan[0].Due"] = "2026-12-02",
            ["Data.Plan[1].Step"] = "",
            ["Data.Plan[1].Due"] = "",
            ["Data.Plan[2].Step"] = "Bus to the border",
            ["Data.Plan[2].Due"] = "",
            ["Data.Tags"] = "family, urgent, Family",
        });
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Contains("value=\"North Caucasus\"", first.Html, StringComparison.Ordinal);
        Assert.Contains("value=\"family, urgent\"", first.Html, StringComparison.Ordinal);
        Assert.Contains("value=\"2026-12-02\"", first.Html, StringComparison.Ordinal);
        Assert.Contains("Version 1", first.Html, StringComparison.Ordinal);

        var second = await SaveAsync(admin, caseId, new()
        {
            ["Data.Needs"] = "Documents and a ticket",
            ["Data.Region"] = "Moscow, in hiding",
            ["Data.Plan[0].Step"] = "Meet partner at the station",
            ["Data.Plan[0].Due"] = "2026-12-03",
            ["Data.Tags"] = "family",
        });
        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.Contains("value=\"Moscow, in hiding\"", second.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"North Caucasus\"", second.Html, StringComparison.Ordinal);

        // The history shows both versions, newest first, the earlier one still readable.
        Assert.Contains("Version 2", second.Html, StringComparison.Ordinal);
        Assert.Contains("Version 1", second.Html, StringComparison.Ordinal);
        Assert.True(second.Html.IndexOf("Version 2", StringComparison.Ordinal) < second.Html.IndexOf("Version 1", StringComparison.Ordinal));
        Assert.Contains("North Caucasus", second.Html, StringComparison.Ordinal);
        Assert.Contains("Bus to the border", second.Html, StringComparison.Ordinal);

        await using var db = await Db(server);
        var versions = await db.Records.AsNoTracking().Where(r => r.CaseId == caseId && r.Kind == RecordKinds.CaseData).OrderBy(r => r.Seq).ToListAsync();
        Assert.Equal(2, versions.Count);
        Assert.All(versions, v => Assert.Null(v.KeyForSource));
        Assert.All(versions, v => Assert.DoesNotContain("Caucasus", Encoding.UTF8.GetString(v.Ciphertext), StringComparison.Ordinal));
        var json = await OpenWithRecoveryAsync(server, versions[0]);
        foreach (var field in new[] { "\"data\":{", "\"needs\":\"Documents and a ticket\"", "\"region\":\"North Caucasus\"", "\"dependants\":\"One child, 6\"", "\"risks\":", "\"contact\":\"Signal, evenings after 21:00\"", "\"plan\":[{\"step\":\"Meet partner at the station\",\"due\":\"2026-12-02\"},{\"step\":\"Bus to the border\"", "\"tags\":[\"family\",\"urgent\"]" })
        {
            Assert.Contains(field, json, StringComparison.Ordinal);
        }

        Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.CaseId == caseId && e.Action == "case.data"));

        // Saving the same data again stores nothing and says so.
        var same = await SaveAsync(admin, caseId, new()
        {
            ["Data.Needs"] = "Documents and a ticket ",
            ["Data.Region"] = "Moscow, in hiding",
            ["Data.Plan[0].Step"] = "Meet partner at the station",
            ["Data.Plan[0].Due"] = "2026-12-03",
            ["Data.Tags"] = "family,",
        });
        Assert.Contains("Nothing changed, so no new version was saved.", same.Html, StringComparison.Ordinal);
        Assert.Equal(2, await db.Records.CountAsync(r => r.CaseId == caseId && r.Kind == RecordKinds.CaseData));
    }

    [Fact]
    public async Task Invalid_case_data_is_refused_and_what_was_typed_is_kept()
    {
        await using var server = await HavenServer.StartAsync("--Haven:Workflow:MaxTextLength=200");
        var (caseId, _) = await OpenCaseAsync(server);
        using var admin = await LoginAdminAsync(server);
        var badDate = await SaveAsync(admin, caseId, new() { ["Data.Needs"] = "kept needs", ["Data.Plan[0].Step"] = "step", ["Data.Plan[0].Due"] = "next tuesday" });
        Assert.Equal(HttpStatusCode.BadRequest, badDate.Status);
        Assert.Contains("A due date is not a valid date", badDate.Html, StringComparison.Ordinal);
        Assert.Contains(">kept needs</textarea>", badDate.Html, StringComparison.Ordinal);
        Assert.Contains("value=\"next tuesday\"", badDate.Html, StringComparison.Ordinal);

        var tooLong = await SaveAsync(admin, caseId, new() { ["Data.Risks"] = new string('r', 201) });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.Status);
        Assert.Contains("at most 200 characters", tooLong.Html, StringComparison.Ordinal);
        var tags = await SaveAsync(admin, caseId, new() { ["Data.Tags"] = string.Join(',', Enumerable.Range(0, 21).Select(i => "t" + i)) });
        Assert.Equal(HttpStatusCode.BadRequest, tags.Status);

        await using var db = await Db(server);
        Assert.False(await db.Records.AnyAsync(r => r.CaseId == caseId && r.Kind == RecordKinds.CaseData));
    }

    [Fact]
    public async Task Notes_are_encrypted_to_the_case_listed_on_the_desk_and_never_shown_to_the_person()
    {
        const string Note = "Internal: caller sounded coached — marker 91c2";
        await using var server = await HavenServer.StartAsync();
        var (caseId, receipt) = await OpenCaseAsync(server);
        using var admin = await LoginAdminAsync(server);
        await admin.ReplyAsync(caseId, "We have your message.");
        var added = await admin.AddNoteAsync(caseId, Note);
        Assert.Equal(HttpStatusCode.OK, added.Status);
        Assert.Contains(Note, added.Html, StringComparison.Ordinal);
        Assert.Contains("Admin", added.Html[added.Html.IndexOf("id=\"notes\"", StringComparison.Ordinal)..], StringComparison.Ordinal);
        await SaveAsync(admin, caseId, new() { ["Data.Risks"] = "risk marker 55ab" });

        var empty = await admin.AddNoteAsync(caseId, "  ");
        Assert.Equal(HttpStatusCode.BadRequest, empty.Status);
        Assert.Contains("Please write the note.", empty.Html, StringComparison.Ordinal);

        await using (var db = await Db(server))
        {
            var note = await db.Records.AsNoTracking().SingleAsync(r => r.CaseId == caseId && r.Kind == RecordKinds.Note);
            Assert.Null(note.KeyForSource);
            Assert.Contains("marker 91c2", await OpenWithRecoveryAsync(server, note), StringComparison.Ordinal);
            Assert.True(await db.AuditEntries.AnyAsync(e => e.CaseId == caseId && e.Action == "case.note" && e.SubjectId == note.Id));
        }

        using var person = server.CreateClient();
        var conversation = await person.ReturnAsync(receipt);
        Assert.Equal("/conversation", conversation.Location.AbsolutePath);
        Assert.Contains("We have your message.", conversation.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("marker 91c2", conversation.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("marker 55ab", conversation.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_form_comes_back_with_its_own_fields_and_none_of_another_forms()
    {
        await using var server = await HavenServer.StartAsync("--Haven:Workflow:MaxTextLength=200");
        var (caseId, _) = await OpenCaseAsync(server);
        using var admin = await LoginAdminAsync(server);
        List<KeyValuePair<string, string>> foreign = [new("Reason", "reason marker 4d1e"), new("Outcome", "Declined"), new("Text", "reply marker 4d1e"), new("Data.Needs", "needs marker 4d1e"), new("DataId", "data marker 4d1e")];

        var page = await admin.GetAsync($"/desk/case/{caseId}");
        var typed = "note kept 7a3f " + new string('n', 200);
        var note = await admin.PostAsync(
            $"/desk/case/{caseId}?handler=note",
            [new("__af", HavenClient.Hidden(page.Html, "__af")!), new("NoteId", HavenClient.Hidden(page.Html, "NoteId")!), new("NoteText", typed), .. foreign]);
        Assert.Equal(HttpStatusCode.BadRequest, note.Status);
        Assert.Contains($">{typed}</textarea>", note.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("marker 4d1e", note.Html, StringComparison.Ordinal);
        Assert.Contains("<option value=\"Declined\">", note.Html, StringComparison.Ordinal);

        page = await admin.GetAsync($"/desk/case/{caseId}");
        var move = await admin.PostAsync(
            $"/desk/case/{caseId}?handler=transition",
            [new("__af", HavenClient.Hidden(page.Html, "__af")!), new("From", "New"), new("TransitionId", HavenClient.Hidden(page.Html, "TransitionId")!), new("To", "Nowhere"), new("Reason", "reason kept 7a3f"), new("NoteText", "note marker 4d1e"), new("Data.Needs", "needs marker 4d1e")]);
        Assert.Equal(HttpStatusCode.BadRequest, move.Status);
        Assert.Contains(">reason kept 7a3f</textarea>", move.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("marker 4d1e", move.Html, StringComparison.Ordinal);

        await using var db = await Db(server);
        Assert.False(await db.Records.AnyAsync(r => r.CaseId == caseId && (r.Kind == RecordKinds.Note || r.Kind == RecordKinds.CaseData || r.Kind == RecordKinds.Transition)));
    }

    private static async Task<HavenClient.Page> SaveAsync(HavenClient client, string caseId, Dictionary<string, string> fields)
    {
        var page = await client.GetAsync($"/desk/case/{caseId}");
        List<KeyValuePair<string, string>> all = [new("__af", HavenClient.Hidden(page.Html, "__af")!), new("DataId", HavenClient.Hidden(page.Html, "DataId")!), .. fields];
        return await client.PostAsync($"/desk/case/{caseId}?handler=data", all);
    }
}
