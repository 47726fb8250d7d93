using Haven.Web.Tests.Infrastructure;
using Haven.Web.Tests.Intake;
using static Haven.Web.Tests.Browser.BrowserPages;
using static Microsoft.Playwright.Assertions;

namespace Haven.Web.Tests.Browser;

/// <summary>
/// A frightened person on an old phone, in Russian, with JavaScript off (Tor Browser "Safest"), tells what
/// happened through the guided form: from the landing page to the secret code, a refused date that loses
/// nothing, the testimony sent; then a responder reads it at the desk with the answers in English.
/// </summary>
[Trait(TestRuns.Database, TestRuns.Independent)]
public sealed class TestimonyBrowserTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task A_person_without_JavaScript_tells_what_happened_in_russian_and_the_desk_reads_it_in_english()
    {
        await using var server = await HavenServer.StartAsync();
        await TestimonyKit.AddRegionsAsync(server, ("RU", null, "Russia", "Россия"), ("RU-CE", "RU", "Chechnya", "Чечня"), ("RU-MOW", "RU", "Moscow", "Москва"));
        const string Text = "Меня задержали у дома и держали двое суток. Со мной были ещё двое.";

        await using (var phone = await chromium.NewContextAsync("ru-RU", javaScript: false, viewport: ChromiumFixture.Phone))
        {
            var page = await phone.NewPageAsync();
            await page.GotoAsync(server.BaseAddress.ToString());
            await Expect(page.Locator("#testify")).ToHaveTextAsync("Я хочу рассказать, что случилось");
            await page.Locator("#testify").ClickAsync();
            await Expect(page).ToHaveURLAsync(Address(server, "/receipt?next=testimony"));
            await Expect(page.Locator("h1")).ToHaveTextAsync(PageTexts.Russian.ReceiptTitle);
            await page.Locator("#continue").ClickAsync();

            await Expect(page).ToHaveURLAsync(Address(server, "/testimony"));
            await Expect(page.Locator("h1")).ToHaveTextAsync("Рассказать, что случилось");
            await Expect(page.Locator("#no-names")).ToContainTextAsync("Мы никогда не спрашиваем имена.");
            await Expect(page.Locator("#quick-exit")).ToHaveTextAsync(PageTexts.Russian.QuickExit);

            await page.GetByLabel("Произвольное задержание").CheckAsync();
            await page.GetByLabel("Пытки или жестокое обращение").CheckAsync();
            await page.Locator("#year").FillAsync("2999");
            await page.Locator("#month").SelectOptionAsync("Март");
            await page.Locator("#day").SelectOptionAsync("14");
            await page.Locator("#country").SelectOptionAsync("Россия");
            await page.Locator("#region").SelectOptionAsync("Чечня");
            await page.GetByLabel("Со мной").CheckAsync();
            await page.GetByLabel("С другими людьми").CheckAsync();
            await page.Locator("#people").FillAsync("3");
            await page.GetByLabel("Полиция").CheckAsync();
            await page.Locator("#text").FillAsync(Text);
            await page.Locator("#send").ClickAsync();

            // A year in the future: refused in Russian, and every answer is still there.
            await Expect(page.Locator("[role=alert]")).ToContainTextAsync("Пожалуйста, проверьте дату");
            await Expect(page.Locator("#text")).ToHaveValueAsync(Text);
            await Expect(page.GetByLabel("Пытки или жестокое обращение")).ToBeCheckedAsync();
            await Expect(page.GetByLabel("Полиция")).ToBeCheckedAsync();
            await Expect(page.GetByLabel("С другими людьми")).ToBeCheckedAsync();
            await Expect(page.Locator("#month")).ToHaveValueAsync("3");
            await Expect(page.Locator("#day")).ToHaveValueAsync("14");
            await Expect(page.Locator("#region")).ToHaveValueAsync("RU-CE");
            await Expect(page.Locator("#people")).ToHaveValueAsync("3");

            await page.Locator("#year").FillAsync("2017");
            await page.Locator("#send").ClickAsync();
            await Expect(page).ToHaveURLAsync(Address(server, "/sent?testimony=true"));
            await Expect(page.Locator("h1")).ToHaveTextAsync("Ваш рассказ отправлен");
        }

        await using var desk = await chromium.NewContextAsync("en-US");
        var deskPage = await desk.NewPageAsync();
        await LoginAsync(deskPage, server);
        await deskPage.Locator("#inbox tbody a").ClickAsync();
        var testimony = deskPage.Locator(".entry.testimony");
        await Expect(testimony.Locator(".meta")).ToContainTextAsync("Testimony");
        await Expect(testimony.Locator(".answer-acts")).ToHaveTextAsync("What happened: Arbitrary detention, Torture or ill-treatment");
        await Expect(testimony.Locator(".answer-when")).ToHaveTextAsync("When: 2017-03-14");
        await Expect(testimony.Locator(".answer-where")).ToHaveTextAsync("Where: Russia › Chechnya");
        await Expect(testimony.Locator(".answer-whom")).ToHaveTextAsync("To whom: the person, other people");
        await Expect(testimony.Locator(".answer-people")).ToHaveTextAsync("How many people: 3");
        await Expect(testimony.Locator(".answer-who")).ToHaveTextAsync("Who did it: Police");
        await Expect(testimony.Locator(".text")).ToHaveTextAsync(Text);
    }
}
