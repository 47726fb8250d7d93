using System.Text.RegularExpressions;

namespace Haven.Web.Tests.Conventions;

/// <summary>
/// Pages link, post and redirect to other pages through page routing (<c>asp-page</c>, <c>asp-route-…</c>,
/// <c>RedirectToPage</c>, <c>Url.Page</c>), and so does the rest of the web project (the desk's login challenge
/// uses <c>LinkGenerator</c>), so that a renamed or moved page breaks the build or a test instead of leaving a
/// dead link.
/// </summary>
public sealed partial class PageRoutingTests
{
    /// <summary>Literal local URLs a page may still write: static assets, which are files, not pages.</summary>
    private static readonly string[] Allowed = ["/css/", "/js/"];

    [Fact]
    public void No_file_of_the_web_project_writes_a_literal_local_page_url_in_a_link_a_form_or_a_redirect()
    {
        var web = WebProject();
        var files = SourceFiles(web);
        Assert.True(files.Count(f => f.StartsWith(Path.Combine(web, "Pages"), StringComparison.Ordinal)) >= 30, "too few page files found");
        Assert.True(files.Count(f => f.EndsWith(".cs", StringComparison.Ordinal) && !f.EndsWith(".cshtml.cs", StringComparison.Ordinal)) >= 30, "too few other source files found");
        var literals = files.SelectMany(f => Literals(File.ReadAllText(f)).Select(url => $"{Path.GetRelativePath(web, f)}: {url}")).ToList();
        Assert.Empty(literals);
    }

    [Fact]
    public void Every_page_the_web_project_routes_to_exists()
    {
        var web = WebProject();
        var pages = Path.Combine(web, "Pages");
        var names = SourceFiles(web)
            .SelectMany(f => PageName().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetRelativePath(web, f), Name: m.Groups["name"].Value)))
            .ToList();
        Assert.True(names.Count >= 50, $"only {names.Count} routed links found");
        Assert.Contains(names, n => n.File == Path.Combine("Desk", "DeskAuthentication.cs") && n.Name == "/Desk/Login");
        var missing = names.Where(n => !File.Exists(Path.Combine(pages, n.Name.TrimStart('/') + ".cshtml"))).Select(n => $"{n.File}: {n.Name}").ToList();
        Assert.Empty(missing);
    }

    [Theory]
    [InlineData("<a href=\"/desk\">", "/desk")]
    [InlineData("<form method=\"post\" action=\"/desk/case/@c.Id?handler=note\">", "/desk/case/@c.Id?handler=note")]
    [InlineData("return Redirect(\"/\");", "/")]
    [InlineData("return Redirect($\"/desk/case/{id}#data\");", "/desk/case/{id}#data")]
    [InlineData("Response.Redirect(\"/desk/login\");", "/desk/login")]
    [InlineData("<a href='/safety'>", "/safety")]
    [InlineData("Response.Headers.Location = \"/desk/signed-out\";", "/desk/signed-out")]
    [InlineData("Response.Headers.Location = $\"/desk/responders?invited={id}\";", "/desk/responders?invited={id}")]
    [InlineData("var query = new StringBuilder(\"/desk?state=\").Append(scope);", "/desk?state=")]
    [InlineData("<a href=\"@(n == 2 ? Url.Page(\"/Intake/Conversation\") : $\"/conversation?page={n - 1}\")\">", "/conversation?page={n - 1}")]
    public void A_literal_local_url_is_reported(string text, string url) => Assert.Equal([url], Literals(text));

    [Fact]
    public void Every_literal_in_a_conditional_redirect_is_reported() =>
        Assert.Equal(["/return", "/request"], Literals("return Redirect(session is null ? \"/return\" : \"/request\");"));

    [Theory]
    [InlineData("<link rel=\"stylesheet\" href=\"/css/haven.css\">")]
    [InlineData("<script src=\"/js/desk.js\"></script>")]
    [InlineData("<a asp-page=\"/Desk/Index\">")]
    [InlineData("<a href=\"https://example.org/\">")]
    [InlineData("<a href=\"#conversation\">")]
    [InlineData("return Redirect(LocalUrl.ForLocation(returnUrl));")]
    [InlineData("return RedirectToPage(\"/Desk/Case\", new { id }, \"data\");")]
    [InlineData("Response.Headers.Location = PageUrl(\"/Desk/SignedOut\");")]
    [InlineData("Response.Redirect(PageUrl(\"/Desk/Login\"));")]
    [InlineData("if (Request.Path.StartsWithSegments(\"/desk\", StringComparison.Ordinal))")]
    [InlineData("options.Path = \"/invite\";")]
    public void A_static_asset_a_routed_link_or_a_computed_redirect_passes(string text) => Assert.Empty(Literals(text));

    private static string WebProject() => Path.Combine(ConventionTests.RepositoryRoot(), "src", "Haven.Web");

    /// <summary>The web project's C# files and Razor views, without build output.</summary>
    private static List<string> SourceFiles(string web) =>
        Directory.EnumerateFiles(web, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
            .Where(f => Path.GetRelativePath(web, f).Split(Path.DirectorySeparatorChar)[0] is not ("bin" or "obj"))
            .ToList();

    /// <summary>
    /// Local URLs in <c>href=</c> and <c>action=</c>, every local URL literal on a line that redirects or sets
    /// <c>Location</c>, and any local URL literal with a query string (a link, where a bare path may be a cookie
    /// path or a prefix test).
    /// </summary>
    private static List<string> Literals(string text) =>
        LinkUrl().Matches(text)
            .Concat(text.Split('\n').Where(line => line.Contains("Redirect(", StringComparison.Ordinal) || line.Contains("Headers.Location", StringComparison.Ordinal)).SelectMany(line => StringUrl().Matches(line)))
            .Concat(QueryUrl().Matches(text))
            .Select(m => m.Groups["url"].Value)
            .Where(url => !Allowed.Any(a => url.StartsWith(a, StringComparison.Ordinal)))
            .Distinct()
            .ToList();

    /// <summary>A page name in a string: <c>"/Area/Page"</c>, as <c>asp-page</c>, <c>RedirectToPage</c> and <c>Url.Page</c> take it.</summary>
    [GeneratedRegex("\"(?<name>/[A-Z][A-Za-z]*/[A-Z][A-Za-z]*)\"")]
    private static partial Regex PageName();

    [GeneratedRegex("""\b(?:href|action)\s*=\s*["'](?<url>/[^"']*)""")]
    private static partial Regex LinkUrl();

    /// <summary>A local URL in a string; not a page name (<c>"/Desk/Login"</c>), which starts with a capital.</summary>
    [GeneratedRegex("""\$?@?"(?<url>/(?![A-Z])[^"]*)""")]
    private static partial Regex StringUrl();

    [GeneratedRegex("""\$?@?"(?<url>/(?![A-Z])[^"\s]*\?[^"]*)""")]
    private static partial Regex QueryUrl();
}
