using System.Text.RegularExpressions;
using Haven.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using static Haven.Web.Tests.Files.FileTestKit;

namespace Haven.Web.Tests.Hostile;

/// <summary>
/// Issue 22: every parameter of every route (query, url-encoded form, route value, cookie), one at a time,
/// gets text in every script the intake may see (Cyrillic, Arabic, emoji), percent-encoded UTF-8, invalid
/// percent-encoding and control characters, as a person and as an administrator, and no answer is a 5xx or
/// shows a trace. The parameters are found in the running application: handler parameters and bound
/// properties of every page, and the fields of every form the page shows.
/// </summary>
public sealed partial class ScriptSweepTests
{
    /// <summary>Values as they go on the wire, in a query string, a url-encoded form or a path segment.</summary>
    private static readonly string[] Texts =
    [
        Uri.EscapeDataString("Помогите, нам срочно нужно уехать ЁёЖж"),
        Uri.EscapeDataString("ساعدونا، نحتاج إلى المغادرة"),
        Uri.EscapeDataString("🆘👩‍👩‍👧‍👦🏳️‍🌈"),
        "%25D0%25B6%25C3%25A9",
        "%ZZ%",
        "%D0",
        "%C0%AF",
        "%FF%FE",
        "%ED%A0%80",
        "%00%01%07%09%0A%0D%1B%7F",
        "%C2%85%E2%80%AE%E2%80%8B%EF%BB%BF",
        "%0D%0ASet-Cookie:%20x=1",
    ];

    /// <summary>Each text, and the same as a local path (so that it passes a return-URL check and reaches a header).</summary>
    private static readonly string[] Values = [.. Texts, .. Texts.Select(t => "%2F" + t)];

    /// <summary>The same kinds of text for a Cookie header: raw UTF-8 bytes (as Latin-1 characters), escapes, controls.</summary>
    private static readonly string[] CookieValues =
    [
        Latin1("Помогите"), Latin1("ساعدونا"), Latin1("🆘"), "%D0%B6%C3%A9", "%ZZ%", "%FF%FE", "c=%D0%B6|uic=%D0%B6", "c=ru|uic=" + Latin1("ж"), "\u0001\u001B\u007F",
    ];

    private static readonly string[] CookieNames = ["haven-s", "haven-d", "haven-af", "haven-lang"];

    [Fact]
    public async Task Every_query_and_form_parameter_takes_any_script_and_broken_encoding_without_a_5xx()
    {
        await using var server = await HavenServer.StartAsync();
        var (person, caseId) = await PersonWithCaseAsync(server);
        using var _ = person;
        using var admin = await AdminAsync(server);
        var routes = await ParametersAsync(server, caseId, admin, person);
        Assert.Contains(routes, r => r.Path == "/lang" && r.Names.Contains("r"));
        Assert.Contains(routes, r => r.Path == "/conversation" && r.Names.Contains("Text"));
        Assert.Contains(routes, r => r.Path == "/desk/login" && r.Names.Contains("Name"));

        var failures = new List<string>();
        foreach (var (path, names) in routes.Where(r => r.Path is not ("/desk/logout" or "/leave" or "/exit")))
        {
            var client = path.StartsWith("/desk", StringComparison.Ordinal) ? admin : person;
            var cookie = RawHttp.CookieHeader(client);
            var token = await TokenAsync(client, path);
            foreach (var name in names)
            {
                foreach (var value in Values)
                {
                    var query = await RawHttp.SendAsync(server, "GET", $"{path}?{Uri.EscapeDataString(name)}={value}", [cookie]);
                    Collect(failures, query, $"GET {path}?{name}={Shorten(value)}");
                    string[] form = ["Content-Type: application/x-www-form-urlencoded", cookie];
                    var post = await RawHttp.SendAsync(server, "POST", path, form, $"__af={token}&{Uri.EscapeDataString(name)}={value}");
                    Collect(failures, post, $"POST {path} {name}={Shorten(value)}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(40)) + $"\n({failures.Count} in all)\n" + string.Join("\n", server.Logs.Lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal)).Take(3)));
        await Answers.AssertStillUpAsync(server);
    }

    [Fact]
    public async Task Every_route_value_and_cookie_takes_any_script_and_broken_encoding_without_a_5xx()
    {
        await using var server = await HavenServer.StartAsync();
        var (person, caseId) = await PersonWithCaseAsync(server);
        using var _ = person;
        using var admin = await AdminAsync(server);
        var endpoints = await RouteSweepTests.EndpointPathsAsync(server, caseId: "{id}");
        var routes = endpoints.Select(p => p.Path).Where(p => p.Contains('{', StringComparison.Ordinal)).ToList();
        Assert.Contains("/invite/{token}", routes);

        var failures = new List<string>();
        foreach (var route in routes)
        {
            foreach (var parameter in route.Split('/').Where(s => s.StartsWith('{')).Select(s => s.Trim('{', '}').Split(':')[0]))
            {
                foreach (var value in Texts)
                {
                    var target = string.Join('/', route.Split('/').Select(s => !s.StartsWith('{') ? s : s.Trim('{', '}').Split(':')[0] == parameter ? value : s.StartsWith("{id", StringComparison.Ordinal) ? caseId : "0123456789abcdef0123456789abcdef"));
                    foreach (var (who, client) in new[] { ("person", person), ("admin", admin) })
                    {
                        foreach (var method in new[] { "GET", "POST" })
                        {
                            var response = await RawHttp.SendAsync(server, method, target, [RawHttp.CookieHeader(client)], method == "POST" ? "" : null);
                            Collect(failures, response, $"{who} {method} {Shorten(target)}");
                        }
                    }
                }
            }
        }

        // Each cookie in turn takes the hostile value, on every page, the others those of the administrator.
        var paths = endpoints.Select(p => p.Path).Where(p => !p.Contains('{', StringComparison.Ordinal) && p is not ("/desk/logout" or "/leave" or "/exit")).ToList();
        foreach (var name in CookieNames)
        {
            foreach (var value in CookieValues)
            {
                foreach (var path in paths)
                {
                    var others = admin.Cookies.GetAllCookies().Where(c => c.Name != name).Select(c => $"{c.Name}={c.Value}");
                    var cookies = "Cookie: " + string.Join("; ", [.. others, $"{name}={value}"]);
                    var response = await RawHttp.SendAsync(server, "GET", path, [cookies]);
                    Collect(failures, response, $"GET {path} with cookie {name}={Shorten(value)}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(40)) + $"\n({failures.Count} in all)\n" + string.Join("\n", server.Logs.Lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal)).Take(3)));
        await Answers.AssertStillUpAsync(server);
    }

    /// <summary>
    /// Every page path (route values filled) with the names of its parameters: handler parameters, bound
    /// properties, the fields of the forms it shows to the person or the administrator, and <c>handler</c>.
    /// </summary>
    private static async Task<List<(string Path, string[] Names)>> ParametersAsync(HavenServer server, string caseId, HavenClient admin, HavenClient person)
    {
        var loader = server.Services.GetRequiredService<PageLoader>();
        var result = new List<(string, string[])>();
        foreach (var endpoint in server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is not { } page)
            {
                continue;
            }

            var compiled = await loader.LoadAsync(page, endpoint.Metadata);
            var names = new HashSet<string>(StringComparer.Ordinal) { "handler" };
            names.UnionWith(compiled.HandlerMethods.SelectMany(h => h.Parameters).Select(p => p.BindingInfo?.BinderModelName ?? p.Name));
            names.UnionWith(compiled.BoundProperties.Select(p => p.BindingInfo?.BinderModelName ?? p.Name));
            var path = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            path = path.Replace("{id}", caseId, StringComparison.Ordinal).Replace("{code:int}", "404", StringComparison.Ordinal);
            if (path.Contains('{', StringComparison.Ordinal))
            {
                // A file id or a one-time token: the route-value sweep covers these pages.
                path = Regex.Replace(path, "\\{[^}]+\\}", "0123456789abcdef0123456789abcdef");
            }

            var client = path.StartsWith("/desk", StringComparison.Ordinal) ? admin : person;
            if (path is not ("/desk/logout" or "/leave" or "/exit"))
            {
                names.UnionWith(FieldName().Matches((await client.GetAsync(path)).Html).Select(m => m.Groups[1].Value).Where(n => n != "__af"));
            }

            result.Add((path, [.. names.Order(StringComparer.Ordinal)]));
        }

        return result;
    }

    private static async Task<string> TokenAsync(HavenClient client, string path)
    {
        var html = (await client.GetAsync(path)).Html;
        return HavenClient.Hidden(html, "__af") ?? HavenClient.Hidden((await client.GetAsync(path.StartsWith("/desk", StringComparison.Ordinal) ? "/desk/account" : "/return")).Html, "__af") ?? "";
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

    private static string Latin1(string text) => System.Text.Encoding.Latin1.GetString(System.Text.Encoding.UTF8.GetBytes(text));

    private static string Shorten(string target) => target.Length > 80 ? target[..80] + "…" : target;

    [GeneratedRegex("<(?:input|textarea|select|button)[^>]*\\bname=\"([^\"]+)\"", RegexOptions.IgnoreCase)]
    private static partial Regex FieldName();
}
