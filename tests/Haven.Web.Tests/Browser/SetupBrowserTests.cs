using Haven.Accounts;
using Haven.Web.Setup;
using Haven.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Haven.Web.Tests.Browser.BrowserPages;
using static Microsoft.Playwright.Assertions;

namespace Haven.Web.Tests.Browser;

/// <summary>
/// The one-time set-up in a real browser with JavaScript off: the browser that opens the link first keeps it
/// (its SameSite=Strict cookie comes back on every step), and a second browser opening the same link is told
/// it was opened elsewhere and sees neither the TOTP secret nor the recovery secret.
/// </summary>
[Trait(TestRuns.Database, TestRuns.Independent)]
public sealed class SetupBrowserTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task The_first_browser_sets_up_the_instance_and_a_second_browser_with_the_link_sees_no_secret()
    {
        await using var server = await HavenServer.StartFreshAsync();
        var link = Address(server, $"/setup/{server.Services.GetRequiredService<SetupState>().Token}");
        await using var operatorContext = await chromium.NewContextAsync("en-US");
        var page = await operatorContext.NewPageAsync();
        await page.GotoAsync(link);
        await page.Locator("#name").FillAsync("Olga");
        await page.Locator("#passphrase").FillAsync("a long passphrase one");
        await page.Locator("#confirm").FillAsync("a long passphrase one");
        await page.Locator("#create").ClickAsync();
        var secret = (await page.Locator("#totp-secret").TextContentAsync())!.Trim();
        Assert.Matches("^[A-Z2-7]+$", secret);

        await using var otherContext = await chromium.NewContextAsync("ru-RU");
        var other = await otherContext.NewPageAsync();
        var refused = await other.GotoAsync(link);
        Assert.Equal(403, refused!.Status);
        await Expect(other.Locator("#opened-elsewhere")).ToContainTextAsync("уже открыта в другом браузере");
        Assert.DoesNotContain(secret, await other.ContentAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await other.Locator("form").CountAsync());

        await page.Locator("#code").FillAsync(TotpCodes.Compute(secret, server.Clock.GetUtcNow()));
        await page.Locator("#verify").ClickAsync();
        var recovery = (await page.Locator("#recovery-secret").TextContentAsync())!.Trim();
        Assert.NotEmpty(recovery);
        await other.ReloadAsync();
        Assert.DoesNotContain(recovery, await other.ContentAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await other.Locator("#recovery-secret").CountAsync());

        await page.Locator("#stored").CheckAsync();
        await page.Locator("#finish").ClickAsync();
        await Expect(page).ToHaveURLAsync(Address(server, "/desk/login?setup=true"));
    }
}
