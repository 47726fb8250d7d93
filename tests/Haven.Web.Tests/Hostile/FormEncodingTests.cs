using System.Net;
using System.Text;
using Haven.Cases;
using Haven.Web.Setup;
using Haven.Web.Tests.Canary;
using Haven.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Haven.Web.Tests.Files.FileTestKit;

namespace Haven.Web.Tests.Hostile;

/// <summary>
/// Forms are UTF-8. Bytes that are not (in url-encoded values and names, in multipart fields), and forms
/// that claim another charset, are refused with a localized 4xx and store nothing, on every form; valid
/// UTF-8 of any script, including a literal replacement character, still goes through.
/// </summary>
public sealed class FormEncodingTests(ScenarioFixture fixture) : IClassFixture<ScenarioFixture>
{
    [Fact]
    public async Task Bytes_that_are_not_UTF8_in_any_form_are_refused_with_a_localized_4xx_and_store_nothing()
    {
        var scenario = fixture.Scenario;
        var server = scenario.Server;
        var before = await Rows.CountAsync(server);
        var failures = new List<string>();
        foreach (var form in scenario.Forms)
        {
            var body = await form.TemplateAsync();
            foreach (var (name, value) in BadUtf8.Values)
            {
                Check(failures, await form.SendAsync(server, body(value, null)), $"{form.Name}, {name}", expected: 400);
            }

            // In the name of a field instead of its value.
            Check(failures, await form.SendAsync(server, body("x", Uri.EscapeDataString(form.TextField) + "%FF")), $"{form.Name}, 0xFF in the field name", expected: 400);
        }

        // The same in Russian: the refusal is in the browser's language.
        var russian = await RawHttp.SendAsync(server, "POST", scenario.Form("note").Action, [RawHttp.CookieHeader(scenario.Admin), "Accept-Language: ru", "Content-Type: application/x-www-form-urlencoded"], await scenario.Form("note").UrlEncodedAsync("%FF"));
        Assert.Equal(400, russian.Status);
        Answers.AssertLocalized(russian.Text, "ru", "note in Russian");
        Assert.Contains("Форму не удалось принять", russian.Text, StringComparison.Ordinal);

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        await Rows.AssertUnchangedAsync(server, before, "forms with bytes that are not UTF-8");
        await Answers.AssertStillUpAsync(server);
    }

    [Fact]
    public async Task Multipart_text_fields_that_are_not_UTF8_are_refused_on_the_upload_forms_and_the_text_typed_elsewhere_comes_back()
    {
        var scenario = fixture.Scenario;
        var server = scenario.Server;
        var before = await Rows.CountAsync(server);
        foreach (var form in scenario.Forms.Where(f => f.Streamed))
        {
            foreach (var (name, value) in BadUtf8.Values.Where(v => !v.Value.Contains('%', StringComparison.Ordinal)).Append(("0xFF 0xFE", "\u00FF\u00FE")).Append(("overlong", "\u00C0\u00AF")))
            {
                var fields = await form.Fields("placeholder");
                var other = form.TextField == "Input.Contact" ? "Input.Text" : null;
                var parts = fields.Select(f => f.Key == form.TextField ? (f.Key, value) : (f.Key, other == f.Key ? "kept text" : Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(f.Value)))).ToList();
                var response = await RawHttp.SendAsync(server, "POST", form.Action, [RawHttp.CookieHeader(form.Client), "Content-Type: multipart/form-data; boundary=XyZ"], Multipart("XyZ", parts));
                var what = $"{form.Name} multipart, {name}";
                Answers.AssertSafe(response, what);
                Assert.True(response.Status == 400, $"{what}: {response.Status}");
                Assert.Contains("The form did not arrive whole. Nothing was sent", response.Text, StringComparison.Ordinal);
                if (other is not null)
                {
                    Assert.Contains("kept text", response.Text, StringComparison.Ordinal);
                }
            }
        }

        await Rows.AssertUnchangedAsync(server, before, "multipart forms with bytes that are not UTF-8");
        Assert.Empty(BlobFiles(server));
    }

    [Fact]
    public async Task Forms_that_claim_another_charset_are_refused_with_415_never_a_500()
    {
        var scenario = fixture.Scenario;
        var server = scenario.Server;
        var before = await Rows.CountAsync(server);
        string[] charsets = ["utf-7", "UTF-7", "\"utf-7\"", "utf-16", "utf-32", "iso-8859-1", "ibm037", "x-klingon"];
        foreach (var form in scenario.Forms)
        {
            var body = await form.UrlEncodedAsync("%2BADw-script%2BAD4-alert(1)");
            foreach (var charset in charsets)
            {
                // UTF-7 would read "+ADw-" as "<"; a charset .NET does not know would be read as UTF-8 silently.
                var response = await form.SendAsync(server, body, "application/x-www-form-urlencoded; charset=" + charset);
                var what = $"{form.Name}, charset={charset}";
                Answers.AssertSafe(response, what);
                Assert.True(response.Status == 415, $"{what}: {response.Status}");
                Answers.AssertLocalized(response.Text, "en", what);
                Assert.Contains("This kind of content cannot be sent here.", response.Text, StringComparison.Ordinal);
            }
        }

        // A multipart body (with a UTF-7 part) for the streamed forms too.
        var followUp = scenario.Form("follow-up");
        var fields = await followUp.Fields("+ADw-script+AD4-");
        var multipart = await followUp.SendAsync(server, Multipart("b", fields.Select(f => (f.Key, f.Value))), "multipart/form-data; charset=utf-7; boundary=b");
        Assert.Equal(415, multipart.Status);
        await Rows.AssertUnchangedAsync(server, before, "forms in another charset");

        // "charset=utf-8" as some tools send it is fine.
        var explicitUtf8 = await scenario.Form("note").PostRawAsync(server, Uri.EscapeDataString("явно UTF-8"), "application/x-www-form-urlencoded; charset=UTF-8");
        Assert.Equal(302, explicitUtf8.Status);
    }

    [Fact]
    public async Task A_file_name_in_a_charset_dotnet_refuses_is_a_400_on_every_upload_form_and_odd_ones_are_stored_under_a_safe_name()
    {
        var scenario = fixture.Scenario;
        var server = scenario.Server;
        foreach (var form in scenario.Forms.Where(f => f.Streamed && f.TextField != "Input.Contact"))
        {
            var before = await Rows.CountAsync(server);
            var response = await PostFileAsync(scenario, form, "filename*=utf-7''%2BADw-script%2BAD4-.txt");
            Answers.AssertSafe(response, $"{form.Name}: UTF-7 file name");
            Assert.Equal(400, response.Status);
            Assert.Contains("The form did not arrive whole. Nothing was sent", response.Text, StringComparison.Ordinal);
            await Rows.AssertUnchangedAsync(server, before, $"{form.Name}: UTF-7 file name");
        }

        Assert.Empty(BlobFiles(server));

        // Names that decode (badly) are kept as safe text: stored, never a 500, never raw.
        string[] odd = ["filename*=utf-16''%00%D8.txt", "filename*=x-unknown''abc.txt", "filename*=ibm037''%C1%C2.txt", "filename*=UTF-8'en'%ED%A0%80.txt", "filename=\"\u00FF\u00FE<b>.txt\"", "filename*=''abc", "filename*=UTF-8''%E2%80%AEtxt.exe"];
        foreach (var disposition in odd)
        {
            var response = await PostFileAsync(scenario, scenario.Form("follow-up"), disposition);
            Answers.AssertSafe(response, disposition);
            Assert.True(response.Status is 302 or 400, $"{disposition}: {response.Status}");
        }

        var casePage = (await scenario.Admin.GetAsync($"/desk/case/{scenario.CaseId}")).Html;
        Assert.DoesNotContain("<b>", casePage, StringComparison.Ordinal);
        // The override is shown as a visible marker, isolated, and never raw (SafeFileName.ForDisplay).
        Assert.Matches("<bdi>(\u27E8|&#x27E8;)U(\\+|&#x2B;)202E(\u27E9|&#x27E9;)txt\\.exe</bdi>", casePage);
        Assert.DoesNotContain('\u202E', System.Net.WebUtility.HtmlDecode(casePage));
        await Answers.AssertStillUpAsync(server);
    }

    [Fact]
    public async Task Multipart_is_refused_with_415_where_no_form_uploads_and_nothing_reaches_the_temporary_folder()
    {
        var scenario = fixture.Scenario;
        var server = scenario.Server;
        var before = await Rows.CountAsync(server);
        var marker = "haven-temp-marker-" + Guid.NewGuid().ToString("N");
        using var watch = TempFiles.Watch([marker]);
        var answers = new List<(string, RawResponse)>();
        foreach (var form in scenario.Forms.Where(f => !f.Streamed))
        {
            var fields = (await form.Fields("typed " + marker)).Select(f => (f.Key, f.Value)).ToList();

            // The framework would buffer a file part over 64 KiB to a temporary file, in plaintext.
            var body = Multipart("b", fields).Replace("--b--\r\n", "", StringComparison.Ordinal)
                + $"--b\r\nContent-Disposition: form-data; name=\"upload\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\n{string.Concat(Enumerable.Repeat(marker + "\n", 4000))}\r\n--b--\r\n";
            answers.Add((form.Name, await RawHttp.SendAsync(server, "POST", form.Action, [RawHttp.CookieHeader(form.Client), "Content-Type: multipart/form-data; boundary=b"], body)));
        }

        // Every answer is in; once the server has finished with each request (a buffered part is written before
        // its answer and deleted at the latest when the request ends) and the watch has caught up, any file the
        // framework wrote has been read.
        await server.Requests.IdleAsync();
        await watch.CaughtUpAsync();
        Assert.Empty(watch.Hits);
        foreach (var (name, response) in answers)
        {
            Answers.AssertSafe(response, name);
            Assert.True(response.Status == 415, $"{name}: {response.Status}");
            Answers.AssertLocalized(response.Text, "en", name);
        }

        await Rows.AssertUnchangedAsync(server, before, "multipart where no form uploads");
    }

    [Fact]
    public async Task Valid_UTF8_of_any_script_and_a_literal_replacement_character_still_go_through()
    {
        var scenario = fixture.Scenario;
        var server = scenario.Server;
        const string text = "Нам нужно уехать · نحتاج · 🏳️‍🌈 · \uFFFD · e\u0301";
        foreach (var name in new[] { "note", "follow-up", "reply" })
        {
            var form = scenario.Form(name);
            var raw = await form.PostRawAsync(server, Uri.EscapeDataString(text));
            Assert.True(raw.Status == 302, $"{name}: {raw.Status}");
        }

        // A request from someone new (the scenario's newcomer stays on the form for the other tests).
        using (var newcomer = await PersonAsync(server))
        {
            Assert.Equal("/sent", (await newcomer.SubmitRequestAsync(text, contact: text)).Location.AbsolutePath);
        }

        // Raw (unescaped) UTF-8 bytes are valid too.
        var rawBytes = await scenario.Form("note").PostRawAsync(server, BadUtf8.Latin1(Encoding.UTF8.GetBytes("сырые байты")));
        Assert.Equal(302, rawBytes.Status);

        var view = await DecryptCaseAsync(server, scenario.CaseId, step: 1);
        Assert.Contains(view.Entries, e => e.Kind == RecordKinds.Note && e.Content?.Text == text);
        Assert.Contains(view.Entries, e => e.Kind == RecordKinds.Note && e.Content?.Text == "сырые байты");
        Assert.Contains(view.Entries, e => e.Kind == RecordKinds.Message && e.Content?.Text == text);
        Assert.Contains(view.Entries, e => e.Kind == RecordKinds.Reply && e.Content?.Text == text);
    }

    [Fact]
    public async Task The_set_up_forms_refuse_bytes_that_are_not_UTF8_and_set_up_still_completes()
    {
        await using var server = await HavenServer.StartFreshAsync();
        var token = server.Services.GetRequiredService<SetupState>().Token!;
        using var client = server.CreateClient();
        var html = (await client.GetAsync($"/setup/{token}")).Html;
        var af = Uri.EscapeDataString(HavenClient.Hidden(html, "__af")!);
        foreach (var (name, value) in BadUtf8.Values)
        {
            var response = await RawHttp.SendAsync(server, "POST", $"/setup/{token}?handler=account", [RawHttp.CookieHeader(client), "Content-Type: application/x-www-form-urlencoded"], $"__af={af}&Name={value}&passphrase=a+long+passphrase+one&confirm=a+long+passphrase+one");
            Answers.AssertSafe(response, "setup " + name);
            Assert.True(response.Status == 400, $"setup {name}: {response.Status}");
        }

        // Nothing was taken: the set-up is still at its first step, and goes on normally.
        var page = await client.PostFormAsync($"/setup/{token}", $"/setup/{token}?handler=account", [new("Name", "Olga"), new("Passphrase", "a long passphrase one"), new("Confirm", "a long passphrase one")]);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("id=\"totp-secret\"", page.Html, StringComparison.Ordinal);
    }

    /// <summary>A multipart body of text fields (values as Latin-1 chars, one byte each).</summary>
    internal static string Multipart(string boundary, IEnumerable<(string Name, string Value)> fields) =>
        string.Concat(fields.Select(f => $"--{boundary}\r\nContent-Disposition: form-data; name=\"{f.Name}\"\r\n\r\n{f.Value}\r\n")) + $"--{boundary}--\r\n";

    private static async Task<RawResponse> PostFileAsync(HostileScenario scenario, HostileForm form, string disposition)
    {
        var fields = (await form.Fields("with a file")).Select(f => (f.Key, f.Value)).ToList();
        var body = Multipart("b", fields).Replace("--b--\r\n", "", StringComparison.Ordinal)
            + $"--b\r\nContent-Disposition: form-data; name=\"files\"; {disposition}\r\nContent-Type: text/plain\r\n\r\nhello\r\n--b--\r\n";
        return await RawHttp.SendAsync(scenario.Server, "POST", form.Action, [RawHttp.CookieHeader(form.Client), "Content-Type: multipart/form-data; boundary=b"], body);
    }

    private static void Check(List<string> failures, RawResponse response, string what, int expected)
    {
        try
        {
            Answers.AssertSafe(response, what);
            Assert.True(response.Status == expected, $"{what}: {response.Status}, expected {expected}");
            Answers.AssertLocalized(response.Text, "en", what);
        }
        catch (Xunit.Sdk.XunitException e)
        {
            failures.Add(e.Message);
        }
    }
}
