using Haven.Crypto;
using Haven.Web.Tests.Infrastructure;

namespace Haven.Web.Tests.Hostile;

/// <summary>
/// Forms sent as something else (JSON, plain text, multipart without a boundary or cut short, no body at
/// all), and forms with every value missing, of the wrong type, out of range or naming things that do not
/// exist: each is a 4xx with a page in the browser's language, and nothing is stored.
/// </summary>
public sealed class OddRequestTests(ScenarioFixture fixture) : IClassFixture<ScenarioFixture>
{
    [Fact]
    public async Task Every_form_sent_with_the_wrong_content_type_or_no_body_gets_a_4xx_and_stores_nothing()
    {
        var scenario = fixture.Scenario;
        var server = scenario.Server;
        var before = await Rows.CountAsync(server);
        var failures = new List<string>();
        foreach (var form in scenario.Forms)
        {
            var fields = await form.Fields("sent oddly");
            var urlEncoded = await form.UrlEncodedAsync(Uri.EscapeDataString("sent oddly"));
            var json = "{" + string.Join(',', fields.Select(f => $"\"{f.Key}\":\"{f.Value}\"")) + "}";
            var multipart = FormEncodingTests.Multipart("b", fields.Select(f => (f.Key, f.Value)));
            (string What, string? ContentType, string? Body)[] cases =
            [
                ("JSON", "application/json", json),
                ("plain text", "text/plain", urlEncoded),
                ("XML", "application/xml", "<form><Text>x</Text></form>"),
                ("no content type", null, urlEncoded),
                ("an empty form", "application/x-www-form-urlencoded", ""),
                ("no body at all", "application/x-www-form-urlencoded", null),
                ("multipart without a boundary", "multipart/form-data", multipart),
                ("multipart with another boundary", "multipart/form-data; boundary=zz", multipart),
                ("multipart cut short", "multipart/form-data; boundary=b", multipart[..(multipart.Length / 2)]),
                ("multipart without its end", "multipart/form-data; boundary=b", multipart.Replace("--b--\r\n", "", StringComparison.Ordinal)),
                ("a content type of garbage", "\u00FF/\u00FE; ;;boundary", urlEncoded),
            ];
            foreach (var (what, type, body) in cases)
            {
                var headers = new List<string> { RawHttp.CookieHeader(form.Client) };
                if (type is not null)
                {
                    headers.Add("Content-Type: " + type);
                }

                var response = await RawHttp.SendAsync(server, "POST", form.Action, headers, body);
                try
                {
                    Answers.AssertSafe(response, $"{form.Name}: {what}");
                    Assert.True(response.Status is >= 400 and < 500, $"{form.Name}: {what}: {response.Status}");
                    if (response.Header("Content-Type")?.StartsWith("text/html", StringComparison.Ordinal) == true || response.Body.Length > 0)
                    {
                        // The server itself refuses a request it cannot parse, with no page at all; anything with a page is localized.
                        Answers.AssertLocalized(response.Text, "en", $"{form.Name}: {what}");
                    }
                }
                catch (Xunit.Sdk.XunitException e)
                {
                    failures.Add(e.Message);
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        await Rows.AssertUnchangedAsync(server, before, "forms of the wrong type");
    }

    private static KeyValuePair<string, string> F(string name, string value) => new(name, value);

    [Fact]
    public async Task Values_missing_of_the_wrong_type_out_of_range_or_naming_nothing_get_a_4xx_and_store_nothing()
    {
        var scenario = fixture.Scenario;
        var server = scenario.Server;
        var admin = scenario.Admin;
        var casePage = $"/desk/case/{scenario.CaseId}";
        var before = await Rows.CountAsync(server);
        var failures = new List<string>();

        async Task Send(HavenClient client, string page, string action, string what, params KeyValuePair<string, string>[] fields)
        {
            var html = (await client.GetAsync(page)).Html;
            var sent = await client.PostAsync(action, [new("__af", HavenClient.Hidden(html, "__af")!), .. fields]);
            try
            {
                Answers.AssertSafe(sent, what);
                Assert.True((int)sent.Status is >= 400 and < 500, $"{what}: {(int)sent.Status} at {sent.Location.AbsolutePath}");
                Answers.AssertLocalized(sent.Html, "en", what);
            }
            catch (Xunit.Sdk.XunitException e)
            {
                failures.Add(e.Message);
            }
        }

        var huge = "99999999999999999999999";
        var notHex = new string('z', 32);
        await Send(scenario.Newcomer, "/request", "/request", "request: nothing but the token");
        await Send(scenario.Newcomer, "/request", "/request", "request: a record id of garbage", F("Input.RecordId", "../../x"), F("Input.Urgency", "now"), F("Input.Text", "x"));
        await Send(scenario.Newcomer, "/request", "/request", "request: urgency and help out of range", F("Input.RecordId", RandomId.New()), F("Input.Urgency", "yesterday"), F("Input.Help", "everything"), F("Input.Text", "x"));
        await Send(scenario.Person, "/conversation", "/conversation", "follow-up: no text and no record id");
        await Send(scenario.Person, "/conversation", "/conversation", "follow-up: a record id of garbage", F("RecordId", notHex), F("Text", "x"));
        await Send(scenario.Visitor, "/return", "/return", "return: a receipt of 10,000 digits", F("Receipt", new string('1', 10_000)));
        await Send(scenario.Visitor, "/desk/login", "/desk/login", "login: nothing but the token");
        await Send(scenario.Visitor, "/desk/login", "/desk/login", "login: an empty passphrase", F("Name", HavenServer.AdminName), F("Passphrase", ""), F("Code", "123456"));
        await Send(scenario.Visitor, "/desk/login", "/desk/login", "login: a code of 10,000 digits", F("Name", HavenServer.AdminName), F("Passphrase", "x"), F("Code", new string('9', 10_000)));
        await Send(admin, "/desk/account", "/desk/account", "account: an empty current passphrase", F("current", ""), F("passphrase", "a brand new passphrase"), F("confirm", "a brand new passphrase"));
        await Send(admin, casePage, $"{casePage}/reply", "reply: no text", F("RecordId", RandomId.New()));
        await Send(admin, casePage, $"{casePage}?handler=transition", "transition: a state by number", F("From", "0"), F("To", "4"), F("TransitionId", RandomId.New()));
        await Send(admin, casePage, $"{casePage}?handler=transition", "transition: an unknown state", F("To", "Paradise"), F("TransitionId", RandomId.New()));
        await Send(admin, casePage, $"{casePage}?handler=transition", "transition: closing with an outcome by number", F("To", "Closed"), F("Outcome", huge), F("TransitionId", RandomId.New()));
        await Send(admin, casePage, $"{casePage}?handler=transition", "transition: no transition id", F("To", "Closed"), F("Outcome", "Duplicate"));
        await Send(admin, casePage, $"{casePage}?handler=check", "check: an item id of letters", F("ItemId", "abc"), F("Ticked", "maybe"));
        await Send(admin, casePage, $"{casePage}?handler=check", "check: a huge item id", F("ItemId", huge), F("Ticked", "true"));
        await Send(admin, casePage, $"{casePage}?handler=data", "case data: a due date that is not a date", F("DataId", RandomId.New()), F("Data.Plan[0].Step", "x"), F("Data.Plan[0].Due", "2026-02-30"));
        await Send(admin, casePage, $"{casePage}?handler=data", "case data: a due date in year 99999", F("DataId", RandomId.New()), F("Data.Plan[0].Step", "x"), F("Data.Plan[0].Due", "99999-01-01"));
        await Send(admin, casePage, $"{casePage}?handler=data", "case data: no data id", F("Data.Needs", "x"));
        await Send(admin, casePage, $"{casePage}?handler=data", "case data: 300 tags", F("DataId", RandomId.New()), F("Data.Tags", string.Join(',', Enumerable.Range(0, 300))));
        await Send(admin, casePage, $"{casePage}?handler=data", "case data: rows named but never sent", [F("DataId", RandomId.New()), F("Data.Needs", "x"), .. Enumerable.Range(0, 40).Select(i => new KeyValuePair<string, string>("Data.Plan.index", $"r{i}")), F("Data.Plan[r3].Due", "someday")]);
        await Send(admin, casePage, $"{casePage}?handler=note", "note: no text", F("NoteId", RandomId.New()));
        await Send(admin, casePage, $"{casePage}?handler=grant", "grant: nobody", F("ResponderId", notHex));
        await Send(admin, casePage, $"{casePage}?handler=grant", "grant: a responder id of garbage", F("ResponderId", "'; DROP TABLE responders; --"));
        await Send(admin, casePage, $"{casePage}?handler=assign", "assign: nobody", F("ResponderId", notHex));
        await Send(admin, "/desk/checklist", "/desk/checklist?handler=add", "checklist: no text");
        await Send(admin, "/desk/checklist", "/desk/checklist?handler=add", "checklist: text too long", F("Text", new string('x', 5000)));
        await Send(admin, "/desk/checklist", "/desk/checklist?handler=move", "checklist: a direction sideways", F("ItemId", "1"), F("Direction", "sideways"));
        await Send(admin, "/desk/checklist", "/desk/checklist?handler=active", "checklist: a huge item id", F("ItemId", huge), F("Active", "false"));
        await Send(admin, "/desk/responders", "/desk/responders?handler=invite", "invite: a role by number", F("role", "0"));
        await Send(admin, "/desk/responders", "/desk/responders?handler=invite", "invite: no role");
        await Send(scenario.Visitor, $"/invite/{scenario.InviteToken}", $"/invite/{scenario.InviteToken}?handler=account", "enrolment: a name of 10,000 characters", F("Name", new string('n', 10_000)), F("passphrase", "a long enough passphrase"), F("confirm", "a long enough passphrase"));
        await Send(admin, "/desk/responders", "/desk/responders?handler=disable", "disable: an id of garbage", F("id", "../../x"));
        await Send(admin, "/desk/responders", "/desk/responders?handler=grantall", "grant all: nobody", F("id", RandomId.New()));

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        await Rows.AssertUnchangedAsync(server, before, "forms with odd values");
        await Answers.AssertStillUpAsync(server);
    }
}
