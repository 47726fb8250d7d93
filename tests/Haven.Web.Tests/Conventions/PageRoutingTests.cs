using System.Text.RegularExpressions;

namespace Haven.Web.Tests.Conventions;

/// <summary>
/// Pages link, post and redirect to other pages through page routing (<c>asp-page</c>, <c>asp-route-…</c>,
/// <c>RedirectToPage</c>), so that a renamed or moved page breaks the build instead of leaving a dead link.
/// </summary>
public sealed partial class PageRoutingTests
{
    /// <summary>Literal local URLs a page may still write: static assets, which are files, not pages.</summary>
    private static readonly string[] Allowed = ["/css/", "/js/"];

    [Fact]
    public void No_page_writes_a_literal_local_page_url_in_a_link_a_form_or_a_redirect()
    {
        var pages = Path.Combine(ConventionTests.RepositoryRoot(), "src", "Haven.Web", "Pages");
        var files = Directory.EnumerateFiles(pages, "*.cshtml*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cshtml", StringComparison.Ordinal) || f.EndsWith(".cshtml.cs", StringComparison.Ordinal))
            .ToList();
        Assert.True(files.Count >= 30, $"only {files.Count} page files found");
        var literals = files.SelectMany(f => Literals(File.ReadAllText(f)).Select(url => $"{Path.GetRelativePath(pages, f)}: {url}")).ToList();
        Assert.Empty(literals);
    }

    [Fact]
    public void Every_page_a_page_routes_to_exists()
    {
        var pages = Path.Combine(ConventionTests.RepositoryRoot(), "src", "Haven.Web", "Pages");
        var names = Directory.EnumerateFiles(pages, "*.cshtml*", SearchOption.AllDirectories)
            .SelectMany(f => PageName().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetRelativePath(pages, f), Name: m.Groups["name"].Value)))
            .ToList();
        Assert.True(names.Count >= 50, $"only {names.Count} routed links found");
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
    public void A_static_asset_a_routed_link_or_a_computed_redirect_passes(string text) => Assert.Empty(Literals(text));

    /// <summary>Local URLs in <c>href=</c> and <c>action=</c>, and every local URL literal on a line that redirects.</summary>
    private static List<string> Literals(string text) =>
        LinkUrl().Matches(text)
            .Concat(text.Split('\n').Where(line => line.Contains("Redirect(", StringComparison.Ordinal)).SelectMany(line => StringUrl().Matches(line)))
            .Select(m => m.Groups["url"].Value)
            .Where(url => !Allowed.Any(a => url.StartsWith(a, StringComparison.Ordinal)))
            .ToList();

    /// <summary>A page name in a string: <c>"/Area/Page"</c>, as <c>asp-page</c>, <c>RedirectToPage</c> and <c>Url.Page</c> take it.</summary>
    [GeneratedRegex("\"(?<name>/[A-Z][A-Za-z]*/[A-Z][A-Za-z]*)\"")]
    private static partial Regex PageName();

    [GeneratedRegex("""\b(?:href|action)\s*=\s*["'](?<url>/[^"']*)""")]
    private static partial Regex LinkUrl();

    [GeneratedRegex("""\$?@?"(?<url>/[^"]*)""")]
    private static partial Regex StringUrl();
}
