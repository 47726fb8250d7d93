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
}
