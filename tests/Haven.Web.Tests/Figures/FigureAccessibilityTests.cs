using System.Collections.Concurrent;
using Haven.Web.Tests.Browser;
using Haven.Web.Tests.Infrastructure;
using static Haven.Web.Tests.Browser.BrowserPages;
using static Microsoft.Playwright.Assertions;

namespace Haven.Web.Tests.Figures;

/// <summary>
/// WCAG 2.1 AA on the desk's figure pages, checked by axe-core as <see cref="AccessibilityTests"/> checks every other
/// page (rendered with JavaScript off, analysed in a copy with script on), in English and in Russian, as the
/// administrator: the list with a version waiting, the empty form, a preview (chart, table with true counts and
/// reasons, audit, the prepare form), a refused definition, a version waiting for approval and a published one.
/// </summary>
[Trait(TestRuns.Database, TestRuns.Independent)]
public sealed class FigureAccessibilityTests(AccessibilityFixture site) : IClassFixture<AccessibilityFixture>
{
    private static readonly ConcurrentDictionary<HavenServer, Lazy<Task>> Seeded = new();

    public static TheoryData<string> Locales() => new("en-US", "ru-RU");

    [Theory]
    [MemberData(nameof(Locales))]
    public async Task The_figure_pages_have_no_WCAG_2_1_AA_violation(string locale)
    {
        await Seeded.GetOrAdd(site.Server, server => new Lazy<Task>(() => SeedAsync(server))).Value;
        await using var context = await site.NewRenderingContextAsync(locale, deskSession: true, viewport: null);
        var page = await context.NewPageAsync();
        var violations = new List<string>();
        async Task Analyse(string state) => violations.AddRange(await site.AnalyseAsync(page, locale, $"figures ({state}, {locale})"));

        await page.GotoAsync(Address(site.Server, "/desk/figures"));
        await Expect(page.Locator("#waiting-list")).ToBeVisibleAsync();
        await Analyse("list");
        await page.GotoAsync(Address(site.Server, "/desk/figures/new"));
        await Analyse("empty form");
        await page.GotoAsync(Address(site.Server, FigureDesk.ByTypeAndCountry));
        await Expect(page.Locator("#preview-section")).ToBeVisibleAsync();
        await Analyse("preview");
        await page.GotoAsync(Address(site.Server, "/desk/figures/new?show=1&rows=month&from=2017-13"));
        await Expect(page.Locator("[role=alert]")).ToBeVisibleAsync();
        await Analyse("refused");
        await page.GotoAsync(Address(site.Server, "/desk/figures/1/v/1"));
        await Expect(page.Locator("#approve")).ToBeVisibleAsync();
        await Analyse("waiting for approval");
        await page.GotoAsync(Address(site.Server, "/desk/figures/2/v/1"));
        await Expect(page.Locator("#withdraw")).ToBeVisibleAsync();
        await Analyse("published");

        Assert.True(violations.Count == 0, $"axe found {violations.Count} WCAG 2.1 AA violation(s):{Environment.NewLine}{string.Join(Environment.NewLine, violations)}");
    }

    /// <summary>The figures' events, an analyst who prepares figure 1 (waiting) and figure 2 (approved by a second analyst).</summary>
    private static async Task SeedAsync(HavenServer server)
    {
        var (analyst, _, _) = await FigureDesk.SeedAsync(server);
        using var client = await FigureDesk.LoginAsync(server, analyst);
        Assert.Equal("/desk/figures/1/v/1", (await FigureDesk.PrepareAsync(client, FigureDesk.ByTypeAndCountry, FigureDesk.Field("titles[en]", "Acts by type and country"))).Location.AbsolutePath);
        Assert.Equal("/desk/figures/2/v/1", (await FigureDesk.PrepareAsync(client, "/desk/figures/new?unit=events&rows=year&show=1", FigureDesk.Field("titles[en]", "Events by year"))).Location.AbsolutePath);
        var second = await Accounts.Accounts.AddResponderAsync(server, "Second analyst", Haven.Accounts.ResponderRole.Analyst);
        using var approver = await FigureDesk.LoginAsync(server, second);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await FigureDesk.ActAsync(approver, 2, 1, "approve")).Status);
    }
}
