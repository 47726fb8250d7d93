using Haven.Web.Tests.Evidence;
using Haven.Web.Tests.Infrastructure;
using static Haven.Web.Tests.Browser.BrowserPages;
using static Microsoft.Playwright.Assertions;

namespace Haven.Web.Tests.Browser;

/// <summary>
/// A responder with JavaScript off exports a signed evidence bundle: from the case page's link to the export form,
/// a refused form that keeps the files chosen (and forgets the passphrase), then the download, which gpg opens with
/// the passphrase and whose manifest lists the one file chosen.
/// </summary>
[Trait(TestRuns.Database, TestRuns.Independent)]
public sealed class EvidenceBrowserTests(ChromiumFixture chromium, BundleGpg gpg) : IClassFixture<ChromiumFixture>, IClassFixture<BundleGpg>
{
    private const string Passphrase = "four words of passphrase";

    [Fact]
    public async Task A_responder_without_JavaScript_fills_the_case_export_form_and_gets_the_bundle()
    {
        await using var server = await HavenServer.StartAsync();
        var (caseId, ids) = await ExportKit.PersonSendsAsync(server, ("statement.txt", "what I saw"u8.ToArray()), ("map.txt", "where it was"u8.ToArray()));

        await using var desk = await chromium.NewContextAsync("en-US", javaScript: false);
        var page = await desk.NewPageAsync();
        await LoginAsync(page, server);
        await page.GotoAsync(Address(server, $"/desk/case/{caseId}"));
        await page.Locator("#export-evidence").ClickAsync();
        await Expect(page).ToHaveURLAsync(Address(server, $"/desk/case/{caseId}/evidence"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Export evidence");
        await Expect(page.Locator($"#file-{ids[0]}")).ToBeCheckedAsync();
        await Expect(page.Locator($"#file-{ids[1]}")).ToBeCheckedAsync();

        // Only the statement; the passphrase typed twice differently is refused, and the choice of files stays.
        await page.Locator($"#file-{ids[1]}").UncheckAsync();
        await page.Locator("#passphrase").FillAsync(Passphrase);
        await page.Locator("#passphrase-again").FillAsync(Passphrase + " and more");
        await page.Locator("#export").ClickAsync();
        await Expect(page.Locator("[role=alert]")).ToHaveTextAsync("The two passphrases are not the same. Type them again.");
        await Expect(page.Locator($"#file-{ids[0]}")).ToBeCheckedAsync();
        await Expect(page.Locator($"#file-{ids[1]}")).Not.ToBeCheckedAsync();
        await Expect(page.Locator("#passphrase")).ToHaveValueAsync("");

        await page.Locator("#passphrase").FillAsync(Passphrase);
        await page.Locator("#passphrase-again").FillAsync(Passphrase);
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#export").ClickAsync());
        Assert.Matches("^haven-evidence-[0-9a-f]+\\.gpg$", download.SuggestedFilename);
        var saved = Path.Combine(Path.GetTempPath(), "haven-evidence-browser-" + Haven.Crypto.RandomId.New() + ".gpg");
        try
        {
            await download.SaveAsAsync(saved);
            var bundle = ExportKit.Open(gpg, await File.ReadAllBytesAsync(saved), Passphrase);
            Assert.Equal([ids[0]], bundle.Files.Select(f => f.GetProperty("id").GetString()!).ToList());
            Assert.Equal("what I saw"u8.ToArray(), bundle[bundle.Files[0].GetProperty("path").GetString()!]);
        }
        finally
        {
            File.Delete(saved);
        }
    }
}
