using System.Net;
using Haven.Web.Tests.Hostile;
using Haven.Web.Tests.Infrastructure;

namespace Haven.Web.Tests.Intake;

public sealed class LanguageHttpTests
{
    [Fact]
    public async Task The_browser_language_is_the_default()
    {
        await using var server = await HavenServer.StartAsync();
        using var ru = server.CreateClient("ru-RU,ru;q=0.9,en;q=0.5");
        var page = await ru.GetAsync("/");
        Assert.Contains("<html lang=\"ru\">", page.Html, StringComparison.Ordinal);
        Assert.Contains("Безопасно попросить о помощи", page.Html, StringComparison.Ordinal);

        using var en = server.CreateClient("en-GB");
        Assert.Contains("Ask for help safely", (await en.GetAsync("/")).Html, StringComparison.Ordinal);

        using var other = server.CreateClient("de-DE");
        Assert.Contains("Ask for help safely", (await other.GetAsync("/")).Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_switch_is_a_plain_link_that_returns_to_the_same_page_with_a_session_cookie()
    {
        await using var server = await HavenServer.StartAsync();
        using var client = server.CreateClient("en");
        var safety = await client.GetAsync("/safety");
        Assert.Contains("href=\"/lang?c=ru&amp;r=%2Fsafety\"", safety.Html, StringComparison.Ordinal);
        using var response = await client.Http.GetAsync("/lang?c=ru&r=%2Fsafety");
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("haven-lang=", StringComparison.Ordinal));
        Assert.DoesNotContain("expires", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("/safety", response.Headers.Location!.OriginalString);
        Assert.Contains("Как оставаться в безопасности", (await client.GetAsync("/safety")).Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_switch_refuses_to_send_anyone_elsewhere()
    {
        await using var server = await HavenServer.StartAsync();
        using var client = server.CreateClient();
        foreach (var target in new[] { "https://evil.example/", "//evil.example/", "/\\evil.example" })
        {
            using var response = await client.Http.GetAsync("/lang?c=ru&r=" + Uri.EscapeDataString(target));
            Assert.Equal("/", response.Headers.Location!.OriginalString);
        }
    }

    /// <summary>
    /// Issue 22: the decoded return path went into the Location header as it was, and a non-ASCII letter made it
    /// throw (a 500). It is encoded for the header, and the browser lands on the same path.
    /// </summary>
    [Theory]
    [InlineData("%2F%C3%A9", "/%C3%A9", "/é")]
    [InlineData("%2F%D0%BF%D0%BE%D0%BC%D0%BE%D1%89%D1%8C", "/%D0%BF%D0%BE%D0%BC%D0%BE%D1%89%D1%8C", "/помощь")]
    [InlineData("%2Fsafety%3Fq%3D%D0%B6%D0%B4%D1%83", "/safety?q=%D0%B6%D0%B4%D1%83", "/safety")]
    [InlineData("%2Fsafety%3Fq%3D%25D0%25B6", "/safety?q=%D0%B6", "/safety")]
    [InlineData("%2F%D8%B3%D8%A7%D8%B9%D8%AF%F0%9F%86%98", "/%D8%B3%D8%A7%D8%B9%D8%AF%F0%9F%86%98", "/ساعد🆘")]
    public async Task A_return_path_in_any_script_is_encoded_for_the_header_and_leads_back_to_it(string r, string location, string path)
    {
        await using var server = await HavenServer.StartAsync();
        var raw = await RawHttp.SendAsync(server, "GET", "/lang?c=ru&r=" + r);
        Assert.Equal(302, raw.Status);
        Assert.Equal(location, raw.Header("Location"));
        Assert.Contains("haven-lang=", raw.Head, StringComparison.Ordinal);

        using var client = server.CreateClient("en");
        using var switched = await client.Http.GetAsync("/lang?c=ru&r=" + r);
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        var landed = await client.GetAsync(switched.Headers.Location!.OriginalString);
        Assert.Equal(path, Uri.UnescapeDataString(landed.Location.AbsolutePath));
        Assert.True(landed.Status is HttpStatusCode.OK or HttpStatusCode.NotFound, $"{landed.Status}");
        Assert.Contains("<html lang=\"ru\"", landed.Html, StringComparison.Ordinal);
    }

    /// <summary>Control characters never reach the header raw: a line break cannot add a header, a tab cannot be dropped to make "//".</summary>
    [Theory]
    [InlineData("%2F%0D%0ASet-Cookie%3A%20x%3D1", "/%0D%0ASet-Cookie:%20x=1")]
    [InlineData("%2F%09%2Fevil.example", "/%09/evil.example")]
    [InlineData("%2F%00%1B%7F", "/%00%1B%7F")]
    [InlineData("%2F%ZZ%25", "/%25ZZ%25")]
    [InlineData("%0D%0A%2F%2Fevil.example", "/")]
    public async Task Control_characters_and_broken_escapes_in_a_return_path_are_encoded_or_refused(string r, string location)
    {
        await using var server = await HavenServer.StartAsync();
        var raw = await RawHttp.SendAsync(server, "GET", "/lang?c=ru&r=" + r);
        Assert.Equal(302, raw.Status);
        Assert.Equal(location, raw.Header("Location"));
        Assert.DoesNotContain("Set-Cookie: x", raw.Head, StringComparison.OrdinalIgnoreCase);
    }
}
