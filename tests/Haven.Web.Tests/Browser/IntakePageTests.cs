using Haven.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Haven.Web.Tests.Browser.BrowserPages;
using static Microsoft.Playwright.Assertions;

namespace Haven.Web.Tests.Browser;

/// <summary>The person's pages in a real browser with JavaScript off: the language switch, and a phone screen.</summary>
[Trait(TestRuns.Database, TestRuns.Independent)]
public sealed class IntakePageTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task The_language_switch_works_without_JavaScript()
    {
        await using var server = await HavenServer.StartAsync();
        await using var context = await chromium.NewContextAsync("en-US");
        var page = await context.NewPageAsync();
        await page.GotoAsync(Address(server, "/safety"));
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.Locator("h1")).ToHaveTextAsync(PageTexts.English.SafetyTitle);

        await page.GetByRole(AriaRole.Link, new() { Name = "Русский", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(Address(server, "/safety"));
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ru");
        await Expect(page.Locator("h1")).ToHaveTextAsync(PageTexts.Russian.SafetyTitle);
        await Expect(page.Locator("#quick-exit")).ToHaveTextAsync(PageTexts.Russian.QuickExit);

        // The choice holds on the next page, though the browser still asks for English.
        await page.Locator(".brand").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync(PageTexts.Russian.LandingTitle);

        await page.GetByRole(AriaRole.Link, new() { Name = "English", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(Address(server, "/"));
        await Expect(page.Locator("h1")).ToHaveTextAsync(PageTexts.English.LandingTitle);
    }

    [Fact]
    public async Task The_Russian_pages_fit_a_phone_screen()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        var texts = PageTexts.Russian;
        await using var server = await HavenServer.StartAsync();
        await using var context = await chromium.NewContextAsync("ru-RU", viewport: ChromiumFixture.Phone);
        var page = await context.NewPageAsync();

        await page.GotoAsync(server.BaseAddress.ToString());
        await Expect(page.Locator("h1")).ToHaveTextAsync(texts.LandingTitle);
        await AssertFitsAsync(page, Path.Combine(folder, "ru-phone-landing.png"));

        await page.Locator("#ask").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync(texts.ReceiptTitle);
        await AssertFitsAsync(page, Path.Combine(folder, "ru-phone-receipt.png"));
        await AssertInsideScreenAsync(page.Locator("#receipt"));
        Assert.True(await page.Locator("#receipt").EvaluateAsync<bool>("e => e.scrollWidth <= e.clientWidth"), "The receipt overflows its box.");

        await page.Locator("#continue").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync(texts.RequestTitle);
        await AssertFitsAsync(page, Path.Combine(folder, "ru-phone-request.png"));
        await AssertInsideScreenAsync(page.Locator("#text"));
    }

    /// <summary>Saves a full-page screenshot; the page must not scroll sideways and the quick exit must be on the first screen.</summary>
    private static async Task AssertFitsAsync(IPage page, string path)
    {
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= ChromiumFixture.Phone.Width, $"{page.Url} is {width} px wide on a {ChromiumFixture.Phone.Width} px screen ({path}).");
        await Expect(page.Locator("#quick-exit")).ToBeInViewportAsync(new() { Ratio = 1 });
        await AssertInsideScreenAsync(page.Locator("#quick-exit"));
    }

    private static async Task AssertInsideScreenAsync(ILocator element)
    {
        var box = await element.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.X >= 0 && box.X + box.Width <= ChromiumFixture.Phone.Width, $"{element} spans {box.X}..{box.X + box.Width} px on a {ChromiumFixture.Phone.Width} px screen.");
    }
}
