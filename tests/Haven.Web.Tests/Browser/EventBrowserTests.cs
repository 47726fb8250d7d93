using Haven.Web.Tests.Infrastructure;
using Haven.Web.Tests.Intake;
using static Haven.Web.Tests.Browser.BrowserPages;
using static Microsoft.Playwright.Assertions;

namespace Haven.Web.Tests.Browser;

/// <summary>
/// A responder with JavaScript off documents a testimony: from the case page's "Document this testimony" to the
/// pre-filled form, a refused save that loses nothing (an end before the start), and the saved event's page.
/// </summary>
[Trait(TestRuns.Database, TestRuns.Independent)]
public sealed class EventBrowserTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task A_responder_without_JavaScript_documents_a_testimony_and_reads_the_event()
    {
        await using var server = await HavenServer.StartAsync();
        await TestimonyKit.AddRegionsAsync(server, ("RU", null, "Russia", "Россия"), ("RU-CE", "RU", "Chechnya", "Чечня"));
        using (var person = server.CreateClient())
        {
            await TestimonyKit.StartAsync(person);
            await TestimonyKit.SendAsync(person, [.. TestimonyKit.Answers("They took me at night."), new("Input.Country", "RU"), new("Input.Region", "RU-CE")]);
        }

        await using var desk = await chromium.NewContextAsync("en-US", javaScript: false);
        var page = await desk.NewPageAsync();
        await LoginAsync(page, server);
        await page.Locator("#inbox tbody a").ClickAsync();
        await page.Locator(".entry.testimony a.button").ClickAsync();

        await Expect(page.Locator("h1")).ToHaveTextAsync("Document an event");
        await Expect(page.Locator("#prefilled")).ToBeVisibleAsync();
        await Expect(page.Locator("#start")).ToHaveValueAsync("2017-03");
        await Expect(page.Locator("#region")).ToHaveValueAsync("RU-CE");
        await Expect(page.Locator("#new-victim-0-pseudonym")).ToHaveValueAsync("The person who told");

        // An end before the start: refused, and what was typed stays.
        await page.Locator("#title").FillAsync("Detention at night");
        await page.Locator("#new-victim-0-pseudonym").FillAsync("Swallow");
        await page.Locator("#end").FillAsync("2016");
        await page.Locator("#save-event").ClickAsync();
        await Expect(page.Locator("[role=alert]")).ToContainTextAsync("the end cannot be before the start");
        await Expect(page.Locator("#new-victim-0-pseudonym")).ToHaveValueAsync("Swallow");
        await Expect(page.Locator("#title")).ToHaveValueAsync("Detention at night");

        await page.Locator("#end").FillAsync("");
        await page.Locator("#reliability").SelectOptionAsync("4");
        await page.Locator("#save-event").ClickAsync();

        await Expect(page.Locator("#event-title")).ToHaveTextAsync("Detention at night");
        await Expect(page.Locator("#event-region")).ToHaveTextAsync("Russia › Chechnya");
        await Expect(page.Locator("#corroboration")).ToHaveTextAsync("Corroborated by 1 independent source");
        await Expect(page.Locator(".act")).ToHaveCountAsync(4);
        await Expect(page.Locator(".act-victim").First).ToContainTextAsync("Swallow");

        // The case page lists the event.
        await page.Locator("#event-case").ClickAsync();
        await Expect(page.Locator("#case-events")).ToContainTextAsync("Detention at night");
    }
}
