using System.Net.Sockets;
using Haven.Web.Tests.Infrastructure;
using static Haven.Web.Tests.Files.FileTestKit;

namespace Haven.Web.Tests.Hostile;

/// <summary>
/// Input far beyond anything a browser sends: headers, cookies and addresses over the server's limits, forms
/// with thousands of fields, a field of 10 MB, very long and deeply nested names, bodies that end early, stall
/// or are abandoned. Each gets a 4xx (or, when the client is gone, nothing), stores nothing, and the server
/// keeps answering.
/// </summary>
public sealed class HugeInputTests(ScenarioFixture fixture) : IClassFixture<ScenarioFixture>
{
    [Fact]
    public async Task Headers_cookies_and_addresses_over_the_limits_get_431_or_414_and_the_server_stays_up()
    {
        var server = fixture.Scenario.Server;
        var admin = RawHttp.CookieHeader(fixture.Scenario.Admin);
        (string What, string Target, string[] Headers, int Status)[] cases =
        [
            ("one header of 40 KB", "/", ["X-Filler: " + new string('h', 40_000)], 431),
            ("a cookie of 40 KB", "/desk", [admin + "; x=" + new string('c', 40_000)], 431),
            ("2,000 small headers", "/", [.. Enumerable.Range(0, 2000).Select(i => $"X-H{i}: {i}")], 431),
            ("an address of 9 KB", "/desk?q=" + new string('u', 9000), [admin], 414),
            ("a path of 9 KB", "/" + new string('p', 9000), [], 414),
        ];
        foreach (var (what, target, headers, status) in cases)
        {
            var response = await RawHttp.SendAsync(server, "GET", target, headers);
            Answers.AssertSafe(response, what);
            Assert.True(response.Status == status, $"{what}: {response.Status}");
            var post = await RawHttp.SendAsync(server, "POST", target, [.. headers, "Content-Type: application/x-www-form-urlencoded"], "a=b");
            Assert.True(post.Status == status, $"{what} (POST): {post.Status}");
        }

        // Big but within the limits: a bogus session cookie of 20 KB is no session, not a failure.
        var bogus = await RawHttp.SendAsync(server, "GET", "/desk", ["Cookie: haven-d=" + new string('d', 20_000) + "; haven-s=" + new string('s', 5000)]);
        Assert.Equal(302, bogus.Status);
        Assert.Equal("/desk/login", bogus.Header("Location"));
        var conversation = await RawHttp.SendAsync(server, "GET", "/conversation", ["Cookie: haven-s=%FF%00" + new string('s', 8000)]);
        Assert.Equal(302, conversation.Status);
        await Answers.AssertStillUpAsync(server);
    }

    [Fact]
    public async Task Thousands_of_fields_a_field_of_10_MB_and_long_or_nested_names_get_a_4xx_on_every_form()
    {
        var scenario = fixture.Scenario;
        var server = scenario.Server;
        var before = await Rows.CountAsync(server);
        var failures = new List<string>();
        var tenMegabytes = new string('x', 10 * 1024 * 1024);
        var nested = string.Concat(Enumerable.Repeat("Data.Plan[0].", 150)) + "Step";
        foreach (var form in scenario.Forms)
        {
            var body = await form.TemplateAsync();
            (string What, string Body)[] cases =
            [
                ("5,000 fields", body("x", null) + string.Concat(Enumerable.Range(0, 5000).Select(i => $"&f{i}=1"))),
                ("a name of 5,000 characters", body("x", new string('n', 5000))),
                ("a deeply nested name", body("x", Uri.EscapeDataString(nested))),
                ("a name of brackets", body("x", Uri.EscapeDataString(string.Concat(Enumerable.Repeat("[", 1500))))),

                // 10 MB for one form of each kind (bound by the framework, read by StreamingForm) keeps the test quick.
                .. form.Name is "note" or "login" or "request" or "follow-up" ? [("a field of 10 MB", body(tenMegabytes, null))] : Array.Empty<(string, string)>(),
            ];
            foreach (var (what, text) in cases)
            {
                var response = await form.SendAsync(server, text);
                try
                {
                    Answers.AssertSafe(response, $"{form.Name}: {what}");
                    Assert.True(response.Status is >= 400 and < 500, $"{form.Name}: {what}: {response.Status}");
                }
                catch (Xunit.Sdk.XunitException e)
                {
                    failures.Add(e.Message);
                }
            }
        }

        // The upload forms read multipart themselves: the same limits hold there.
        foreach (var form in scenario.Forms.Where(f => f.Streamed))
        {
            var fields = (await form.Fields("x")).Select(f => (f.Key, f.Value)).ToList();
            (string What, string Body, int Status)[] cases =
            [
                ("10,000 parts", FormEncodingTests.Multipart("b", [.. fields, .. Enumerable.Range(0, 10_000).Select(i => ($"f{i}", "1"))]), 400),
                .. form.Name is "request" or "reply" ? [("a field of 10 MB", FormEncodingTests.Multipart("b", [.. fields.Select(f => f.Key == form.TextField ? (f.Key, tenMegabytes) : f)]), 413)] : Array.Empty<(string, string, int)>(),
                ("a part name of 20 KB", FormEncodingTests.Multipart("b", [.. fields, (new string('n', 20_000), "1")]), 400),
                ("a part with 100 headers", FormEncodingTests.Multipart("b", fields).Replace("Content-Disposition: form-data; name=\"__af\"", string.Concat(Enumerable.Range(0, 100).Select(i => $"X-{i}: 1\r\n")) + "Content-Disposition: form-data; name=\"__af\"", StringComparison.Ordinal), 400),
            ];
            foreach (var (what, text, status) in cases)
            {
                var response = await form.SendAsync(server, text, "multipart/form-data; boundary=b");
                try
                {
                    Answers.AssertSafe(response, $"{form.Name} multipart: {what}");
                    Assert.True(response.Status == status, $"{form.Name} multipart: {what}: {response.Status}");
                    Answers.AssertLocalized(response.Text, "en", $"{form.Name} multipart: {what}");
                }
                catch (Xunit.Sdk.XunitException e)
                {
                    failures.Add(e.Message);
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        await Rows.AssertUnchangedAsync(server, before, "oversized forms");
        Assert.Empty(BlobFiles(server));
        await Answers.AssertStillUpAsync(server);
    }

    [Fact]
    public async Task Bodies_that_end_early_stall_or_are_abandoned_store_nothing_and_the_server_stays_up()
    {
        var scenario = fixture.Scenario;
        var server = scenario.Server;
        var before = await Rows.CountAsync(server);
        var note = scenario.Form("note");

        // A body that stalls half-way: the server gives up after its minimum data rate's grace period. It is
        // under way before the rest is sent, so that each request below is the only one to begin meanwhile.
        var stalledBody = await note.UrlEncodedAsync("stalled");
        var begun = server.Requests.Begun;
        var stalled = StallAsync(server, note, stalledBody);
        await server.Requests.BegunAsync(begun, "the stalled request to reach the server");

        foreach (var form in scenario.Forms.Where(f => f.Name is "note" or "follow-up" or "request" or "reply" or "login" or "case data"))
        {
            var body = await form.UrlEncodedAsync("cut off");

            // Shorter than its Content-Length, then the client closes its side.
            var shorter = RawHttp.Request("POST", form.Action, [RawHttp.CookieHeader(form.Client), "Content-Type: application/x-www-form-urlencoded", $"Content-Length: {body.Length + 1000}"], body, contentLength: false);
            var answer = await RawHttp.SendAsync(server, shorter, endInput: true);
            Assert.True(answer.Status is 0 or (>= 400 and < 500), $"{form.Name}, short body: {answer.Status}");

            // The same as multipart, cut before its closing boundary.
            var fields = (await form.Fields("cut off")).Select(f => (f.Key, f.Value));
            var multipart = FormEncodingTests.Multipart("b", fields).Replace("--b--\r\n", "--b\r\nContent-Disposition: form-data; name=\"more\"\r\n\r\nunfinis", StringComparison.Ordinal);
            if (form.Streamed)
            {
                var truncated = await RawHttp.SendAsync(server, RawHttp.Request("POST", form.Action, [RawHttp.CookieHeader(form.Client), "Content-Type: multipart/form-data; boundary=b"], multipart), endInput: true);
                Assert.True(truncated.Status is 0 or (>= 400 and < 500), $"{form.Name}, truncated multipart: {truncated.Status}");
            }

            // Abandoned: half the body, then the connection is dropped.
            await AbandonAsync(server, RawHttp.Request("POST", form.Action, [RawHttp.CookieHeader(form.Client), "Content-Type: application/x-www-form-urlencoded", $"Content-Length: {body.Length}"], body[..(body.Length / 2)], contentLength: false));
        }

        var slow = await stalled;
        Assert.True(slow.Status is 408 or 400, $"stalled body: {slow.Status}");
        Answers.AssertSafe(slow, "stalled body");

        // Every request above has begun (each answered, or seen begun before it was dropped); once none is in
        // flight, the server has finished with all of them and whatever they would have stored is there.
        await server.Requests.IdleAsync();
        await Rows.AssertUnchangedAsync(server, before, "bodies cut off");
        Assert.Empty(BlobFiles(server));
        var failures = server.Logs.Lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal) && !l.Contains("BadHttpRequestException", StringComparison.Ordinal) && !l.Contains("OperationCanceledException", StringComparison.Ordinal) && !l.Contains("ConnectionResetException", StringComparison.Ordinal)).ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures.Select(f => f.Split('\n')[0])));
        await Answers.AssertStillUpAsync(server);
    }

    /// <summary>Sends the headers and half the body, then nothing; returns what the server answers when it gives up.</summary>
    private static async Task<RawResponse> StallAsync(HavenServer server, HostileForm form, string body)
    {
        var request = RawHttp.Request("POST", form.Action, [RawHttp.CookieHeader(form.Client), "Content-Type: application/x-www-form-urlencoded", $"Content-Length: {body.Length}"], body[..(body.Length / 2)], contentLength: false);
        return await RawHttp.SendAsync(server, request, endInput: false, seconds: 30);
    }

    /// <summary>Sends the headers and half the body, waits until the server has begun the request, then resets the connection.</summary>
    private static async Task AbandonAsync(HavenServer server, byte[] request)
    {
        var begun = server.Requests.Begun;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.BaseAddress.Host, server.BaseAddress.Port);
        await tcp.GetStream().WriteAsync(request);
        await server.Requests.BegunAsync(begun, "the server to begin the abandoned request");
        tcp.Client.LingerState = new LingerOption(true, 0);
    }
}
