using System.Globalization;
using System.Net;
using System.Text;
using Haven.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Haven.Web.Tests.Files.FileTestKit;

namespace Haven.Web.Tests.Files;

public sealed class HostileFileNameTests
{
    private static readonly string LongName = new string('n', 4996) + ".pdf";

    /// <summary>Hostile names, what the record must keep of each, and the extension the download must keep.</summary>
    private static readonly (string Sent, string Stored, string Extension)[] Names =
    [
        ("../../etc/passwd", "passwd", ""),
        ("..\\..\\boot.ini", "boot.ini", ".ini"),
        ("a\u0001b\r\nc.txt", "abc.txt", ".txt"),
        (LongName, new string('n', 1020) + ".pdf", ".pdf"),
        ("invoice\u202Egpj.exe", "invoice\u202Egpj.exe", ".exe"),
        ("CON.txt", "CON.txt", ".txt"),
        ("", "", ""),
        ("report \"final\"; v2.docx", "report \"final\"; v2.docx", ".docx"),
        ("x\"; filename=\"evil.html", "x\"; filename=\"evil.html", ".html"),
        ("Паспорт\u200F скан.pdf", "Паспорт\u200F скан.pdf", ".pdf"),
    ];

    [Fact]
    public async Task Hostile_names_upload_fine_and_download_under_a_safe_name()
    {
        await using var server = await HavenServer.StartAsync("--Haven:Files:MaxFilesPerMessage=20");
        using var person = await PersonAsync(server);
        var form = await person.GetAsync("/request");
        var contents = Names.Select(_ => RandomBytes(1000)).ToList();
        List<RawPart> parts =
        [
            RawPart.Field("__af", HavenClient.Hidden(form.Html, "__af")!),
            RawPart.Field("Input.RecordId", HavenClient.Hidden(form.Html, "Input.RecordId")!),
            RawPart.Field("Input.Ticket", HavenClient.Hidden(form.Html, "Input.Ticket")!),
            RawPart.Field("Input.Urgency", "now"),
            RawPart.Field("Input.Text", "names"),
        ];
        parts.AddRange(Names.Select((n, i) => RawPart.FileStar(n.Sent, Bytes(contents[i]))));

        // The same, as a browser sends names: raw UTF-8 in filename="…" (quotes and line breaks percent-escaped).
        var browserNames = new[] { "../../etc/passwd", "..\\..\\boot.ini", "invoice\u202Egpj.exe", "a;b=c.txt", "" };
        var browserContents = browserNames.Select(_ => RandomBytes(500)).ToList();
        parts.AddRange(browserNames.Select((n, i) => RawPart.FileBrowser(n, Bytes(browserContents[i]))));

        // A name that does not decode (not UTF-8) is still a file, never a text field lost on the way.
        var undecodable = RandomBytes(700);
        parts.Add(new RawPart("Content-Disposition: form-data; name=\"files\"; filename*=UTF-8''%FF%FEx%C0.pdf\r\nContent-Type: application/pdf", Bytes(undecodable)));
        using var body = new RawMultipart(parts);
        using var response = await person.Http.PostAsync("/request", body);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/sent", response.Headers.Location?.OriginalString);

        string caseId;
        await using (var db = await DbAsync(server))
        {
            caseId = await db.Cases.Select(c => c.Id).SingleAsync();
        }

        var attachments = Attachments(await DecryptCaseAsync(server, caseId, step: 0));
        Assert.True(Names.Length + browserNames.Length + 1 == attachments.Count, string.Join(" | ", attachments.Select(a => a.File.Name.Length > 50 ? a.File.Name[..50] : a.File.Name)));
        using var admin = await AdminAsync(server, step: 1);

        for (var i = 0; i < Names.Length; i++)
        {
            var (sent, stored, extension) = Names[i];
            var file = attachments[i].File;
            Assert.Equal(stored, file.Name);
            Assert.True(file.Name.Length <= 1024);
            Assert.Equal(contents[i].Length, file.Size);
            var name = await DownloadAndCheckAsync(admin, caseId, file.Id, contents[i]);
            Assert.EndsWith(extension, name, StringComparison.Ordinal);
            if (sent.Length == 0)
            {
                Assert.Equal("file", name);
            }
        }

        // Browser-style names: the record keeps the last segment; a download stays safe.
        var expectedBrowser = new[] { "passwd", "boot.ini", "invoice\u202Egpj.exe", "a;b=c.txt", "" };
        for (var i = 0; i < browserNames.Length; i++)
        {
            var file = attachments[Names.Length + i].File;
            Assert.Equal(expectedBrowser[i], file.Name);
            await DownloadAndCheckAsync(admin, caseId, file.Id, browserContents[i]);
        }

        var last = attachments[^1].File;
        Assert.Equal(undecodable.Length, last.Size);
        Assert.Equal("application/pdf", last.Type);
        await DownloadAndCheckAsync(admin, caseId, last.Id, undecodable);
    }

    [Fact]
    public async Task A_hostile_name_on_a_reply_is_safe_for_the_person_too()
    {
        await using var server = await HavenServer.StartAsync();
        var (person, caseId) = await PersonWithCaseAsync(server);
        using var _ = person;
        using var admin = await AdminAsync(server);
        var form = await admin.GetAsync($"/desk/case/{caseId}/reply");
        var bytes = RandomBytes(2000);
        using (var body = new RawMultipart(
        [
            RawPart.Field("__af", HavenClient.Hidden(form.Html, "__af")!),
            RawPart.Field("RecordId", HavenClient.Hidden(form.Html, "RecordId")!),
            RawPart.Field("Text", "see file"),
            RawPart.FileStar("..\\..\\route\u202Efdp.exe\r\n", Bytes(bytes)),
        ]))
        {
            using var sent = await admin.Http.PostAsync($"/desk/case/{caseId}/reply", body);
            Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        }

        string fileId;
        await using (var db = await DbAsync(server))
        {
            fileId = await db.Files.Select(f => f.Id).SingleAsync();
        }

        var conversation = await person.GetAsync("/conversation");
        Assert.Equal(HttpStatusCode.OK, conversation.Status);

        // Shown isolated, and with the override made visible instead of turning the name around.
        var shown = WebUtility.HtmlDecode(conversation.Html);
        Assert.Contains("<bdi>route\u27E8U+202E\u27E9fdp.exe</bdi>", shown, StringComparison.Ordinal);
        Assert.DoesNotContain('\u202E', shown);
        using var response = await person.Http.GetAsync($"/conversation/file/{fileId}");
        AssertDownloadHeaders(response);
        var name = DownloadName(response);
        AssertSafe(name);
        Assert.Equal("route_fdp.exe", name);
        Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Bidirectional_controls_and_invisible_characters_in_file_names_show_as_visible_markers_on_the_desk()
    {
        await using var server = await HavenServer.StartAsync();
        using var person = await PersonAsync(server);
        (string Sent, string Shown)[] names =
        [
            ("invoice\u202Efdp.exe", "invoice\u27E8U+202E\u27E9fdp.exe"),
            ("\u041F\u0430\u0441\u043F\u043E\u0440\u0442\u200F scan\u200B.pdf", "\u041F\u0430\u0441\u043F\u043E\u0440\u0442\u27E8U+200F\u27E9 scan\u27E8U+200B\u27E9.pdf"),
            ("a\u2066b\u2069\u061C\u200E\u202A\u202B\u202C\u202D\u2067.txt", "a\u27E8U+2066\u27E9b\u27E8U+2069\u27E9\u27E8U+061C\u27E9\u27E8U+200E\u27E9\u27E8U+202A\u27E9\u27E8U+202B\u27E9\u27E8U+202C\u27E9\u27E8U+202D\u27E9\u27E8U+2067\u27E9.txt"),
            ("plain name.pdf", "plain name.pdf"),
        ];
        var sent = await person.SubmitRequestWithFilesAsync("names", names.Select(n => (n.Sent, (HttpContent)Bytes(RandomBytes(300)))).ToList());
        Assert.Equal("/sent", sent.Location.AbsolutePath);
        string caseId;
        List<string> fileIds;
        await using (var db = await DbAsync(server))
        {
            caseId = await db.Cases.Select(c => c.Id).SingleAsync();
            fileIds = await db.Files.Select(f => f.Id).ToListAsync();
        }

        using var admin = await AdminAsync(server);
        var pages = new List<string> { $"/desk/case/{caseId}" };
        pages.AddRange(fileIds.Select(id => $"/desk/case/{caseId}/files/{id}"));
        var seen = new List<string>();
        foreach (var path in pages)
        {
            var page = await admin.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, page.Status);
            var text = WebUtility.HtmlDecode(page.Html);
            foreach (var control in "\u061C\u200B\u200E\u200F\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069")
            {
                Assert.False(text.Contains(control, StringComparison.Ordinal), $"U+{(int)control:X4} shown raw on {path}");
            }

            seen.Add(text);
        }

        foreach (var (_, shown) in names)
        {
            Assert.Contains($"<bdi>{shown}</bdi>", seen[0], StringComparison.Ordinal);
            Assert.Contains(seen.Skip(1), t => t.Contains($"<bdi>{shown}</bdi>", StringComparison.Ordinal));
        }
    }

    private static async Task<string> DownloadAndCheckAsync(HavenClient admin, string caseId, string fileId, byte[] expected)
    {
        using var response = await admin.Http.GetAsync($"/desk/case/{caseId}/file/{fileId}");
        AssertDownloadHeaders(response);
        Assert.Equal(expected, await response.Content.ReadAsByteArrayAsync());

        // Both the plain and the RFC 5987 name must be safe: browsers use one or the other.
        var raw = string.Join(", ", response.Content.Headers.GetValues("Content-Disposition"));
        Assert.DoesNotContain('\r', raw);
        Assert.DoesNotContain('\n', raw);
        var disposition = response.Content.Headers.ContentDisposition!;
        var plain = disposition.FileName?.Trim('"');
        if (plain is not null)
        {
            AssertSafe(plain);
        }

        var name = DownloadName(response);
        AssertSafe(name);
        return name;
    }

    private static void AssertSafe(string name)
    {
        Assert.InRange(name.Length, 1, 120);
        Assert.DoesNotContain('/', name);
        Assert.DoesNotContain('\\', name);
        Assert.DoesNotContain("..", name, StringComparison.Ordinal);
        Assert.False(name.StartsWith('.') || name.EndsWith('.'), name);
        Assert.False(name.Split('.')[0].Equals("CON", StringComparison.OrdinalIgnoreCase), name);
        foreach (var rune in name.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            Assert.False(category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator, $"U+{rune.Value:X4} in {name}");
            Assert.False(rune.Value is '"' or ';' or '=' or ':' or '%', $"U+{rune.Value:X4} in {name}");
        }
    }
}
