using System.Text.RegularExpressions;
using Haven.Accounts;
using Haven.Web.Tests.Browser;
using Haven.Web.Tests.Infrastructure;
using static Haven.Web.Tests.Accounts.Accounts;
using static Haven.Web.Tests.Browser.BrowserPages;
using static Microsoft.Playwright.Assertions;

namespace Haven.Web.Tests.Act;

/// <summary>
/// A campaigner writes and publishes an Urgent Action in Chromium with JavaScript off, in English and in Russian:
/// new draft, texts in two languages with a letter template, a target with a private address, a refused publication
/// without the consent tick, then the number and the sample letter; the address never on a page.
/// </summary>
[Trait(TestRuns.Database, TestRuns.Independent)]
public sealed class ActDeskBrowserTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Theory]
    [InlineData("en-US", "Publish the action", "UA 1/26", "Tick the confirmation")]
    [InlineData("ru-RU", "Опубликовать акцию", "UA 1/26", "Отметьте подтверждение")]
    public async Task With_JavaScript_off_a_campaigner_writes_and_publishes_an_action(string locale, string publishLabel, string number, string consentError)
    {
        await using var server = await HavenServer.StartAsync();
        var campaigner = await AddResponderAsync(server, "Campaigner Clara", ResponderRole.Campaigner);
        await using var context = await chromium.NewContextAsync(locale, javaScript: false);
        var page = await context.NewPageAsync();
        server.Clock.Advance(TimeSpan.FromSeconds(30));
        await page.GotoAsync(Address(server, "/desk/login"));
        await page.Locator("#name").FillAsync(campaigner.Name);
        await page.Locator("#passphrase").FillAsync(campaigner.Passphrase);
        await page.Locator("#code").FillAsync(TotpCodes.Compute(campaigner.TotpSecret, server.Clock.GetUtcNow()));
        await page.Locator("#login").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/desk/act$"));
        await Expect(page.Locator("#nav-inbox")).ToHaveCountAsync(0);

        await page.Locator("#new-action").ClickAsync();
        await page.Locator("#languages").FillAsync("en, ru");
        await page.Locator("#create").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/desk/act/[0-9a-f]{32}/edit$"));
        var id = Regex.Match(page.Url, "/desk/act/([0-9a-f]{32})/edit").Groups[1].Value;
        foreach (var (language, title) in new[] { ("en", "Release the detained"), ("ru", "Освободите задержанных") })
        {
            await page.Locator($"#Title-{language}").FillAsync(title);
            await page.Locator($"#Summary-{language}").FillAsync("Summary");
            await page.Locator($"#RecommendedActions-{language}").FillAsync("Write to the prosecutor");
            await page.Locator($"#LetterSubject-{language}").FillAsync("Release them");
            await page.Locator($"#LetterBody-{language}").FillAsync("{salutation},\nplease release them.\n{name}, {town}");
        }

        await page.Locator("#save").ClickAsync();
        await Expect(page.Locator("#notice")).ToBeVisibleAsync();

        await page.GotoAsync(Address(server, $"/desk/act/{id}/targets"));
        await page.Locator("#target-name").FillAsync("Ivan Petrov");
        await page.Locator("#target-title").FillAsync("Prosecutor General");
        await page.Locator("#target-language").FillAsync("ru");
        await page.Locator("#salutation-en").FillAsync("Dear Prosecutor General");
        await page.Locator("#salutation-ru").FillAsync("Уважаемый господин прокурор");
        await page.Locator("#target-email").FillAsync("prosecutor@genproc.example");
        await page.Locator("#save-target").ClickAsync();
        await Expect(page.Locator("#notice")).ToBeVisibleAsync();

        await page.GotoAsync(Address(server, $"/desk/act/{id}/publish"));
        await Expect(page.Locator("#ready")).ToBeVisibleAsync();
        await page.Locator("#publish").ClickAsync();
        await Expect(page.Locator("[role=alert]")).ToContainTextAsync(consentError);
        await page.Locator("#confirm").CheckAsync();
        await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = publishLabel }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/desk/act/{id}\\?done=published$"));
        await Expect(page.Locator("#number")).ToHaveTextAsync(number);
        await Expect(page.Locator($"#sample-ru-{Target(await page.ContentAsync())}")).ToContainTextAsync("Уважаемый господин прокурор,");
        Assert.DoesNotContain("genproc", await page.ContentAsync(), StringComparison.Ordinal);
    }

    private static string Target(string html) => Regex.Match(html, "id=\"sample-ru-([0-9a-f]{32})\"").Groups[1].Value;
}
