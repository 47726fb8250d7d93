using System.Net;
using Haven.Web.Tests.Hostile;
using Haven.Web.Tests.Infrastructure;

namespace Haven.Web.Tests.Security;

public sealed class SecurityHttpTests
{
    [Theory]
    [InlineData("/")]
    [InlineData("/return")]
    [InlineData("/safety")]
    [InlineData("/desk/login")]
    [InlineData("/error/404")]
    [InlineData("/no/such/page")]
    [InlineData("/css/haven.css")]
    public async Task Every_response_carries_the_security_headers(string path)
    {
        await using var server = await HavenServer.StartAsync();
        using var client = server.CreateClient();
        using var response = await client.Http.GetAsync(path);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("form-action 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("script-src", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
        Assert.False(response.Headers.Contains("Server"));
    }

    [Fact]
    public async Task Pages_load_nothing_from_elsewhere_and_have_no_script()
    {
        await using var server = await HavenServer.StartAsync();
        using var client = server.CreateClient();
        await client.AskForHelpAsync();
        foreach (var path in new[] { "/", "/receipt", "/request", "/return", "/safety", "/desk/login" })
        {
            var html = (await client.GetAsync(path)).Html;
            Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("src=\"http", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("href=\"http", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("//", html.Replace("http://", "", StringComparison.Ordinal).Split("<link").Skip(1).FirstOrDefault()?.Split('>')[0] ?? "", StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_form_without_its_antiforgery_token_is_refused_with_a_clear_400()
    {
        await using var server = await HavenServer.StartAsync();
        using var client = server.CreateClient();
        var start = await client.PostFormAsync("/", "/start", [], withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, start.Status);
        Assert.Contains("The form could not be accepted", start.Html, StringComparison.Ordinal);

        var login = await client.PostFormAsync("/desk/login", "/desk/login", [new("Name", "Admin"), new("Passphrase", HavenServer.AdminPassphrase), new("Code", server.AdminCode())], withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, login.Status);

        var forged = await client.PostAsync("/return", [new("__af", "CfDJ8forged"), new("Receipt", "1234")]);
        Assert.Equal(HttpStatusCode.BadRequest, forged.Status);
    }

    [Fact]
    public async Task Session_cookies_are_httponly_samesite_strict_and_expire_with_the_browser()
    {
        await using var server = await HavenServer.StartAsync();
        using var client = server.CreateClient();
        var landing = await client.Http.GetAsync("/");
        var form = await landing.Content.ReadAsStringAsync();
        using var content = new FormUrlEncodedContent([new("__af", HavenClient.Hidden(form, "__af")!)]);
        using var response = await client.Http.PostAsync("/start", content);
        var cookies = response.Headers.GetValues("Set-Cookie").Concat(landing.Headers.GetValues("Set-Cookie")).ToList();
        Assert.Contains(cookies, c => c.StartsWith("haven-s=", StringComparison.Ordinal));
        foreach (var cookie in cookies)
        {
            Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("expires=", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("max-age=", cookie, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task An_idle_person_session_ends()
    {
        await using var server = await HavenServer.StartAsync("--Haven:Intake:IdleTimeout=00:20:00");
        using var person = server.CreateClient();
        await person.AskForHelpAsync();
        await person.SubmitRequestAsync("hello");
        server.Clock.Advance(TimeSpan.FromMinutes(19));
        Assert.Equal("/conversation", (await person.GetAsync("/conversation")).Location.AbsolutePath);
        server.Clock.Advance(TimeSpan.FromMinutes(21));
        Assert.Equal("/return", (await person.GetAsync("/conversation")).Location.AbsolutePath);
    }

    [Theory]
    [InlineData("PUT", "/request")]
    [InlineData("DELETE", "/conversation")]
    [InlineData("PATCH", "/desk/login")]
    public async Task Wrong_methods_get_a_4xx_not_a_500(string method, string path)
    {
        await using var server = await HavenServer.StartAsync();
        using var client = server.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        using var response = await client.Http.SendAsync(request);
        Assert.InRange((int)response.StatusCode, 400, 499);
    }

    [Fact]
    public async Task Hostile_text_comes_back_escaped_on_the_desk()
    {
        await using var server = await HavenServer.StartAsync();
        using var person = server.CreateClient();
        await person.AskForHelpAsync();
        await person.SubmitRequestAsync("<script>alert(1)</script><img src=x onerror=alert(2)>", contact: "\"><b>bold</b>");
        using var admin = server.CreateClient();
        await admin.LoginAsync(HavenServer.AdminName, HavenServer.AdminPassphrase, server.AdminCode());
        var caseId = Assert.Single(await admin.InboxCaseIdsAsync());
        var html = (await admin.GetAsync($"/desk/case/{caseId}")).Html;
        Assert.DoesNotContain("<script>alert(1)", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>bold</b>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
    }

    /// <summary>
    /// Issue 12, point 9: the signed-out page showed any site's POST text on Haven's page. It answers only a
    /// same-origin POST: by Sec-Fetch-Site, else by Origin, else (an older browser, Origin null under
    /// no-referrer) by the SameSite=Strict antiforgery cookie, which a cross-site request never carries.
    /// </summary>
    [Fact]
    public async Task The_signed_out_page_shows_the_text_of_a_same_origin_post_only()
    {
        const string Text = "Your case moved, call 555 0100 now";
        await using var server = await HavenServer.StartAsync();
        using var browser = server.CreateClient();
        await browser.GetAsync("/desk/login");
        var withCookie = RawHttp.CookieHeader(browser);
        Assert.Contains("haven-af=", withCookie, StringComparison.Ordinal);
        // The origin the server sees: RawHttp sends "Host: 127.0.0.1".
        const string Own = "http://127.0.0.1";
        string[] form = ["Content-Type: application/x-www-form-urlencoded"];
        var body = "Text=" + Uri.EscapeDataString(Text);

        string[][] refused =
        [
            ["Origin: https://evil.example", "Sec-Fetch-Site: cross-site"],
            ["Origin: https://evil.example"],
            ["Origin: https://evil.example", withCookie],
            ["Origin: http://127.0.0.1.evil.example", withCookie],
            [$"Origin: {server.BaseAddress.GetLeftPart(UriPartial.Authority)}", withCookie],
            ["Origin: https://127.0.0.1"],
            ["Sec-Fetch-Site: cross-site", withCookie],
            ["Sec-Fetch-Site: same-site", withCookie],
            ["Sec-Fetch-Site: none", withCookie],
            ["Origin: null"],
            [],
        ];
        foreach (var headers in refused)
        {
            var answer = await RawHttp.SendAsync(server, "POST", "/desk/signed-out", [.. form, .. headers], body);
            var what = string.Join(" | ", headers.Select(h => h.StartsWith("Cookie", StringComparison.Ordinal) ? "Cookie" : h));
            Assert.True(answer.Status == 403, $"{what}: {answer.Status}");
            Assert.DoesNotContain("555 0100", answer.Text, StringComparison.Ordinal);
        }

        string[][] accepted =
        [
            ["Sec-Fetch-Site: same-origin"],
            ["Sec-Fetch-Site: same-origin", "Origin: null"],
            [$"Origin: {Own}"],
            ["Origin: null", withCookie],
            [withCookie],
        ];
        foreach (var headers in accepted)
        {
            var answer = await RawHttp.SendAsync(server, "POST", "/desk/signed-out", [.. form, .. headers], body);
            var what = string.Join(" | ", headers.Select(h => h.StartsWith("Cookie", StringComparison.Ordinal) ? "Cookie" : h));
            Assert.True(answer.Status == 200, $"{what}: {answer.Status}");
            Assert.Contains(Text, answer.Text, StringComparison.Ordinal);
        }
    }
}
