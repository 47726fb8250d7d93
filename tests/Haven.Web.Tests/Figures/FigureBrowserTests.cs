using System.Text.RegularExpressions;
using Haven.Accounts;
using Haven.Figures.Releases;
using Haven.Web.Tests.Browser;
using Haven.Web.Tests.Infrastructure;
using static Haven.Web.Tests.Browser.BrowserPages;
using static Microsoft.Playwright.Assertions;

namespace Haven.Web.Tests.Figures;

/// <summary>
/// The two-person publishing of a figure in Chromium with JavaScript off (Tor Browser "Safest" is not needed on the
/// desk, but no desk page may need script either): an analyst defines a figure, previews it (the chart, the table
/// with true counts and reasons, the audit), fixes a refused title and prepares it; an administrator approves it.
/// </summary>
[Trait(TestRuns.Database, TestRuns.Independent)]
public sealed class FigureBrowserTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task With_JavaScript_off_an_analyst_previews_and_prepares_a_figure_and_an_administrator_approves_it()
    {
        await using var server = await HavenServer.StartAsync();
        var (analyst, _, _) = await FigureDesk.SeedAsync(server);

        await using var analystDesk = await chromium.NewContextAsync("en-US", javaScript: false);
        var page = await analystDesk.NewPageAsync();
        server.Clock.Advance(TimeSpan.FromSeconds(30));
        await LoginAsync(page, server, analyst.Name, analyst.Passphrase, TotpCodes.Compute(analyst.TotpSecret, server.Clock.GetUtcNow()));
        await page.Locator("#nav-figures").ClickAsync();
        await page.Locator("#new-figure").ClickAsync();
        await page.Locator("#unit").SelectOptionAsync("acts");
        await page.Locator("#rows").SelectOptionAsync("act_type");
        await page.Locator("#columns").SelectOptionAsync("country");
        await page.Locator("#preview").ClickAsync();

        await Expect(page.Locator("#preview-section svg[role=img]")).ToBeVisibleAsync();
        await Expect(page.Locator("#audit-result")).ToHaveClassAsync("notice");
        await Expect(page.Locator("td[data-reason=primary]").First).ToContainTextAsync("1–10");
        await Expect(page.Locator("td[data-reason=secondary]").First).ToContainTextAsync("suppressed");
        await Expect(page.Locator("#audit tbody tr").First).ToBeVisibleAsync();

        // No English title: refused, the Russian one kept, the preview still there.
        await page.Locator("#title-ru").FillAsync("Деяния по видам и странам");
        await page.Locator("#prepare-button").ClickAsync();
        await Expect(page.Locator("[role=alert]")).ToContainTextAsync("Give the figure a title in English.");
        await Expect(page.Locator("#title-ru")).ToHaveValueAsync("Деяния по видам и странам");
        await page.Locator("#title-en").FillAsync("Acts by type and country");
        await page.Locator("#prepare-button").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/desk/figures/1/v/1"));
        await Expect(page.Locator("#status")).ToHaveAttributeAsync("data-status", "prepared");
        await Expect(page.Locator("#own-release")).ToBeVisibleAsync();
        await Expect(page.Locator("#approve")).ToHaveCountAsync(0);

        await using var adminDesk = await chromium.NewContextAsync("en-US", javaScript: false);
        var admin = await adminDesk.NewPageAsync();
        server.Clock.Advance(TimeSpan.FromSeconds(30));
        await LoginAsync(admin, server);
        await admin.Locator("#nav-figures").ClickAsync();
        await admin.Locator("#waiting-list a").ClickAsync();
        await Expect(admin.Locator("td[data-true]").First).ToBeVisibleAsync();
        await admin.Locator("#approve").ClickAsync();
        await Expect(admin.Locator("#status")).ToHaveAttributeAsync("data-status", "published");
        await Expect(admin.Locator("#notice")).ToBeVisibleAsync();
        Assert.Equal(FigureReleaseStatus.Published, Assert.Single(await FigureDesk.ReleasesAsync(server)).Status);

        // Withdrawn from the browser too, with its reason.
        await admin.Locator("#reason").FillAsync("Coded twice.");
        await admin.Locator("#withdraw").ClickAsync();
        await Expect(admin.Locator("#status")).ToHaveAttributeAsync("data-status", "withdrawn");
        await Expect(admin.Locator("#withdrawn-reason")).ToHaveTextAsync("Coded twice.");
    }
}
