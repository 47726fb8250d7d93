using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Haven.Tests;
using Haven.Web.Tests.Browser;
using Haven.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Haven.Web.Tests.Browser.BrowserPages;
using static Microsoft.Playwright.Assertions;

namespace Haven.Web.Tests.Act;

/// <summary>
/// A supporter in Debian's Chromium with JavaScript off (issue 18, point 4), in English and Russian: from the list
/// of Urgent Actions to the action, the letter form with its sample letter, a sent letter and the thank-you page;
/// the real SMTP sink then receives it addressed to the target with the copy, with the salutation in the page's
/// language and that Content-Language, and the count goes up once it is delivered. Nothing is loaded from
/// elsewhere; axe finds no WCAG 2.1 AA violation on the public pages in either language.
/// </summary>
[Trait(TestRuns.Database, TestRuns.Independent)]
public sealed class ActBrowserTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private static readonly AxeRunOptions Wcag21AA = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        Rules = new Dictionary<string, RuleOptions> { ["duplicate-id"] = new() { Enabled = true } },
        ResultTypes = [ResultType.Violations],
    };

    [Theory]
    [InlineData("en-US", "en", "Urgent Actions", "UA 7/26: Journalist detained in Grozny", "Write a letter and let Haven send it by e-mail", "Your name", "Your town", "Your country (optional)", "Germany", "Send the letter", "Your letter is on its way.", "Dear Prosecutor General,", "Release the journalist")]
    [InlineData("ru-RU", "ru", "Срочные акции", "UA 7/26: Журналист задержан в Грозном", "Написать письмо и отправить его по электронной почте через Haven", "Ваше имя", "Ваш город", "Ваша страна (необязательно)", "Германия", "Отправить письмо", "Ваше письмо в пути.", "Уважаемый Генеральный прокурор!", "Освободите журналиста")]
    public async Task A_supporter_without_javascript_goes_from_the_list_to_a_delivered_letter(
        string locale, string language, string listTitle, string actionLink, string writeLink, string nameLabel, string townLabel, string countryLabel, string country, string send, string thanks, string salutation, string subject)
    {
        var sink = SmtpSink.Shared;
        var domain = SmtpSink.NewDomain();
        await using var server = await HavenServer.StartAsync(sink.ServerSettings());
        var ua = await ActSeed.InsertAsync(server, domain);
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

        await page.GotoAsync(Address(server, "/act"));
        await Expect(page.Locator("h1")).ToHaveTextAsync(listTitle);
        await page.GetByRole(AriaRole.Link, new() { Name = actionLink }).ClickAsync();
        await Expect(page).ToHaveURLAsync(Address(server, "/act/7-26"));
        await page.GetByRole(AriaRole.Link, new() { Name = writeLink }).ClickAsync();

        // One target has an address: the form is for it, with the sample letter in the page's language.
        await Expect(page.Locator("#body")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^" + System.Text.RegularExpressions.Regex.Escape(salutation)));
        await Expect(page.Locator("#subject")).ToHaveValueAsync(subject);
        await page.GetByLabel(nameLabel).FillAsync("Мария Schmidt");
        await page.GetByLabel(townLabel).FillAsync("Köln");
        await page.GetByLabel(countryLabel).SelectOptionAsync(new SelectOptionValue { Label = country });
        await page.GetByRole(AriaRole.Button, new() { Name = send }).ClickAsync();
        await Expect(page.Locator("#thanks-queued")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^" + System.Text.RegularExpressions.Regex.Escape(thanks)));
        Assert.DoesNotContain("<script", await page.ContentAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(domain, await page.ContentAsync(), StringComparison.OrdinalIgnoreCase);

        var message = (await sink.WaitForAsync(domain, 1, TimeSpan.FromSeconds(30))).Single();
        Assert.Equal(["prosecutor@" + domain], message.To.Mailboxes.Select(m => m.Address));
        Assert.Equal(["embassy@" + domain], message.Cc.Mailboxes.Select(m => m.Address));
        Assert.Equal(subject, message.Subject);
        Assert.Equal(language, message.Body!.Headers["Content-Language"]);
        var body = (message.TextBody ?? "").Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.StartsWith(salutation, body, StringComparison.Ordinal);
        Assert.EndsWith("Мария Schmidt, Köln", body.TrimEnd(), StringComparison.Ordinal);
        Assert.DoesNotContain("{name}", body, StringComparison.Ordinal);

        // Counted once delivered, by channel, language and country.
        await Eventually.UntilAsync("the delivered letter is counted", async () => await ua.CountAsync(server) == 1);
        await page.GotoAsync(Address(server, "/act/7-26"));
        await Expect(page.Locator("#count")).ToContainTextAsync("1");
        Assert.Empty(elsewhere);
        Assert.DoesNotContain(server.Logs.Lines, line => line.Contains(domain, StringComparison.OrdinalIgnoreCase) || line.Contains("Schmidt", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Axe_finds_no_violation_on_the_public_act_pages_in_either_language()
    {
        await using var server = await HavenServer.StartAsync(["--Haven:Mail:Host=127.0.0.1", "--Haven:Mail:Port=9", "--Haven:Mail:Security=None", "--Haven:Mail:From=act@haven.test", "--Haven:Mail:WindowMinutes=600"]);
        var ua = await ActSeed.InsertAsync(server);
        await ActSeed.InsertAsync(server, status: Haven.Act.ActionStatus.Ended, sequence: 2);
        var violations = new List<string>();
        foreach (var locale in new[] { "en-US", "ru-RU" })
        {
            // The pages have no script (checked), so JavaScript on, which axe needs, shows the same document.
            await using var context = await chromium.NewContextAsync(locale, javaScript: true);
            foreach (var path in new[] { "/act", "/act/7-26", "/act/7-26?lang=tr", "/act/2-26", $"/act/7-26/write?target={ua.Target.Id}", "/act/7-26/sent", "/act/7-26/thanks?o=queued", "/act/9-26" })
            {
                var page = await context.NewPageAsync();
                await page.GotoAsync(Address(server, path));
                Assert.DoesNotContain("<script", await page.ContentAsync(), StringComparison.OrdinalIgnoreCase);
                var result = await page.RunAxe(Wcag21AA);
                violations.AddRange(result.Violations.Select(v => $"{locale} {path}: {v.Id} {v.Help} {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}"));
                await page.CloseAsync();
            }

            // A refused form (400) with its errors.
            var form = await context.NewPageAsync();
            await form.GotoAsync(Address(server, $"/act/7-26/write?target={ua.Target.Id}"));
            await form.Locator("#name").EvaluateAsync("e => e.removeAttribute('required')");
            await form.Locator("#town").FillAsync("Köln");
            await form.Locator("#letter-form button[type=submit]").ClickAsync();
            await Expect(form.Locator("#errors")).ToBeVisibleAsync();
            var refused = await form.RunAxe(Wcag21AA);
            violations.AddRange(refused.Violations.Select(v => $"{locale} refused form: {v.Id} {v.Help}"));
        }

        Assert.Empty(violations);
    }
}
