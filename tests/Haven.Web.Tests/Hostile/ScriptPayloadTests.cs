using System.Net;
using Haven.Accounts;
using Haven.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Haven.Web.Tests.Files.FileTestKit;

namespace Haven.Web.Tests.Hostile;

/// <summary>
/// Script and markup in every field a person or a responder can write, and in file names, comes back as
/// text: escaped on the person's conversation page and on every desk page that shows it, never as markup,
/// never as a link, with a right-to-left override unable to turn the text around it, and under the CSP.
/// </summary>
public sealed class ScriptPayloadTests(ScenarioFixture fixture) : IClassFixture<ScenarioFixture>
{
    private const string Override = "\u202E";

    [Fact]
    public async Task Script_in_every_field_and_file_name_comes_back_escaped_on_the_persons_and_the_desks_pages()
    {
        var scenario = fixture.Scenario;
        var server = scenario.Server;
        var admin = scenario.Admin;

        // A person's request with a file, then a follow-up with a file.
        using var person = await PersonAsync(server);
        var form = (await person.GetAsync("/request")).Html;
        var sent = await UploadAsync(person, "/request", [Hidden(form, "__af"), Hidden(form, "Input.RecordId"), Hidden(form, "Input.Ticket"), new("Input.Urgency", "now"), new("Input.Text", Payload("REQUEST"))], Payload("FILEREQ") + ".pdf");
        Assert.Equal(HttpStatusCode.Redirect, sent);
        string caseId;
        await using (var db = await DbAsync(server))
        {
            caseId = await db.Cases.Where(c => c.Id != scenario.CaseId).Select(c => c.Id).SingleAsync();
        }

        form = (await person.GetAsync("/conversation")).Html;
        Assert.Equal(HttpStatusCode.Redirect, await UploadAsync(person, "/conversation", [Hidden(form, "__af"), Hidden(form, "RecordId"), new("Text", Payload("FOLLOWUP"))], Payload("FILEMSG") + ".txt"));

        // The desk writes back: a reply with a file, a note, case data, a step with a reason, a checklist item.
        var casePage = $"/desk/case/{caseId}";
        form = (await admin.GetAsync(casePage)).Html;
        Assert.Equal(HttpStatusCode.Redirect, await UploadAsync(admin, $"{casePage}/reply", [Hidden(form, "__af"), Hidden(form, "RecordId"), new("Text", Payload("REPLY"))], Payload("FILEREPLY") + ".doc"));
        Assert.Equal(HttpStatusCode.OK, (await Post(admin, casePage, "note", [new("NoteText", Payload("NOTE"))], "NoteId")).Status);
        Assert.Equal(HttpStatusCode.OK, (await Post(admin, casePage, "data",
        [
            new("Data.Needs", Payload("NEEDS")), new("Data.Region", Payload("REGION")), new("Data.Dependants", Payload("DEPENDANTS")), new("Data.Risks", Payload("RISKS")),
            new("Data.Contact", Payload("DATACONTACT")), new("Data.Tags", Payload("TAG").Replace(",", "", StringComparison.Ordinal)[..40] + ", " + "TAG2<b>x</b>"),
            new("Data.Plan[0].Step", Payload("STEP")), new("Data.Plan[0].Due", "2026-12-24"),
        ], "DataId")).Status);
        var page = await admin.GetAsync(casePage);
        var to = System.Text.RegularExpressions.Regex.Match(page.Html, "name=\"To\" value=\"([A-Za-z]+)\"").Groups[1].Value;
        Assert.Equal(HttpStatusCode.OK, (await Post(admin, casePage, "transition", [new("From", HavenClient.Hidden(page.Html, "From")!), new("To", to), new("Reason", Payload("REASON"))], "TransitionId")).Status);
        var checklist = await admin.PostFormAsync("/desk/checklist", "/desk/checklist?handler=add", [new("Text", Payload("ITEM"))]);
        Assert.Equal(HttpStatusCode.OK, checklist.Status);

        // A name with a right-to-left override is refused: names are shown inline, in buttons and lists.
        using (var invitee = server.CreateClient())
        {
            var token = await HostileScenario.InviteAsync(admin);
            var refused = await invitee.PostFormAsync($"/invite/{token}", $"/invite/{token}?handler=account", [new("Name", "Ana" + Override + "nimda"), new("Passphrase", "a long enough passphrase"), new("Confirm", "a long enough passphrase")]);
            Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
            Answers.AssertLocalized(refused.Html, "en", "name with an override");
        }

        // A responder who chose a name with markup in it, granted the case.
        var enrolled = await EnrolAsync(scenario, "NAME<script>alert(1)</script><img src=x onerror=alert(1)>");
        var grant = await admin.PostFormAsync(casePage, $"{casePage}?handler=grant", [new("ResponderId", enrolled)]);
        Assert.Equal(HttpStatusCode.OK, grant.Status);

        // Every page that shows any of it.
        var failures = new List<string>();
        var conversation = await person.GetAsync("/conversation");
        Check(failures, conversation, "conversation", ["REPLY"]);
        var desk = await admin.GetAsync(casePage);
        Check(failures, desk, "case", ["REQUEST", "FOLLOWUP", "REPLY", "NOTE", "NEEDS", "REGION", "DEPENDANTS", "RISKS", "DATACONTACT", "STEP", "REASON", "ITEM", "NAME"]);
        Assert.Contains("TAG2&lt;b&gt;x&lt;/b&gt;", desk.Html, StringComparison.Ordinal);

        // File names keep their last segment (after the slash of "</a>"): escaped, isolated, the override shown as a marker.
        const string Marker = "(\u27E8|&#x27E8;)U(\\+|&#x2B;)202E(\u27E9|&#x27E9;)";
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Count(desk.Html, "<bdi>a&gt;" + Marker + "gpj\\.exe\\.(pdf|txt|doc)</bdi>"));
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(conversation.Html, "<bdi>a&gt;" + Marker + "gpj\\.exe\\.doc</bdi>"));
        Check(failures, await admin.GetAsync("/desk"), "inbox", []);
        Check(failures, await admin.GetAsync("/desk/audit"), "audit", ["NAME"]);
        Check(failures, await admin.GetAsync("/desk/checklist"), "checklist", ["ITEM"]);
        Check(failures, await admin.GetAsync("/desk/responders"), "responders", ["NAME"]);
        Check(failures, await admin.GetAsync($"{casePage}/reply"), "reply page", []);
        foreach (var fileId in System.Text.RegularExpressions.Regex.Matches(desk.Html, $"href=\"{casePage}/files/([0-9a-f]{{32}})\"").Select(m => m.Groups[1].Value).Distinct())
        {
            Check(failures, await admin.GetAsync($"{casePage}/files/{fileId}"), "file " + fileId, []);
        }


        // The contact a person leaves with a request, on another case.
        using var other = await PersonAsync(server);
        Assert.Equal("/sent", (await other.SubmitRequestAsync("help", contact: Payload("CONTACT"))).Location.AbsolutePath);
        string otherCase;
        await using (var db = await DbAsync(server))
        {
            otherCase = await db.Cases.Where(c => c.Id != scenario.CaseId && c.Id != caseId).Select(c => c.Id).SingleAsync();
        }

        Check(failures, await admin.GetAsync($"/desk/case/{otherCase}"), "other case", ["CONTACT"]);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Text_typed_into_a_form_that_was_refused_comes_back_escaped_in_the_form()
    {
        var scenario = fixture.Scenario;
        var failures = new List<string>();
        foreach (var form in scenario.Forms.Where(f => f.Name is not ("login" or "account" or "invitation" or "return")))
        {
            // Sent without its token: refused, and what was typed is shown again where the form re-renders.
            var fields = (await form.Fields(Payload("BACK"))).Where(f => f.Key != "__af").Append(new("__af", "forged")).ToList();
            var page = await form.Client.PostAsync(form.Action, fields);
            Assert.Equal(HttpStatusCode.BadRequest, page.Status);
            Check(failures, page, form.Name + " refused", []);
        }

        // Too long: the request form keeps the text, escaped.
        var tooLong = await scenario.Form("request").PostAsync(Payload("LONG") + new string('x', 100_001));
        Check(failures, tooLong, "request too long", ["LONG"]);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>What an attacker would type: script, an attribute break-out, a textarea break-out, a script link, and a right-to-left override.</summary>
    private static string Payload(string marker) =>
        $"{marker}<script>alert('{marker}')</script>\"><img src=x onerror=alert(1)>'</textarea></title><svg onload=alert(1)><a href=\"javascript:alert(1)\">x</a>{Override}gpj.exe";

    private static void Check(List<string> failures, HavenClient.Page page, string what, string[] markers)
    {
        try
        {
            Assert.True(page.Status == HttpStatusCode.OK || (int)page.Status is >= 400 and < 500, $"{what}: {(int)page.Status}");
            Assert.True(page.Response.Headers.Contains("Content-Security-Policy"), $"{what}: no CSP");
            foreach (var raw in new[] { "<script", "<img src=x", "<svg", "href=\"javascript:", "<a href=\"javascript", "</title><", "</textarea></title>" })
            {
                Assert.False(page.Html.Contains(raw, StringComparison.OrdinalIgnoreCase), $"{what}: raw \"{raw}\" in the page");
            }

            foreach (var marker in markers)
            {
                Assert.True(page.Html.Contains($"{marker}&lt;script&gt;alert(", StringComparison.Ordinal), $"{what}: {marker} not shown escaped");
            }

            AssertOverridesContained(page.Html, what);
        }
        catch (Xunit.Sdk.XunitException e)
        {
            failures.Add(e.Message);
        }
    }

    /// <summary>
    /// Each right-to-left override is where it cannot turn other text around: in a <c>bdi</c>, in a form field's
    /// value, or as the whole content of a block of its own (a paragraph, a definition, a table cell).
    /// </summary>
    private static void AssertOverridesContained(string html, string what)
    {
        for (var at = html.IndexOf(Override, StringComparison.Ordinal); at >= 0; at = html.IndexOf(Override, at + 1, StringComparison.Ordinal))
        {
            var open = html.LastIndexOf('<', at);
            var closeBracket = html.LastIndexOf('>', at);
            if (open > closeBracket)
            {
                continue; // Inside a tag: an attribute value.
            }

            var tag = html[open..(closeBracket + 1)];
            var name = tag.TrimStart('<').Split([' ', '>'])[0];
            var next = html.IndexOf('<', at);
            var contained = name is "bdi" or "textarea" or "title" || (name is "p" or "dd" or "td" && next >= 0 && html.AsSpan(next).StartsWith($"</{name}>"));
            Assert.True(contained && next >= 0 && html.AsSpan(next).StartsWith($"</{name}>"), $"{what}: a right-to-left override not contained in {tag}…{html[at..Math.Min(html.Length, at + 60)]}");
        }
    }

    private static KeyValuePair<string, string> Hidden(string html, string name) => new(name, HavenClient.Hidden(html, name)!);

    /// <summary>Sends an upload form with one file whose name is sent exactly (RFC 5987), as curl would.</summary>
    private static async Task<HttpStatusCode> UploadAsync(HavenClient client, string action, List<KeyValuePair<string, string>> fields, string fileName)
    {
        using var body = new Files.RawMultipart([.. fields.Select(f => Files.RawPart.Field(f.Key, f.Value)), Files.RawPart.FileStar(fileName, Bytes(RandomBytes(100)))]);
        using var response = await client.Http.PostAsync(action, body);
        return response.StatusCode;
    }

    private static async Task<HavenClient.Page> Post(HavenClient client, string page, string handler, List<KeyValuePair<string, string>> fields, string idField)
    {
        var html = (await client.GetAsync(page)).Html;
        return await client.PostAsync($"{page}?handler={handler}", [new("__af", HavenClient.Hidden(html, "__af")!), new(idField, HavenClient.Hidden(html, idField)!), .. fields]);
    }

    /// <summary>Enrols a responder through an invitation link with the given name; returns their id.</summary>
    private static async Task<string> EnrolAsync(HostileScenario scenario, string name)
    {
        var server = scenario.Server;
        using var invitee = server.CreateClient();
        var token = await HostileScenario.InviteAsync(scenario.Admin);
        var start = await invitee.PostFormAsync($"/invite/{token}", $"/invite/{token}?handler=account", [new("Name", name), new("Passphrase", "a long enough passphrase"), new("Confirm", "a long enough passphrase")]);
        Assert.Equal(HttpStatusCode.OK, start.Status);
        var secret = System.Text.RegularExpressions.Regex.Match(start.Html, "id=\"totp-secret\">([A-Z2-7]+)<").Groups[1].Value;
        var done = await invitee.PostFormAsync($"/invite/{token}", $"/invite/{token}?handler=totp", [new("Code", TotpCodes.Compute(secret, server.Clock.GetUtcNow()))]);
        Assert.Equal("/desk/login", done.Location.AbsolutePath);
        await using var db = await DbAsync(server);
        return await db.Responders.Where(r => r.Name == name).Select(r => r.Id).SingleAsync();
    }
}
