using System.Security.Cryptography;
using Haven.Web.Tests.Infrastructure;
using Haven.Web.Tests.Interop;
using Microsoft.Playwright;
using static Haven.Web.Tests.Browser.BrowserPages;
using static Microsoft.Playwright.Assertions;

namespace Haven.Web.Tests.Browser;

/// <summary>
/// Files through real browsers with JavaScript off: a person attaches files to the first request with the
/// page's plain file input, and a responder downloads them at the desk with the very bytes sent; a file over
/// the limit is refused with a message in the person's language, and what they typed is kept.
/// </summary>
[Trait(TestRuns.Database, TestRuns.Independent)]
public sealed class UploadBrowserTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task A_person_attaches_two_files_to_the_request_and_a_responder_downloads_each_with_identical_bytes()
    {
        await using var server = await HavenServer.StartAsync();
        FilePayload[] files =
        [
            new() { Name = "фото двора.jpg", MimeType = "image/jpeg", Buffer = RandomNumberGenerator.GetBytes(150_000) },
            new() { Name = "statement.txt", MimeType = "text/plain", Buffer = "We are four, one child. Cellar of school 5."u8.ToArray() },
        ];

        await using (var person = await chromium.NewContextAsync("en-US"))
        {
            var page = await StartRequestAsync(person, server);
            await page.GetByLabel(PageTexts.English.HelpShelter).CheckAsync();
            await page.GetByLabel(PageTexts.English.UrgencyDays).CheckAsync();
            await page.Locator("#text").FillAsync("Photos of the yard and our statement are attached.");
            await page.Locator("#files").SetInputFilesAsync(files);
            await page.Locator("#send").ClickAsync();
            await Expect(page).ToHaveURLAsync(Address(server, "/sent"));
            await Expect(page.Locator("h1")).ToHaveTextAsync(PageTexts.English.SentTitle);
        }

        await using var desk = await chromium.NewContextAsync("en-US");
        var deskPage = await desk.NewPageAsync();
        await LoginAsync(deskPage, server);
        await deskPage.Locator("#inbox tbody a").ClickAsync();
        await Expect(deskPage.Locator(".entry.request .text")).ToHaveTextAsync("Photos of the yard and our statement are attached.");
        var caseId = new Uri(deskPage.Url).Segments[^1].Trim('/');
        var ids = await FileScenario.FileIdsAsync(server, caseId, "request");
        Assert.Equal(files.Length, ids.Count);

        for (var i = 0; i < files.Length; i++)
        {
            var link = deskPage.Locator($"#download-{ids[i]}");
            await Expect(deskPage.Locator(".entry.request .files")).ToContainTextAsync(files[i].Name);
            var download = await deskPage.RunAndWaitForDownloadAsync(() => link.ClickAsync());
            var saved = await File.ReadAllBytesAsync(await download.PathAsync());
            Assert.True(files[i].Buffer.SequenceEqual(saved), $"The downloaded {files[i].Name} differs from what the person attached.");
            Assert.EndsWith(Path.GetExtension(files[i].Name), download.SuggestedFilename, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("en-US", "A file is larger than 1 MB. Nothing was sent; what you wrote is kept below.")]
    [InlineData("ru-RU", "Один из файлов больше 1 МБ. Ничего не отправлено; ваш текст сохранён ниже.")]
    public async Task A_file_over_the_limit_is_refused_with_a_message_in_the_persons_language_and_the_text_is_kept(string locale, string message)
    {
        await using var server = await HavenServer.StartAsync("--Haven:Files:MaxFileBytes=1048576");
        var text = locale.StartsWith("ru", StringComparison.Ordinal) ? "Нас четверо, видео во вложении" : "Four of us, the video is attached";
        await using var person = await chromium.NewContextAsync(locale);
        var page = await StartRequestAsync(person, server);
        await page.GetByLabel(PageTexts.For(locale).HelpShelter).CheckAsync();
        await page.GetByLabel(PageTexts.For(locale).UrgencyDays).CheckAsync();
        await page.Locator("#text").FillAsync(text);
        await page.Locator("#files").SetInputFilesAsync(
        [
            new FilePayload { Name = "small.txt", MimeType = "text/plain", Buffer = "fine"u8.ToArray() },
            new FilePayload { Name = "video.mp4", MimeType = "video/mp4", Buffer = RandomNumberGenerator.GetBytes((1 << 20) + 1) },
        ]);
        await page.Locator("#send").ClickAsync();

        await Expect(page).ToHaveURLAsync(Address(server, "/request"));
        await Expect(page.Locator("[role=alert]").First).ToContainTextAsync(message);
        await Expect(page.Locator("#text")).ToHaveValueAsync(text);

        // Nothing was stored: no case, no blob.
        await using var desk = await chromium.NewContextAsync("en-US");
        var deskPage = await desk.NewPageAsync();
        await LoginAsync(deskPage, server);
        await Expect(deskPage.Locator("#inbox tbody a")).ToHaveCountAsync(0);
        var blobs = Path.Combine(server.DataPath, "blobs");
        Assert.False(Directory.Exists(blobs) && Directory.EnumerateFileSystemEntries(blobs).Any(), "A refused upload left a blob behind.");
    }

    /// <summary>Asks for help and continues to the request form.</summary>
    private static async Task<IPage> StartRequestAsync(IBrowserContext context, HavenServer server)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(server.BaseAddress.ToString());
        await page.Locator("#ask").ClickAsync();
        await Expect(page).ToHaveURLAsync(Address(server, "/receipt"));
        await page.Locator("#continue").ClickAsync();
        await Expect(page).ToHaveURLAsync(Address(server, "/request"));
        return page;
    }
}
