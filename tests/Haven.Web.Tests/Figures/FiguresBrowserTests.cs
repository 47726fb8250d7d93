using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Haven.Web.Tests.Browser;
using Haven.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Haven.Web.Tests.Browser.BrowserPages;
using static Microsoft.Playwright.Assertions;

namespace Haven.Web.Tests.Figures;

/// <summary>
/// The public figures in Debian's Chromium (issue 17, point 4): with JavaScript off, in English and Russian, a
/// reader goes from the list to a figure and sees its chart, its table and the documented-minimum label, switches
/// language on the figures' own switch, and nothing is loaded from anywhere else; axe finds no WCAG 2.1 AA
/// violation on the list, a figure, a heat table and a withdrawn figure, in both languages.
/// </summary>
[Trait(TestRuns.Database, TestRuns.Independent)]
public sealed class FiguresBrowserTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private static readonly AxeRunOptions Wcag21AA = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        Rules = new Dictionary<string, RuleOptions> { ["duplicate-id"] = new() { Enabled = true } },
        ResultTypes = [ResultType.Violations],
    };

    [Theory]
    [InlineData("en-US", "Published figures", "Victims by act type", "Documented minimum: the true numbers are higher.", "suppressed", "Русский", "Опубликованная статистика")]
    [InlineData("ru-RU", "Опубликованная статистика", "Пострадавшие по видам деяний", "Документально подтверждённый минимум: настоящие числа выше.", "скрыто", "English", "Published figures")]
    public async Task A_reader_without_javascript_reads_a_figure_and_switches_language(string locale, string listTitle, string figureTitle, string minimum, string suppressed, string otherLanguage, string otherListTitle)
    {
        await using var server = await HavenServer.StartAsync();
        await FigureReleaseSeed.SeedAllAsync(server);
        await using var context = await chromium.NewContextAsync(locale);
        var page = await context.NewPageAsync();
        var elsewhere = new List<string>();
        var origin = server.BaseAddress.GetLeftPart(UriPartial.Authority);
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(origin, StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                elsewhere.Add(request.Url);
            }
        };

        await page.GotoAsync(Address(server, "/figures"));
        await Expect(page.Locator("h1")).ToHaveTextAsync(listTitle);
        await Expect(page.Locator(".minimum")).ToHaveTextAsync(minimum);
        await page.GetByRole(AriaRole.Link, new() { Name = figureTitle }).ClickAsync();

        await Expect(page).ToHaveURLAsync(Address(server, "/figures/1"));
        await Expect(page.Locator("h1")).ToHaveTextAsync(figureTitle);
        var chart = page.Locator("svg.figure-chart[role=img]");
        await Expect(chart).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = figureTitle })).ToHaveCountAsync(1);
        await Expect(chart.Locator("rect.fig-band")).Not.ToHaveCountAsync(0);
        await Expect(page.Locator("table.figure-table td.band")).ToHaveTextAsync("1–10");
        await Expect(page.Locator("table.figure-table td.suppressed")).ToHaveTextAsync(suppressed);
        await Expect(page.Locator(".minimum")).ToHaveTextAsync(minimum);
        Assert.DoesNotContain("<script", await page.ContentAsync(), StringComparison.OrdinalIgnoreCase);

        await page.GetByRole(AriaRole.Link, new() { Name = otherLanguage }).ClickAsync();
        await Expect(page).ToHaveURLAsync(Address(server, "/figures/1"));
        await page.GotoAsync(Address(server, "/figures"));
        await Expect(page.Locator("h1")).ToHaveTextAsync(otherListTitle);
        Assert.Empty(elsewhere);
    }

    [Fact]
    public async Task Axe_finds_no_violation_on_the_public_figures_in_either_language()
    {
        await using var server = await HavenServer.StartAsync();
        await FigureReleaseSeed.SeedAllAsync(server);
        var violations = new List<string>();
        foreach (var locale in new[] { "en-US", "ru-RU" })
        {
            // The pages have no script (checked), so JavaScript on, which axe needs, shows the same document.
            await using var context = await chromium.NewContextAsync(locale, javaScript: true);
            foreach (var path in new[] { "/figures", "/figures/1", "/figures/1/v/1", "/figures/4", "/figures/5", "/figures/9" })
            {
                var page = await context.NewPageAsync();
                await page.GotoAsync(Address(server, path));
                Assert.DoesNotContain("<script", await page.ContentAsync(), StringComparison.OrdinalIgnoreCase);
                var result = await page.RunAxe(Wcag21AA);
                violations.AddRange(result.Violations.Select(v => $"{locale} {path}: {v.Id} {v.Help} {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}"));
                await page.CloseAsync();
            }
        }

        Assert.Empty(violations);
    }
}
