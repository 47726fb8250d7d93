using System.Net;
using System.Text.RegularExpressions;
using Haven.Web.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Haven.Web.Tests.Security;

/// <summary>
/// Issue 12, point 8: behind a TLS reverse proxy, cookies never got Secure and invitation links said http://.
/// The forwarded scheme and host are believed from the configured proxies only (the test client is 127.0.0.1:
/// allowed in one server, not in the others).
/// </summary>
public sealed partial class ProxyHttpTests
{
    private const string PublicHost = "haven.example.org";

    [Fact]
    public async Task From_a_configured_proxy_cookies_are_secure_and_invitation_links_use_https_and_the_public_host()
    {
        await using var server = await HavenServer.StartAsync("--Haven:Proxy:KnownProxies:0=127.0.0.1");
        var browser = new ProxiedBrowser(server, forwarded: true);
        var (cookies, link) = await browser.LogInAndInviteAsync();

        Assert.StartsWith($"https://{PublicHost}/invite/", link, StringComparison.Ordinal);
        foreach (var name in new[] { "haven-af", "haven-d", "haven-lang" })
        {
            var cookie = Assert.Single(cookies, c => c.StartsWith(name + "=", StringComparison.Ordinal));
            Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
        }

        // The person's session cookie too.
        var start = await browser.SendAsync(HttpMethod.Get, "/");
        var token = HavenClient.Hidden(await start.Content.ReadAsStringAsync(), "__af")!;
        var started = await browser.SendAsync(HttpMethod.Post, "/start", new FormUrlEncodedContent([new("__af", token)]));
        Assert.Contains(started.Headers.GetValues("Set-Cookie"), c => c.StartsWith("haven-s=", StringComparison.Ordinal) && c.Contains("; secure", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(server.Logs.Lines, l => l.Contains("203.0.113.9", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--Haven:Proxy:KnownProxies:0=10.9.8.7")]
    [InlineData("--Haven:Proxy:KnownNetworks:0=192.168.0.0/16")]
    [InlineData("--Haven:Intake:MaxTextLength=100000")]
    public async Task From_anyone_else_forwarded_headers_are_ignored(string setting)
    {
        await using var server = await HavenServer.StartAsync(setting);
        var browser = new ProxiedBrowser(server, forwarded: true);
        var (cookies, link) = await browser.LogInAndInviteAsync();

        Assert.StartsWith($"{server.BaseAddress.GetLeftPart(UriPartial.Authority)}/invite/", link, StringComparison.Ordinal);
        Assert.NotEmpty(cookies);
        Assert.DoesNotContain(cookies, c => c.Contains("; secure", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("--Haven:Proxy:KnownProxies:0=not-an-address")]
    [InlineData("--Haven:Proxy:KnownNetworks:0=10.0.0.0/99")]
    public async Task A_proxy_setting_that_is_not_an_address_stops_the_start(string setting)
    {
        var failed = await Assert.ThrowsAsync<OptionsValidationException>(() => HavenServer.StartAsync(setting));
        Assert.Contains("Haven:Proxy", failed.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// A browser behind a TLS proxy: every request carries the proxy's X-Forwarded-* headers, and it keeps its
    /// cookies itself (Secure cookies would not be sent back over the test's plain HTTP by a cookie container).
    /// </summary>
    private sealed class ProxiedBrowser(HavenServer server, bool forwarded)
    {
        private readonly Dictionary<string, string> _jar = new(StringComparer.Ordinal);

        public List<string> SetCookies { get; } = [];

        public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content = null)
        {
            using var http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress };
            using var request = new HttpRequestMessage(method, path) { Content = content };
            if (forwarded)
            {
                request.Headers.Add("X-Forwarded-Proto", "https");
                request.Headers.Add("X-Forwarded-Host", PublicHost);
                request.Headers.Add("X-Forwarded-For", "203.0.113.9");
            }

            if (_jar.Count > 0)
            {
                request.Headers.Add("Cookie", string.Join("; ", _jar.Select(c => $"{c.Key}={c.Value}")));
            }

            var response = await http.SendAsync(request);
            foreach (var cookie in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
            {
                SetCookies.Add(cookie);
                var pair = cookie.Split(';')[0].Split('=', 2);
                _jar[pair[0]] = pair[1];
            }

            await response.Content.LoadIntoBufferAsync();
            return response;
        }

        /// <summary>Switches the language, logs in as the administrator and creates an invitation; returns the cookies set and the link shown.</summary>
        public async Task<(List<string> Cookies, string Link)> LogInAndInviteAsync()
        {
            Assert.Equal(HttpStatusCode.Redirect, (await SendAsync(HttpMethod.Get, "/lang?c=en&r=%2Fdesk%2Flogin")).StatusCode);
            var login = await SendAsync(HttpMethod.Get, "/desk/login");
            var token = HavenClient.Hidden(await login.Content.ReadAsStringAsync(), "__af")!;
            var loggedIn = await SendAsync(HttpMethod.Post, "/desk/login", new FormUrlEncodedContent([new("__af", token), new("Name", HavenServer.AdminName), new("Passphrase", HavenServer.AdminPassphrase), new("Code", server.AdminCode())]));
            Assert.Equal("/desk", loggedIn.Headers.Location?.OriginalString);

            var responders = await SendAsync(HttpMethod.Get, "/desk/responders");
            token = HavenClient.Hidden(await responders.Content.ReadAsStringAsync(), "__af")!;
            var invited = await SendAsync(HttpMethod.Post, "/desk/responders?handler=invite", new FormUrlEncodedContent([new("__af", token), new("role", "Caseworker")]));
            for (var i = 0; i < 3 && invited.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther; i++)
            {
                invited = await SendAsync(HttpMethod.Get, invited.Headers.Location!.OriginalString);
            }

            var match = InviteLink().Match(await invited.Content.ReadAsStringAsync());
            Assert.True(match.Success, $"no invitation link ({invited.StatusCode})");
            return (SetCookies, match.Groups[1].Value);
        }
    }

    [GeneratedRegex("id=\"invite-link\">([^<]+)</")]
    private static partial Regex InviteLink();
}
