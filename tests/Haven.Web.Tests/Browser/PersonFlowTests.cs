using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Haven.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Haven.Web.Tests.Browser.BrowserPages;
using static Microsoft.Playwright.Assertions;

namespace Haven.Web.Tests.Browser;

/// <summary>
/// The whole path of a person at risk in a real browser with JavaScript off (Tor Browser "Safest"): ask for
/// help, keep the receipt, send a request, come back later with only the receipt, read the reply, write
/// more, and leave quickly.
/// </summary>
[Trait(TestRuns.Database, TestRuns.Independent)]
public sealed partial class PersonFlowTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Theory]
    [InlineData("en-US")]
    [InlineData("ru-RU")]
    public async Task A_person_without_JavaScript_asks_for_help_reads_the_reply_with_the_receipt_and_leaves_quickly(string locale)
    {
        await using var neutral = await NeutralSite.StartAsync();
        await using var server = await HavenServer.StartAsync("--Haven:Intake:QuickExitUrl=" + neutral.Address);
        await WalkAsync(server, neutral, locale);
    }

    [Fact]
    public async Task No_page_the_person_sees_loads_anything_from_another_origin()
    {
        await using var neutral = await NeutralSite.StartAsync();
        await using var server = await HavenServer.StartAsync("--Haven:Intake:QuickExitUrl=" + neutral.Address);
        var (requests, consoleErrors) = await WalkAsync(server, neutral, "en-US");

        // Nothing was even tried and blocked (the CSP would report it here), and nothing failed to load.
        Assert.True(consoleErrors.Count == 0, string.Join(Environment.NewLine, consoleErrors));
        var origin = server.BaseAddress.GetLeftPart(UriPartial.Authority);
        Assert.Contains(requests, url => url.EndsWith("/css/haven.css", StringComparison.Ordinal));
        Assert.Contains(neutral.Address, requests);
        Assert.All(
            requests.Where(url => !url.StartsWith(neutral.Origin + "/", StringComparison.Ordinal)),
            url => Assert.Equal(origin, new Uri(url).GetLeftPart(UriPartial.Authority)));
    }

    /// <summary>Walks the whole flow; returns every address the person's browser asked for, in order, and its console errors.</summary>
    private async Task<(List<string> Requests, List<string> ConsoleErrors)> WalkAsync(HavenServer server, NeutralSite neutral, string locale)
    {
        var texts = PageTexts.For(locale);
        var (request, reply, followUp) = texts == PageTexts.Russian
            ? ("Мы прячемся в подвале, помогите, пожалуйста", "Оставайтесь на месте; мы напишем ещё раз сегодня вечером.", "Спасибо. Нас двое, один ребёнок.")
            : ("We are hiding in the cellar, please help", "Stay where you are; we will write again tonight.", "Thank you. Two of us, one child.");
        var (fileArrived, filesArrived) = texts == PageTexts.Russian ? ("Вместе с ним пришёл 1 файл:", "пришёл 1 файл") : ("1 file arrived with it:", "1 file arrived");
        var requests = new ConcurrentQueue<string>();
        var consoleErrors = new ConcurrentQueue<string>();

        // The person asks for help and keeps the receipt.
        string receipt;
        await using (var first = await chromium.NewContextAsync(locale))
        {
            first.Request += (_, r) => requests.Enqueue(r.Url);
            first.Console += (_, m) => RecordError(consoleErrors, m);
            var page = await first.NewPageAsync();
            await page.GotoAsync(server.BaseAddress.ToString());
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", texts.Language);
            await Expect(page.Locator("h1")).ToHaveTextAsync(texts.LandingTitle);

            await page.Locator("#ask").ClickAsync();
            await Expect(page).ToHaveURLAsync(Address(server, "/receipt"));
            await Expect(page.Locator("h1")).ToHaveTextAsync(texts.ReceiptTitle);
            await Expect(page.Locator("#receipt")).ToHaveTextAsync(ReceiptFormat());
            receipt = (await page.Locator("#receipt").TextContentAsync())!.Trim();

            await page.Locator("#continue").ClickAsync();
            await Expect(page).ToHaveURLAsync(Address(server, "/request"));
            await Expect(page.Locator("h1")).ToHaveTextAsync(texts.RequestTitle);
            await page.GetByLabel(texts.HelpShelter).CheckAsync();
            await page.GetByLabel(texts.UrgencyDays).CheckAsync();
            await page.Locator("#text").FillAsync(request);
            await page.Locator("#send").ClickAsync();
            await Expect(page).ToHaveURLAsync(Address(server, "/sent"));
            await Expect(page.Locator("h1")).ToHaveTextAsync(texts.SentTitle);
        }

        // A responder reads the request at the desk and replies.
        await using var desk = await chromium.NewContextAsync("en-US");
        var deskPage = await desk.NewPageAsync();
        await LoginAsync(deskPage, server);

        await deskPage.Locator("#inbox tbody a").ClickAsync();
        await Expect(deskPage.Locator(".entry.request .text")).ToHaveTextAsync(request);
        await Expect(deskPage.Locator(".entry.request")).ToContainTextAsync(PageTexts.English.HelpShelter);
        await Expect(deskPage.Locator(".urgency-Days")).ToHaveTextAsync(PageTexts.English.UrgencyDays);
        await deskPage.Locator("#reply").FillAsync(reply);
        await deskPage.Locator("#send-reply").ClickAsync();
        await Expect(deskPage.Locator(".entry.reply .text")).ToHaveTextAsync(reply);

        // Later, in a new browser session, the person comes back with only the receipt.
        await using var later = await chromium.NewContextAsync(locale);
        later.Request += (_, r) => requests.Enqueue(r.Url);
        later.Console += (_, m) => RecordError(consoleErrors, m);
        var back = await later.NewPageAsync();
        await back.GotoAsync(server.BaseAddress.ToString());
        await back.Locator("#have-receipt").ClickAsync();
        await Expect(back).ToHaveURLAsync(Address(server, "/return"));
        await Expect(back.Locator("h1")).ToHaveTextAsync(texts.ReturnTitle);
        await back.Locator("#receipt").FillAsync(receipt);
        await back.Locator("#open").ClickAsync();
        await Expect(back).ToHaveURLAsync(Address(server, "/conversation"));
        await Expect(back.Locator("h1")).ToHaveTextAsync(texts.ConversationTitle);
        await Expect(back.Locator(".entry.reply .meta")).ToContainTextAsync(texts.ReplyFrom);
        await Expect(back.Locator(".entry.reply .text")).ToHaveTextAsync(reply);
        await Expect(back.Locator("main")).Not.ToContainTextAsync(request);

        await back.Locator("#text").FillAsync(followUp);
        await back.Locator("#files").SetInputFilesAsync(new FilePayload { Name = "папка.pdf", MimeType = "application/pdf", Buffer = "%PDF-1.4 not really"u8.ToArray() });
        await back.Locator("#send").ClickAsync();
        await Expect(back).ToHaveURLAsync(Address(server, "/conversation?sent=true"));
        await Expect(back.Locator("[role=status]")).ToHaveTextAsync(texts.MessageSent);

        // The file's arrival is confirmed by name right after sending, and by count afterwards.
        await Expect(back.Locator("#sent-files")).ToHaveTextAsync(fileArrived);
        await Expect(back.Locator("#sent-files + ul.files li")).ToHaveTextAsync("папка.pdf");
        await Expect(back.Locator(".entry.message .files-arrived")).ToHaveTextAsync(filesArrived);
        await back.ReloadAsync();
        await Expect(back.Locator("#sent-files")).ToHaveCountAsync(0);
        await Expect(back.Locator("main")).Not.ToContainTextAsync("папка.pdf");
        await deskPage.ReloadAsync();
        await Expect(deskPage.Locator(".entry.message .text")).ToHaveTextAsync(followUp);

        // Someone comes: the quick exit leaves for the neutral site and ends the session.
        var session = Assert.Single(await later.CookiesAsync(), c => c.Name == "haven-s");
        await Expect(back.Locator("#quick-exit")).ToHaveTextAsync(texts.QuickExit);
        await back.Locator("#quick-exit").ClickAsync();
        await Expect(back).ToHaveURLAsync(neutral.Address);
        Assert.StartsWith(neutral.Address, back.Url, StringComparison.Ordinal);
        await Expect(back.Locator("body")).ToHaveTextAsync(NeutralSite.Body);
        Assert.True(neutral.Visits > 0, "The quick exit did not reach the neutral site.");
        Assert.Empty(await later.CookiesAsync());

        // Whoever picks up the phone and goes back finds no conversation...
        await back.GoBackAsync();
        await Expect(back).ToHaveURLAsync(Address(server, "/return"));
        await Expect(back.Locator("main")).Not.ToContainTextAsync(reply);

        // ...nor with the old session cookie: the session is gone on the server too.
        await later.AddCookiesAsync([new Cookie { Name = session.Name, Value = session.Value, Url = server.BaseAddress.ToString() }]);
        await back.GotoAsync(Address(server, "/conversation"));
        await Expect(back).ToHaveURLAsync(Address(server, "/return"));
        return ([.. requests], [.. consoleErrors]);
    }

    private static void RecordError(ConcurrentQueue<string> errors, IConsoleMessage message)
    {
        // The browser's own request for /favicon.ico (a 404: Haven has no icon) is not something a page loads;
        // an icon on another origin would be in the recorded requests.
        if (message.Type == "error" && !message.Location.Contains("/favicon.ico", StringComparison.Ordinal))
        {
            errors.Enqueue($"{message.Location}: {message.Text}");
        }
    }


    /// <summary>20 digits in five groups of four.</summary>
    [GeneratedRegex("^[0-9]{4}( [0-9]{4}){4}$")]
    private static partial Regex ReceiptFormat();
}
