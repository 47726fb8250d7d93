using Haven.Web.Tests.Infrastructure;
using Haven.Web.Tests.Workflow;
using Microsoft.Playwright;
using static Haven.Web.Tests.Browser.BrowserPages;
using static Microsoft.Playwright.Assertions;

namespace Haven.Web.Tests.Browser;

/// <summary>
/// A responder writes a long reply, with a file, and their session runs out before they press Send: in a real
/// browser with JavaScript off, the 307 makes the browser send the same form on, and the page gives the text
/// back. Nothing is stored.
/// </summary>
[Trait(TestRuns.Database, TestRuns.Independent)]
public sealed class SignedOutBrowserTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task A_reply_written_past_the_idle_timeout_comes_back_to_the_responder_in_the_browser()
    {
        const string Reply = "We found a driver for Thursday night; answer with the number of people.";
        await using var server = await HavenServer.StartAsync("--Haven:Desk:IdleTimeout=00:10:00");
        var (caseId, _) = await WorkflowDesk.OpenCaseAsync(server);
        await using var context = await chromium.NewContextAsync("en-US");
        var page = await context.NewPageAsync();
        await LoginAsync(page, server);
        await page.GotoAsync(Address(server, $"/desk/case/{caseId}"));

        await page.Locator("#reply").FillAsync(Reply);
        await page.Locator("#files").SetInputFilesAsync(new FilePayload { Name = "route.pdf", MimeType = "application/pdf", Buffer = new byte[50_000] });
        server.Clock.Advance(TimeSpan.FromMinutes(11));
        var before = await server.CountAsync(db => db.Records);
        await page.Locator("#send-reply").ClickAsync();

        await Expect(page).ToHaveURLAsync(Address(server, "/desk/signed-out"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Session ended");
        await Expect(page.Locator("textarea.written")).ToHaveValueAsync(Reply);
        await Expect(page.Locator(".notice")).ToContainTextAsync("Files attached: 1.");
        await Expect(page.Locator("#login-again")).ToHaveAttributeAsync("href", "/desk/login");
        Assert.Equal(before, await server.CountAsync(db => db.Records));
    }
}
