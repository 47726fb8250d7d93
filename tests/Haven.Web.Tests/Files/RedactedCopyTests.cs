using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Haven.Cases;
using Haven.Crypto;
using Haven.Files;
using Haven.Web.Tests.Infrastructure;
using ImageMagick;
using ImageMagick.Drawing;
using Microsoft.EntityFrameworkCore;
using static Haven.Web.Tests.Files.FileTestKit;
using static Haven.Web.Tests.Workflow.WorkflowDesk;

namespace Haven.Web.Tests.Files;

/// <summary>
/// Redacted copies over HTTP: the rectangles are black on the decoded pixels of the copy, the rest of the picture is
/// kept, no metadata or EXIF thumbnail survives, the copy is listed with its kind, hash and the file it came from, a
/// repeated form makes one copy, and hostile coordinates are refused with a 4xx and leave nothing behind.
/// </summary>
public sealed partial class RedactedCopyTests
{
    private const string CameraModel = "RedactCam marker 7c41";

    [Fact]
    public async Task A_redacted_copy_has_black_pixels_in_the_rectangles_the_rest_of_the_picture_and_no_exif_or_thumbnail()
    {
        await using var server = await HavenServer.StartAsync();
        var photo = JpegWithThumbnail(640, 480, out var thumbnail);
        using (var original = new MagickImage(photo))
        {
            // The fixture really carries an EXIF thumbnail of the unredacted picture, and the camera's name.
            Assert.True(original.GetExifProfile()!.ThumbnailLength > 0);
        }

        Assert.Contains(CameraModel, Encoding.ASCII.GetString(photo), StringComparison.Ordinal);
        Assert.Equal(2, JpegStarts(photo));
        var (caseId, fileId) = await PersonSendsAsync(server, "faces at the checkpoint.jpg", "image/jpeg", photo);
        using var admin = await LoginAdminAsync(server);

        // The page offers the form with the image's size and a preview made for it alone.
        var page = await admin.GetAsync($"/desk/case/{caseId}/files/{fileId}");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("no-store", page.Response.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
        Assert.Contains("640 × 480", page.Html, StringComparison.Ordinal);
        var preview = Convert.FromBase64String(WebUtility.HtmlDecode(PreviewPattern().Match(page.Html).Groups[1].Value));
        using (var small = new MagickImage(preview))
        {
            Assert.Equal(MagickFormat.Jpeg, small.Format);
            Assert.True(small.Width <= ImageRedactor.PreviewSide && small.Height <= ImageRedactor.PreviewSide);
            Assert.Null(small.GetExifProfile());
        }

        Assert.Equal(100, Regex.Count(page.Html, "name=\"cell\""));

        // Two typed rectangles on the 16-pixel blocks of the JPEG, and the grid's top left square (64 × 48 pixels).
        Rect[] typed = [new(160, 96, 208, 160), new(512, 320, 96, 128)];
        var made = await RedactAsync(admin, caseId, fileId, page.Html, typed, ["0-0"]);
        Assert.Equal(HttpStatusCode.OK, made.Status);
        Assert.Equal($"/desk/case/{caseId}/files/{fileId}", made.Location.AbsolutePath);
        Assert.Contains("id=\"notice\"", made.Html, StringComparison.Ordinal);

        string copyId;
        await using (var db = await DbAsync(server))
        {
            var row = Assert.Single(await db.Files.AsNoTracking().Where(f => f.OriginalId != null).ToListAsync());
            Assert.Equal(fileId, row.OriginalId);
            copyId = row.Id;
            Assert.Equal(RecordKinds.FileCopy, (await db.Records.AsNoTracking().SingleAsync(r => r.Id == row.RecordId)).Kind);
            var audited = Assert.Single(await db.AuditEntries.AsNoTracking().Where(e => e.Action == "file.redacted").ToListAsync());
            Assert.Equal((caseId, copyId), (audited.CaseId, audited.SubjectId));
        }

        // The evidentiary copy is byte for byte as sent.
        Assert.Equal(photo, await DownloadAsync(admin, $"/desk/case/{caseId}/file/{fileId}"));

        var redacted = await DownloadAsync(admin, $"/desk/case/{caseId}/file/{copyId}");
        using (var image = new MagickImage(redacted))
        using (var source = new MagickImage(photo))
        {
            Assert.Equal(MagickFormat.Jpeg, image.Format);
            Assert.Equal((640u, 480u), (image.Width, image.Height));
            Assert.Null(image.GetExifProfile());
            Assert.Null(image.GetXmpProfile());
            Assert.Null(image.GetIptcProfile());
            var after = Rgb(image);
            var before = Rgb(source);
            Rect[] black = [.. typed, new(0, 0, 64, 48)];
            foreach (var area in black)
            {
                // Every pixel of the rectangle is black (JPEG keeps a pure black block within a level or two).
                for (var y = area.Y; y < area.Y + area.H; y++)
                {
                    for (var x = area.X; x < area.X + area.W; x++)
                    {
                        var i = ((y * 640) + x) * 3;
                        Assert.True(after[i] <= 6 && after[i + 1] <= 6 && after[i + 2] <= 6, $"pixel {x},{y} is ({after[i]},{after[i + 1]},{after[i + 2]}), not black");
                    }
                }

                // And what was there was not black.
                var centre = (((area.Y + (area.H / 2)) * 640) + area.X + (area.W / 2)) * 3;
                Assert.True(before[centre] + before[centre + 1] + before[centre + 2] > 150);
            }

            // Outside the rectangles (and a margin of two JPEG blocks around them) the picture is the same, within JPEG's loss.
            long total = 0, counted = 0;
            for (var y = 0; y < 480; y++)
            {
                for (var x = 0; x < 640; x++)
                {
                    if (black.Any(a => x >= a.X - 16 && x < a.X + a.W + 16 && y >= a.Y - 16 && y < a.Y + a.H + 16))
                    {
                        continue;
                    }

                    for (var c = 0; c < 3; c++)
                    {
                        var i = (((y * 640) + x) * 3) + c;
                        var difference = Math.Abs(after[i] - before[i]);
                        Assert.True(difference <= 40, $"pixel {x},{y} changed by {difference}");
                        total += difference;
                        counted++;
                    }
                }
            }

            Assert.True(total / (double)counted < 3, $"the picture outside the rectangles changed by {total / (double)counted} on average");
        }

        // No metadata and no second picture (the EXIF thumbnail) anywhere in the file.
        var text = Encoding.ASCII.GetString(redacted);
        Assert.DoesNotContain("Exif", text, StringComparison.Ordinal);
        Assert.DoesNotContain("RedactCam", text, StringComparison.Ordinal);
        Assert.DoesNotContain("SecretMaker", text, StringComparison.Ordinal);
        Assert.Equal(1, JpegStarts(redacted));
        Assert.Equal(-1, redacted.AsSpan().IndexOf(thumbnail.AsSpan(thumbnail.Length - 64)));

        // The listing: kind, hash and a link, on the page of the file it was made from and on its own page.
        var listed = Assert.Single(Attachments(await DecryptCaseAsync(server, caseId, step: 1)), a => a.File.Id == copyId).File;
        Assert.Equal(WorkingCopyKinds.Redacted, listed.CopyKind);
        Assert.Equal(fileId, listed.Original);
        Assert.Equal(Hex(SHA256.HashData(redacted)), listed.Sha256);
        Assert.Equal(redacted.Length, listed.Size);
        Assert.EndsWith(".jpg", listed.Name, StringComparison.Ordinal);
        Assert.DoesNotContain("checkpoint", listed.Name, StringComparison.Ordinal);
        var item = CopyItemPattern().Match(made.Html);
        Assert.True(item.Success, "the copy is not listed");
        Assert.Equal("redacted", item.Groups["kind"].Value);
        Assert.Contains($"href=\"/desk/case/{caseId}/files/{copyId}\"", item.Value, StringComparison.Ordinal);
        Assert.Contains(listed.Sha256, item.Value, StringComparison.Ordinal);
        Assert.Contains("redacted copy", item.Value, StringComparison.Ordinal);

        var copyPage = await admin.GetAsync($"/desk/case/{caseId}/files/{copyId}");
        Assert.Contains("id=\"is-copy\" data-kind=\"redacted\"", copyPage.Html, StringComparison.Ordinal);
        Assert.Contains($"id=\"chain-{fileId}\"", copyPage.Html, StringComparison.Ordinal);
        Assert.Contains("evidentiary copy (as received)", copyPage.Html, StringComparison.Ordinal);
        Assert.Contains(Hex(SHA256.HashData(photo)), copyPage.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"make-clean-copy\"", copyPage.Html, StringComparison.Ordinal);

        // Russian: the same page in the other language.
        using var russian = server.CreateClient("ru");
        russian.Cookies.Add(server.BaseAddress, admin.Cookies.GetCookies(server.BaseAddress));
        var ru = await russian.GetAsync($"/desk/case/{caseId}/files/{copyId}");
        Assert.Contains("копия с закрашенными участками", ru.Html, StringComparison.Ordinal);
        Assert.Contains("доказательная копия", ru.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_png_is_redacted_exactly_and_copies_can_be_redacted_again_each_linked_to_the_one_it_came_from()
    {
        await using var server = await HavenServer.StartAsync();
        var png = Png(300, 200);
        var (caseId, fileId) = await PersonSendsAsync(server, "list.png", "image/png", png);
        using var admin = await LoginAdminAsync(server);

        // A cleaned copy first, then a redacted copy of the cleaned copy, then a redacted copy of that.
        var page = await admin.GetAsync($"/desk/case/{caseId}/files/{fileId}");
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/desk/case/{caseId}/files/{fileId}", [new("__af", HavenClient.Hidden(page.Html, "__af")!), new("RecordId", HavenClient.Hidden(page.Html, "RecordId")!)])).Status);
        var cleanedId = await CopyOfAsync(server, fileId);

        Rect first = new(7, 13, 101, 57);
        var cleanedPage = await admin.GetAsync($"/desk/case/{caseId}/files/{cleanedId}");
        Assert.Contains("id=\"make-redacted-copy\"", cleanedPage.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await RedactAsync(admin, caseId, cleanedId, cleanedPage.Html, [first], [])).Status);
        var onceId = await CopyOfAsync(server, cleanedId);

        Rect second = new(200, 150, 100, 50);
        var oncePage = await admin.GetAsync($"/desk/case/{caseId}/files/{onceId}");
        Assert.Equal(HttpStatusCode.OK, (await RedactAsync(admin, caseId, onceId, oncePage.Html, [second], [])).Status);
        var twiceId = await CopyOfAsync(server, onceId);

        using (var result = new MagickImage(await DownloadAsync(admin, $"/desk/case/{caseId}/file/{twiceId}")))
        using (var source = new MagickImage(png))
        {
            Assert.Equal(MagickFormat.Png, result.Format);
            var after = Rgb(result);
            var before = Rgb(source);
            for (var y = 0; y < 200; y++)
            {
                for (var x = 0; x < 300; x++)
                {
                    var i = ((y * 300) + x) * 3;
                    var inside = first.Contains(x, y) || second.Contains(x, y);
                    var expected = inside ? [0, 0, 0] : new[] { before[i], before[i + 1], before[i + 2] };
                    Assert.True(after[i] == expected[0] && after[i + 1] == expected[1] && after[i + 2] == expected[2], $"pixel {x},{y}: ({after[i]},{after[i + 1]},{after[i + 2]}) where ({expected[0]},{expected[1]},{expected[2]}) was expected");
                }
            }
        }

        // The chain on the last copy's page: redacted, made from a redacted copy, made from a cleaned copy, made from the evidentiary copy.
        var chainPage = await admin.GetAsync($"/desk/case/{caseId}/files/{twiceId}");
        var chain = Regex.Match(chainPage.Html, "<ol class=\"chain\" id=\"chain\">(.*?)</ol>", RegexOptions.Singleline).Groups[1].Value;
        var links = Regex.Matches(chain, "id=\"chain-([0-9a-f]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal([onceId, cleanedId, fileId], links);
        Assert.Contains("made from: redacted copy", chain, StringComparison.Ordinal);
        Assert.Contains("made from: cleaned copy", chain, StringComparison.Ordinal);
        Assert.Contains("made from: evidentiary copy (as received)", chain, StringComparison.Ordinal);

        // The evidentiary copy's page lists the copy made from it, the cleaned copy's page lists its redacted copy.
        Assert.Contains($"id=\"copy-{cleanedId}\"", (await admin.GetAsync($"/desk/case/{caseId}/files/{fileId}")).Html, StringComparison.Ordinal);
        Assert.Contains($"id=\"copy-{onceId}\"", (await admin.GetAsync($"/desk/case/{caseId}/files/{cleanedId}")).Html, StringComparison.Ordinal);
        Assert.Equal(png, await DownloadAsync(admin, $"/desk/case/{caseId}/file/{fileId}"));
    }

    [Fact]
    public async Task Coordinates_are_those_of_the_image_turned_upright_as_it_is_shown()
    {
        await using var server = await HavenServer.StartAsync();

        // Stored 640 × 480 with EXIF orientation 6 (turn 90° clockwise to show): shown 480 × 640.
        byte[] sideways;
        using (var image = new MagickImage(MagickColors.SteelBlue, 640, 480))
        {
            image.Draw(new Drawables().FillColor(MagickColors.Orange).Rectangle(0, 0, 320, 480));
            var exif = new ExifProfile();
            exif.SetValue(ExifTag.Orientation, (ushort)6);
            image.SetProfile(exif);
            image.Orientation = Orientation.RightTop;
            sideways = image.ToByteArray(MagickFormat.Jpeg);
        }

        using (var stored = new MagickImage(sideways))
        {
            Assert.Equal((Orientation.RightTop, 640u), (stored.Orientation, stored.Width));
        }

        var (caseId, fileId) = await PersonSendsAsync(server, "sideways.jpg", "image/jpeg", sideways);
        using var admin = await LoginAdminAsync(server);
        var page = await admin.GetAsync($"/desk/case/{caseId}/files/{fileId}");
        Assert.Contains("480 × 640", page.Html, StringComparison.Ordinal);

        // The bottom 160 rows of the upright image: valid only upright (the stored image is 480 high).
        Assert.Equal(HttpStatusCode.OK, (await RedactAsync(admin, caseId, fileId, page.Html, [new(0, 480, 480, 160)], [])).Status);
        using var copy = new MagickImage(await DownloadAsync(admin, $"/desk/case/{caseId}/file/{await CopyOfAsync(server, fileId)}"));
        Assert.Equal((480u, 640u), (copy.Width, copy.Height));
        Assert.True(copy.Orientation is Orientation.Undefined or Orientation.TopLeft);
        var rgb = Rgb(copy);
        var bottom = ((600 * 480) + 240) * 3;
        var top = ((100 * 480) + 240) * 3;
        Assert.True(rgb[bottom] <= 6 && rgb[bottom + 1] <= 6 && rgb[bottom + 2] <= 6, "the bottom of the upright image is not black");
        Assert.True(rgb[top] + rgb[top + 1] + rgb[top + 2] > 150, "the top of the upright image was blacked out");
    }

    [Fact]
    public async Task A_double_or_stale_redaction_form_makes_one_copy()
    {
        await using var server = await HavenServer.StartAsync();
        var (caseId, fileId) = await PersonSendsAsync(server, "photo.jpg", "image/jpeg", CleanCopyTests.JpegWithGps(320, 240));
        using var admin = await LoginAdminAsync(server);
        var page = await admin.GetAsync($"/desk/case/{caseId}/files/{fileId}");

        var first = await RedactAsync(admin, caseId, fileId, page.Html, [new(0, 0, 32, 32)], []);
        var again = await RedactAsync(admin, caseId, fileId, page.Html, [new(0, 0, 32, 32)], []);
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Contains("id=\"notice\"", again.Html, StringComparison.Ordinal);
        Assert.Equal(1, await CopiesAsync(server));

        // A form refused (a rectangle outside the image) keeps its record id: corrected and sent twice, one more copy.
        var fresh = await admin.GetAsync($"/desk/case/{caseId}/files/{fileId}");
        var refused = await RedactAsync(admin, caseId, fileId, fresh.Html, [new(300, 0, 40, 10)], []);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Status);
        Assert.Equal(HavenClient.Hidden(fresh.Html, "RedactRecordId"), HavenClient.Hidden(refused.Html, "RedactRecordId"));
        Assert.Equal(HttpStatusCode.OK, (await RedactAsync(admin, caseId, fileId, refused.Html, [new(280, 0, 40, 10)], [])).Status);
        Assert.Equal(HttpStatusCode.OK, (await RedactAsync(admin, caseId, fileId, refused.Html, [new(280, 0, 40, 10)], [])).Status);
        Assert.Equal(2, await CopiesAsync(server));

        // The cleaning form's record id is its own: the same page can make a cleaned copy too.
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/desk/case/{caseId}/files/{fileId}", [new("__af", HavenClient.Hidden(page.Html, "__af")!), new("RecordId", HavenClient.Hidden(page.Html, "RecordId")!)])).Status);
        Assert.Equal(3, await CopiesAsync(server));
    }

    [Fact]
    public async Task Hostile_or_impossible_redactions_get_a_4xx_keep_what_was_typed_and_store_nothing()
    {
        await using var server = await HavenServer.StartAsync("--Haven:Files:Clean:MaxBytes=60000");
        var (caseId, fileId) = await PersonSendsAsync(server, "photo.jpg", "image/jpeg", CleanCopyTests.JpegWithGps(320, 240));
        using var admin = await LoginAdminAsync(server);
        var page = await admin.GetAsync($"/desk/case/{caseId}/files/{fileId}");
        var token = HavenClient.Hidden(page.Html, "__af")!;
        var action = $"/desk/case/{caseId}/files/{fileId}?handler=Redact";
        var before = await StateAsync(server);

        (string Why, KeyValuePair<string, string>[] Fields, HttpStatusCode Status, string Message)[] cases =
        [
            ("nothing at all", [], HttpStatusCode.UnprocessableEntity, "Nothing to black out"),
            ("an empty row", Row("", "", "", ""), HttpStatusCode.UnprocessableEntity, "Nothing to black out"),
            ("a half-filled row", Row("10", "10", "", "20"), HttpStatusCode.UnprocessableEntity, "Nothing to black out"),
            ("negative numbers", Row("-5", "10", "20", "20"), HttpStatusCode.UnprocessableEntity, "Nothing to black out"),
            ("not numbers", Row("1e3", "0x10", "20", "20"), HttpStatusCode.UnprocessableEntity, "Nothing to black out"),
            ("a zero width", Row("10", "10", "0", "20"), HttpStatusCode.UnprocessableEntity, "Nothing to black out"),
            ("past the right edge", Row("300", "10", "21", "20"), HttpStatusCode.UnprocessableEntity, "inside the image"),
            ("past the bottom edge", Row("0", "0", "320", "241"), HttpStatusCode.UnprocessableEntity, "inside the image"),
            ("beyond any image", Row("2147483647", "2147483647", "2147483647", "2147483647"), HttpStatusCode.UnprocessableEntity, "inside the image"),
            ("overflowing numbers", Row("9223372036854775807", "1", "1", "1"), HttpStatusCode.UnprocessableEntity, "Nothing to black out"),
            ("a cell off the grid", [new("cell", "10-0")], HttpStatusCode.UnprocessableEntity, "Nothing to black out"),
            ("a cell that is not one", [new("cell", "a-b")], HttpStatusCode.UnprocessableEntity, "Nothing to black out"),
            ("too many rectangles", [.. Enumerable.Range(0, 101).SelectMany(i => Row("0", "0", "1", "1"))], HttpStatusCode.UnprocessableEntity, "Too many rectangles"),
            ("too many with the grid", [.. Enumerable.Range(0, 100).Select(i => new KeyValuePair<string, string>("cell", $"{i / 10}-{i % 10}")), .. Row("0", "0", "1", "1")], HttpStatusCode.UnprocessableEntity, "Too many rectangles"),
        ];
        foreach (var (why, fields, status, message) in cases)
        {
            var refused = await admin.PostAsync(action, [new("__af", token), new("RedactRecordId", RandomId.New()), .. fields]);
            Assert.True(refused.Status == status, $"{why}: {(int)refused.Status}");
            Assert.Contains(message, refused.Html, StringComparison.Ordinal);
            Assert.Contains("id=\"error\"", refused.Html, StringComparison.Ordinal);
            if (fields.FirstOrDefault(f => f.Key == "x") is { Key: "x" } x && x.Value.Length > 0)
            {
                Assert.Contains($"value=\"{x.Value}\"", refused.Html, StringComparison.Ordinal);
            }
        }

        // A ticked square stays ticked after a refusal.
        var kept = await admin.PostAsync(action, [new("__af", token), new("RedactRecordId", RandomId.New()), new("cell", "3-4"), .. Row("0", "0", "999", "1")]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, kept.Status);
        Assert.Matches("id=\"cell-3-4\"[^>]*checked", kept.Html);
        Assert.DoesNotMatch("id=\"cell-3-5\"[^>]*checked", kept.Html);

        // Not an image: refused as such, and the page offers no redaction for it.
        var (_, pdfId) = await PersonSendsAsync(server, "report.pdf", "application/pdf", Encoding.ASCII.GetBytes("%PDF-1.7\n%%EOF\n"));
        var pdfCase = await CaseOfAsync(server, pdfId);
        var pdfPage = await admin.GetAsync($"/desk/case/{pdfCase}/files/{pdfId}");
        Assert.DoesNotContain("id=\"redact\"", pdfPage.Html, StringComparison.Ordinal);
        var notImage = await admin.PostAsync($"/desk/case/{pdfCase}/files/{pdfId}?handler=Redact", [new("__af", token), new("RedactRecordId", RandomId.New()), new("cell", "0-0")]);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notImage.Status);
        Assert.Contains("only of a JPEG, PNG, GIF, WebP or TIFF image", notImage.Html, StringComparison.Ordinal);

        // Over the bound: refused before it is read whole, and no preview is made of it.
        var (_, bigId) = await PersonSendsAsync(server, "big.png", "image/png", NoisePng(400, 400));
        var bigCase = await CaseOfAsync(server, bigId);
        Assert.DoesNotContain("id=\"redact\"", (await admin.GetAsync($"/desk/case/{bigCase}/files/{bigId}")).Html, StringComparison.Ordinal);
        var tooLarge = await admin.PostAsync($"/desk/case/{bigCase}/files/{bigId}?handler=Redact", [new("__af", token), new("RedactRecordId", RandomId.New()), new("cell", "0-0")]);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.Status);

        // A forged token or a file of no case: nothing either.
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync(action, [new("RedactRecordId", RandomId.New()), new("cell", "0-0")])).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync($"/desk/case/{caseId}/files/{RandomId.New()}?handler=Redact", [new("__af", token), new("RedactRecordId", RandomId.New()), new("cell", "0-0")])).Status);

        var after = await StateAsync(server);
        Assert.Equal(before.Copies, after.Copies);
        Assert.Equal(before.Audited, after.Audited);
        Assert.Equal(before.Blobs + 2, after.Blobs);
    }

    /// <summary>A rectangle in pixels.</summary>
    internal readonly record struct Rect(int X, int Y, int W, int H)
    {
        public bool Contains(int x, int y) => x >= X && x < X + W && y >= Y && y < Y + H;
    }

    /// <summary>
    /// A JPEG of coloured blocks whose EXIF names a camera and holds a thumbnail of the whole picture (written by hand:
    /// a TIFF structure with IFD0 and IFD1, as cameras write it), the way an unredacted face survives in a naive redaction.
    /// </summary>
    internal static byte[] JpegWithThumbnail(uint width, uint height, out byte[] thumbnail)
    {
        using var image = new MagickImage(MagickColors.SteelBlue, width, height);
        image.Draw(new Drawables()
            .FillColor(MagickColors.Orange).Rectangle(0, 0, width / 2.0, height / 2.0)
            .FillColor(MagickColors.Khaki).Rectangle(width / 2.0, height / 2.0, width, height)
            .FillColor(MagickColors.IndianRed).Rectangle(width / 4.0, height / 4.0, width * 3 / 4.0, height * 3 / 4.0));
        image.Quality = 92;
        var jpeg = image.ToByteArray(MagickFormat.Jpeg);
        using (var small = image.CloneAndMutate(i => i.Resize(80, 60)))
        {
            thumbnail = small.ToByteArray(MagickFormat.Jpeg);
        }

        var make = Encoding.ASCII.GetBytes("SecretMaker\0");
        var model = Encoding.ASCII.GetBytes(CameraModel + "\0");
        using var tiff = new MemoryStream();
        using (var w = new BinaryWriter(tiff, Encoding.ASCII, leaveOpen: true))
        {
            const int Ifd0 = 8, Ifd0Size = 2 + (2 * 12) + 4;
            var makeAt = Ifd0 + Ifd0Size;
            var modelAt = makeAt + make.Length;
            var ifd1 = modelAt + model.Length;
            var thumbAt = ifd1 + 2 + (2 * 12) + 4;
            w.Write("II"u8);
            w.Write((ushort)42);
            w.Write(Ifd0);
            w.Write((ushort)2);
            Entry(w, 0x010F, 2, make.Length, makeAt);
            Entry(w, 0x0110, 2, model.Length, modelAt);
            w.Write(ifd1);
            w.Write(make);
            w.Write(model);
            w.Write((ushort)2);
            Entry(w, 0x0201, 4, 1, thumbAt);
            Entry(w, 0x0202, 4, 1, thumbnail.Length);
            w.Write(0);
            w.Write(thumbnail);
        }

        var payload = "Exif\0\0"u8.ToArray().Concat(tiff.ToArray()).ToArray();
        var segment = new byte[] { 0xFF, 0xE1, (byte)((payload.Length + 2) >> 8), (byte)((payload.Length + 2) & 0xFF) }.Concat(payload);
        return [.. jpeg.Take(2), .. segment, .. jpeg.Skip(2)];
    }

    /// <summary>A PNG of many colours (every pixel differs from its neighbours), so that an exact comparison means something.</summary>
    internal static byte[] Png(int width, int height)
    {
        var pixels = new byte[width * height * 3];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)(40 + ((i * 37) % 200));
        }

        using var image = new MagickImage();
        image.ReadPixels(pixels, new PixelReadSettings((uint)width, (uint)height, StorageType.Char, PixelMapping.RGB));
        return image.ToByteArray(MagickFormat.Png);
    }

    /// <summary>A PNG of random pixels: it does not compress, so its size is about three bytes a pixel.</summary>
    private static byte[] NoisePng(int width, int height)
    {
        using var image = new MagickImage();
        image.ReadPixels(RandomNumberGenerator.GetBytes(width * height * 3), new PixelReadSettings((uint)width, (uint)height, StorageType.Char, PixelMapping.RGB));
        return image.ToByteArray(MagickFormat.Png);
    }

    private static void Entry(BinaryWriter w, ushort tag, ushort type, int count, int value)
    {
        w.Write(tag);
        w.Write(type);
        w.Write(count);
        w.Write(value);
    }

    private static KeyValuePair<string, string>[] Row(string x, string y, string w, string h) => [new("x", x), new("y", y), new("w", w), new("h", h)];

    private static byte[] Rgb(MagickImage image)
    {
        using var pixels = image.GetPixels();
        return pixels.ToByteArray(PixelMapping.RGB)!;
    }

    /// <summary>How many times a JPEG image starts in the bytes (a thumbnail inside EXIF is a second one).</summary>
    private static int JpegStarts(byte[] bytes)
    {
        var count = 0;
        for (var i = 0; i + 2 < bytes.Length; i++)
        {
            count += bytes[i] == 0xFF && bytes[i + 1] == 0xD8 && bytes[i + 2] == 0xFF ? 1 : 0;
        }

        return count;
    }

    private static async Task<HavenClient.Page> RedactAsync(HavenClient client, string caseId, string fileId, string pageHtml, Rect[] rectangles, string[] cells)
    {
        var fields = new List<KeyValuePair<string, string>> { new("__af", HavenClient.Hidden(pageHtml, "__af")!), new("RedactRecordId", HavenClient.Hidden(pageHtml, "RedactRecordId")!) };
        foreach (var r in rectangles)
        {
            fields.AddRange(Row(r.X.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Y.ToString(System.Globalization.CultureInfo.InvariantCulture), r.W.ToString(System.Globalization.CultureInfo.InvariantCulture), r.H.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        // The empty rows of the form come too, as a browser sends them.
        fields.AddRange(Row("", "", "", ""));
        fields.AddRange(cells.Select(c => new KeyValuePair<string, string>("cell", c)));
        return await client.PostAsync($"/desk/case/{caseId}/files/{fileId}?handler=Redact", fields);
    }

    /// <summary>A person asks for help with one file; returns the case and the file.</summary>
    private static async Task<(string CaseId, string FileId)> PersonSendsAsync(HavenServer server, string name, string type, byte[] bytes)
    {
        using var person = server.CreateClient();
        await person.AskForHelpAsync();
        await using var db = await DbAsync(server);
        var known = await db.Files.AsNoTracking().Select(f => f.Id).ToListAsync();
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        var sent = await person.SubmitRequestWithFilesAsync("please look at this file", [(name, content)]);
        Assert.Equal(HttpStatusCode.OK, sent.Status);
        var file = await db.Files.AsNoTracking().SingleAsync(f => !known.Contains(f.Id));
        return (file.CaseId, file.Id);
    }

    private static async Task<string> CaseOfAsync(HavenServer server, string fileId)
    {
        await using var db = await DbAsync(server);
        return await db.Files.AsNoTracking().Where(f => f.Id == fileId).Select(f => f.CaseId).SingleAsync();
    }

    private static async Task<string> CopyOfAsync(HavenServer server, string fileId)
    {
        await using var db = await DbAsync(server);
        return await db.Files.AsNoTracking().Where(f => f.OriginalId == fileId).Select(f => f.Id).SingleAsync();
    }

    private static async Task<int> CopiesAsync(HavenServer server)
    {
        await using var db = await DbAsync(server);
        return await db.Files.CountAsync(f => f.OriginalId != null);
    }

    /// <summary>Working copies, their audit entries, and blobs on disk: what a refused redaction must not add to (beyond files sent meanwhile).</summary>
    private static async Task<(int Copies, int Audited, int Blobs)> StateAsync(HavenServer server)
    {
        await using var db = await DbAsync(server);
        return (await db.Files.CountAsync(f => f.OriginalId != null), await db.AuditEntries.CountAsync(e => e.Action == "file.redacted"), BlobFiles(server).Count);
    }

    private static async Task<byte[]> DownloadAsync(HavenClient client, string path)
    {
        using var response = await client.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }

    [GeneratedRegex("<img src=\"data:image/jpeg;base64,([^\"]+)\"")]
    private static partial Regex PreviewPattern();

    [GeneratedRegex("<li data-kind=\"(?<kind>[a-z]+)\">.*?</li>", RegexOptions.Singleline)]
    private static partial Regex CopyItemPattern();
}
