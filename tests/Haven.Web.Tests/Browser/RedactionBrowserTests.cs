using System.Net.Http.Headers;
using Haven.Files;
using Haven.Web.Tests.Files;
using Haven.Web.Tests.Infrastructure;
using ImageMagick;
using Microsoft.EntityFrameworkCore;
using static Haven.Web.Tests.Browser.BrowserPages;
using static Microsoft.Playwright.Assertions;

namespace Haven.Web.Tests.Browser;

/// <summary>
/// A redacted copy made in a real browser with JavaScript off: the responder ticks squares of the grid laid over the
/// image's preview on the file page, sends the form, finds the copy listed as a redacted copy, and the copy the browser
/// downloads has those squares black and the rest of the picture as it was.
/// </summary>
[Trait(TestRuns.Database, TestRuns.Independent)]
public sealed class RedactionBrowserTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Theory]
    [InlineData("en-US", "redacted copy")]
    [InlineData("ru-RU", "копия с закрашенными участками")]
    public async Task A_responder_blacks_out_squares_of_the_grid_without_JavaScript(string locale, string kind)
    {
        await using var server = await HavenServer.StartAsync();
        var photo = RedactedCopyTests.JpegWithThumbnail(640, 480, out _);
        using (var person = server.CreateClient())
        {
            await person.AskForHelpAsync();
            var content = new ByteArrayContent(photo);
            content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            await person.SubmitRequestWithFilesAsync("faces of the guards", [("guards.jpg", content)]);
        }

        string caseId, fileId;
        await using (var db = await FileTestKit.DbAsync(server))
        {
            var row = await db.Files.AsNoTracking().SingleAsync();
            (caseId, fileId) = (row.CaseId, row.Id);
        }

        await using var context = await chromium.NewContextAsync(locale);
        var page = await context.NewPageAsync();
        await LoginAsync(page, server);
        await page.GotoAsync(Address(server, $"/desk/case/{caseId}/files/{fileId}"));
        var preview = page.Locator("#redact-preview");
        await Expect(preview).ToBeVisibleAsync();
        Assert.True((await preview.BoundingBoxAsync())!.Height > 100, "the preview is not shown");

        // Three squares: row 3, columns 4 and 5, and row 4, column 4 (rows and columns from 1 on the page).
        string[] ticked = ["2-3", "2-4", "3-3"];
        foreach (var cell in ticked)
        {
            await page.Locator($"#cell-{cell}").CheckAsync();
        }

        await page.Locator("#make-redacted-copy").ClickAsync();
        await Expect(page.Locator("#notice")).ToBeVisibleAsync();
        var item = page.Locator("#copy-list li[data-kind=redacted]");
        await Expect(item).ToHaveCountAsync(1);
        await Expect(item).ToContainTextAsync(kind);
        var copyId = (await item.Locator("a[id^=copy-]").GetAttributeAsync("id"))!["copy-".Length..];

        // Downloaded in the same session, as the responder would.
        var download = await context.APIRequest.GetAsync(Address(server, $"/desk/case/{caseId}/file/{copyId}"));
        Assert.Equal(200, download.Status);
        using var image = new MagickImage(await download.BodyAsync());
        using var source = new MagickImage(photo);
        Assert.Null(image.GetExifProfile());
        using var pixels = image.GetPixels();
        using var sourcePixels = source.GetPixels();
        for (var row = 0; row < Redaction.GridSize; row++)
        {
            for (var column = 0; column < Redaction.GridSize; column++)
            {
                var cell = Redaction.Cell(row, column, 640, 480);
                var black = ticked.Contains($"{row}-{column}");
                for (var y = (int)cell.Y + 4; y < cell.Y + cell.Height - 4; y += 3)
                {
                    for (var x = (int)cell.X + 4; x < cell.X + cell.Width - 4; x += 3)
                    {
                        var after = pixels.GetPixel(x, y);
                        var before = sourcePixels.GetPixel(x, y);
                        for (uint c = 0; c < 3; c++)
                        {
                            if (black)
                            {
                                Assert.True(after.GetChannel(c) <= 6, $"square {row}-{column} is not black at {x},{y}");
                            }
                            else
                            {
                                Assert.True(Math.Abs(after.GetChannel(c) - before.GetChannel(c)) <= 40, $"square {row}-{column} changed at {x},{y}");
                            }
                        }
                    }
                }
            }
        }
    }
}
