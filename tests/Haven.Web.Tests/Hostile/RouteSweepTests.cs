using Haven.Crypto;
using Haven.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using static Haven.Web.Tests.Files.FileTestKit;

namespace Haven.Web.Tests.Hostile;

/// <summary>
/// Every endpoint the running application has, found through its own routing (not a hand-kept list), is
/// called with every method, anonymously, as a person with a session and as a logged-in administrator, with
/// and without an anti-forgery token, for every handler it declares; then with hostile route values and
/// query strings. No answer is a 5xx or shows a trace, and error pages are in the browser's language.
/// </summary>
public sealed class RouteSweepTests
{
    private static readonly string[] Methods = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"];

    /// <summary>Route values a person could type or a tool could forge, as they go on the wire.</summary>
    private static readonly string[] HostileValues =
    [
        new string('a', 4000),
        "..%2f..%2f..%2fetc%2fpasswd",
        "..%5c..%5cweb.config",
        "%2e%2e",
        "%00",
        "abc%00def",
        "%ZZ",
        "%",
        "%C0%AF",
        "%FF%FE",
        "%ED%A0%80",
        "\u00FF\u00FE",
        "\u00D0\u00B6\u00E2\u0080\u00AE",
        "%D0%B6%E2%80%AE",
        "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz",
        "ABCDEF0123456789ABCDEF0123456789",
        "99999999999999999999999999999999",
        "-1",
        "2147483648",
        "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "'%20OR%201=1--",
        "%0d%0aSet-Cookie:%20x=1",
    ];

    [Fact]
    public async Task Every_endpoint_answers_every_method_and_identity_without_a_5xx()
    {
        await using var server = await HavenServer.StartAsync();
        var (person, caseId) = await PersonWithCaseAsync(server);
        using var _ = person;
        using var admin = await AdminAsync(server);
        using var anonymous = server.CreateClient();
        using var russian = server.CreateClient("ru");
        var paths = await EndpointPathsAsync(server, caseId);
        Assert.Contains(paths, p => p.Path == $"/desk/case/{caseId}" && p.Handlers.Contains("Transition"));
        Assert.Contains(paths, p => p.Path == "/request");

        var failures = new List<string>();
        foreach (var (client, who) in new[] { (anonymous, "anonymous"), (russian, "russian"), (person, "person"), (admin, "admin") })
        {
            var language = who == "russian" ? "ru" : "en";

            // The session-ending pages come last, so that the identity holds for the rest.
            foreach (var (path, handlers) in paths.OrderBy(p => p.Path is "/desk/logout" or "/leave" or "/exit" ? 1 : 0))
            {
                foreach (var method in Methods)
                {
                    foreach (var handler in method == "POST" ? [null, .. handlers] : new string?[] { null })
                    {
                        var target = handler is null ? path : $"{path}?handler={handler}";
                        foreach (var withToken in method == "POST" ? [false, true] : new[] { false })
                        {
                            var what = $"{who} {method} {target}{(withToken ? " with token" : "")}";
                            await CheckAsync(client, method, target, withToken, language, what, failures);
                        }
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures) + "\n" + string.Join("\n", server.Logs.Lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal)).Take(3)));
        await Answers.AssertStillUpAsync(server);
    }

    [Fact]
    public async Task Hostile_route_values_and_query_strings_get_a_4xx_or_a_page_never_a_5xx()
    {
        await using var server = await HavenServer.StartAsync();
        var (person, caseId) = await PersonWithCaseAsync(server);
        using var _ = person;
        using var admin = await AdminAsync(server);
        var routes = (await EndpointPathsAsync(server, caseId: "{id}")).Select(p => p.Path).Where(p => p.Contains('{', StringComparison.Ordinal)).ToList();
        Assert.Contains("/desk/case/{id}/files/{fileId}", routes);
        var before = await Rows.CountAsync(server);

        var failures = new List<string>();
        var cookies = new[] { ("anonymous", (string?)null), ("person", RawHttp.CookieHeader(person)), ("admin", RawHttp.CookieHeader(admin)) };
        foreach (var route in routes)
        {
            foreach (var value in HostileValues)
            {
                // Each parameter in turn takes the hostile value; the others keep a plausible one.
                foreach (var parameter in Parameters(route))
                {
                    var target = Fill(route, caseId, parameter, value);
                    foreach (var (who, cookie) in cookies)
                    {
                        foreach (var method in new[] { "GET", "POST" })
                        {
                            var response = await RawHttp.SendAsync(server, method, target, cookie is null ? [] : [cookie], method == "POST" ? "" : null);
                            Collect(failures, response, $"{who} {method} {Shorten(target)}");
                        }
                    }
                }
            }
        }

        // Query strings with values of the wrong type, out of range or undecodable.
        string[] queries =
        [
            "/desk?page=99999999999999999999", "/desk?page=-2147483648", "/desk?page=2147483647", "/desk?idle=2147483648", "/desk?idle=%FF",
            "/desk?state=%00&urgency=%ZZ&sort=%C0%AF", "/desk?mine=maybe&unassigned=%FF&awaiting=1&soon=yes", "/desk?state=Closed&state=All&page=1&page=x",
            "/desk/audit?page=2147483647", "/desk/audit?page=-1", "/desk/audit?page=%FF%FE",
            "/desk/responders?done=%FF&granted=2147483648&remaining=-5", "/desk/account?changed=%ZZ",
            $"/desk/case/{caseId}?saved=%FF&handler=%00", $"/desk/case/{caseId}?handler=data&handler=note",
            "/lang?c=%FF&r=%2F%2Fevil.example", "/lang?c=ru&r=%0d%0aSet-Cookie:x", "/lang?c=ru&r=/%5cevil.example", "/lang?c=%C0%AF&r=%ZZ",
            "/conversation?sent=%FF", "/desk/login?setup=2", "/?left=%ED%A0%80", "/error/500?x=%FF", "/error/-1", "/error/99999999999",
            "/health?%FF=%FE", "/css/haven.css?v=%ZZ", "/css/..%2f..%2fappsettings.json", "/css/%2e%2e/%2e%2e/haven.db", "/haven.db", "/appsettings.json",
        ];
        foreach (var query in queries)
        {
            foreach (var (who, cookie) in cookies)
            {
                var response = await RawHttp.SendAsync(server, "GET", query, cookie is null ? [] : [cookie]);
                Collect(failures, response, $"{who} GET {query}");
                Assert.DoesNotContain("Set-Cookie: x", response.Head, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("evil.example", response.Header("Location") ?? "", StringComparison.Ordinal);
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures) + "\n" + string.Join("\n", server.Logs.Lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal)).Take(3)));
        await Rows.AssertUnchangedAsync(server, before, "hostile route values");
        await Answers.AssertStillUpAsync(server);
    }

    /// <summary>
    /// The paths of every endpoint of the running application, with the handler names of each page, route
    /// values filled with plausible ones; plus the static files and a few fixed addresses.
    /// </summary>
    internal static async Task<List<(string Path, string[] Handlers)>> EndpointPathsAsync(HavenServer server, string caseId)
    {
        var loader = server.Services.GetRequiredService<PageLoader>();
        var result = new List<(string, string[])>();
        foreach (var endpoint in server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var handlers = Array.Empty<string>();
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } page)
            {
                var compiled = await loader.LoadAsync(page, endpoint.Metadata);
                handlers = [.. compiled.HandlerMethods.Select(h => h.Name).OfType<string>().Distinct(StringComparer.Ordinal)];
            }

            var path = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            result.Add((caseId == "{id}" ? path : Fill(path, caseId, parameter: null, value: null), handlers));
        }

        var wwwroot = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        result.AddRange(Directory.EnumerateFiles(wwwroot, "*", SearchOption.AllDirectories).Select(f => ("/" + Path.GetRelativePath(wwwroot, f).Replace('\\', '/'), Array.Empty<string>())));
        result.AddRange(new[] { "/setup/" + RandomId.New(), "/invite/" + RandomId.New(), "/error/404", "/error/500", "/no/such/page" }.Select(p => (p, Array.Empty<string>())));
        return [.. result.DistinctBy(r => r.Item1)];
    }

    private static IEnumerable<string> Parameters(string route) =>
        route.Split('/').Where(s => s.StartsWith('{')).Select(s => s.Trim('{', '}').Split(':')[0]);

    /// <summary>The route with its parameters filled: the case id, a random id, an error code; <paramref name="parameter"/> gets <paramref name="value"/>.</summary>
    private static string Fill(string route, string caseId, string? parameter, string? value) => string.Join('/', route.Split('/').Select(segment =>
    {
        if (!segment.StartsWith('{'))
        {
            return segment;
        }

        var name = segment.Trim('{', '}').Split(':')[0];
        return name == parameter ? value! : name switch
        {
            "id" => caseId,
            "code" => "404",
            _ => RandomId.New(),
        };
    }));

    private static async Task CheckAsync(HavenClient client, string method, string target, bool withToken, string language, string what, List<string> failures)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), target);
        if (method is "POST" or "PUT" or "PATCH")
        {
            var fields = new List<KeyValuePair<string, string>>();
            if (withToken)
            {
                fields.Add(new("__af", await TokenAsync(client)));
            }

            request.Content = new FormUrlEncodedContent(fields);
        }

        using var response = await client.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var status = (int)response.StatusCode;
        try
        {
            Answers.AssertSafe(status, body, what);
            if (status >= 400 && method != "HEAD" && response.Content.Headers.ContentType?.MediaType == "text/html")
            {
                Answers.AssertLocalized(body, language, what);
            }

            if (response.Content.Headers.ContentType?.MediaType == "text/html")
            {
                Assert.True(response.Headers.Contains("Content-Security-Policy"), $"{what}: no CSP");
            }
        }
        catch (Xunit.Sdk.XunitException e)
        {
            failures.Add(e.Message);
        }
    }

    private static void Collect(List<string> failures, RawResponse response, string what)
    {
        try
        {
            Answers.AssertSafe(response, what);
        }
        catch (Xunit.Sdk.XunitException e)
        {
            failures.Add(e.Message);
        }
    }

    /// <summary>A valid token for the client as it is now: desk pages for a responder, the public ones otherwise.</summary>
    private static async Task<string> TokenAsync(HavenClient client)
    {
        if (Tokens.TryGetValue(client, out var known))
        {
            return known;
        }

        foreach (var page in new[] { "/desk/account", "/return" })
        {
            var html = (await client.GetAsync(page)).Html;
            if (HavenClient.Hidden(html, "__af") is { } token)
            {
                Tokens.AddOrUpdate(client, token);
                return token;
            }
        }

        throw new InvalidOperationException("No page with a token.");
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<HavenClient, string> Tokens = [];

    private static string Shorten(string target) => target.Length > 120 ? target[..120] + "…" : target;
}
