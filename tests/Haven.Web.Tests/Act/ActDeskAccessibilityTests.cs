using System.Collections.Concurrent;
using Haven.Web.Tests.Browser;
using Haven.Web.Tests.Infrastructure;
using static Haven.Web.Tests.Browser.BrowserPages;
using static Microsoft.Playwright.Assertions;

namespace Haven.Web.Tests.Act;

/// <summary>
/// WCAG 2.1 AA on the desk's Act pages, checked by axe-core as <see cref="AccessibilityTests"/> checks every other
/// page, in English and in Russian, as the administrator: the list, the new form, a published action's overview
/// with its sample letters, the edit form (and a refused one), targets with a stored address, updates, end, the held
/// queue, and a draft's publish page.
/// </summary>
[Trait(TestRuns.Database, TestRuns.Independent)]
public sealed class ActDeskAccessibilityTests(AccessibilityFixture site) : IClassFixture<AccessibilityFixture>
{
    private static readonly ConcurrentDictionary<HavenServer, Lazy<Task<(string Live, string Draft)>>> Seeded = new();

    public static TheoryData<string> Locales() => new("en-US", "ru-RU");

    [Theory]
    [MemberData(nameof(Locales))]
    public async Task The_act_desk_pages_have_no_WCAG_2_1_AA_violation(string locale)
    {
        var (live, draft) = await Seeded.GetOrAdd(site.Server, server => new Lazy<Task<(string, string)>>(() => SeedAsync(server))).Value;
        await using var context = await site.NewRenderingContextAsync(locale, deskSession: true, viewport: null);
        var page = await context.NewPageAsync();
        var violations = new List<string>();
        async Task Analyse(string path, string state)
        {
            await page.GotoAsync(Address(site.Server, path));
            await Expect(page.Locator("h1")).ToBeVisibleAsync();
            violations.AddRange(await site.AnalyseAsync(page, locale, $"act desk ({state}, {locale})"));
        }

        await Analyse("/desk/act", "list");
        await Analyse("/desk/act/new", "new");
        await Analyse($"/desk/act/{live}", "overview");
        await Analyse($"/desk/act/{live}/edit", "edit");
        await Analyse($"/desk/act/{live}/targets", "targets");
        await Analyse($"/desk/act/{live}/updates", "updates");
        await Analyse($"/desk/act/{live}/end", "end");
        await Analyse($"/desk/act/{live}/held", "held");
        await Analyse($"/desk/act/{draft}/publish", "publish");
        await Analyse($"/desk/act/{draft}", "draft overview");

        Assert.True(violations.Count == 0, $"axe found {violations.Count} WCAG 2.1 AA violation(s):{Environment.NewLine}{string.Join(Environment.NewLine, violations)}");
    }

    private static async Task<(string, string)> SeedAsync(HavenServer server)
    {
        using var admin = await Accounts.Accounts.AdminAsync(server);
        var live = await ActDesk.CreateAsync(admin);
        await ActDesk.EditAsync(admin, live, [.. ActDesk.Texts("en", "Release the detained"), .. ActDesk.Texts("ru", "Освободите задержанных")]);
        await ActDesk.AddTargetAsync(admin, live, "Ivan Petrov", "prosecutor@example.org");
        await ActDesk.AddTargetAsync(admin, live, "Embassy", null, kind: "Copy", language: "en");
        await ActDesk.PublishAsync(admin, live);
        var draft = await ActDesk.CreateAsync(admin);
        return (live, draft);
    }
}
