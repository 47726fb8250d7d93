using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Haven.Accounts;
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

/// <summary>Cleaned copies over HTTP: the original stays the evidence, the copy loses its metadata, only case holders see either.</summary>
public sealed class CleanCopyTests
{
    private const string CameraModel = "SecretCam 9000 marker 5e1f";

    [Fact]
    public async Task A_cleaned_copy_of_a_photo_has_no_exif_and_the_original_is_unchanged()
    {
        await using var server = await HavenServer.StartAsync();
        var photo = JpegWithGps(640, 480);
        Assert.Contains(CameraModel, Encoding.ASCII.GetString(photo), StringComparison.Ordinal);
        var (caseId, fileId, person) = await PersonSendsAsync(server, "photo of the checkpoint.jpg", "image/jpeg", photo);
        using var _ = person;
        using var admin = await LoginAdminAsync(server);

        var info = await admin.GetAsync($"/desk/case/{caseId}/files/{fileId}");
        Assert.Equal(HttpStatusCode.OK, info.Status);
        Assert.Contains("<bdi>photo of the checkpoint.jpg</bdi>", info.Html, StringComparison.Ordinal);
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(photo)), info.Html, StringComparison.Ordinal);
        Assert.Contains("id=\"is-original\"", info.Html, StringComparison.Ordinal);
        Assert.Contains("id=\"no-copies\"", info.Html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/desk/case/{caseId}/file/{fileId}\"", info.Html, StringComparison.Ordinal);

        var recordId = HavenClient.Hidden(info.Html, "RecordId")!;
        var made = await admin.PostAsync($"/desk/case/{caseId}/files/{fileId}", [new("__af", HavenClient.Hidden(info.Html, "__af")!), new("RecordId", recordId)]);
        Assert.Equal(HttpStatusCode.OK, made.Status);
        Assert.Equal($"/desk/case/{caseId}/files/{fileId}", made.Location.AbsolutePath);
        Assert.Contains("id=\"notice\"", made.Html, StringComparison.Ordinal);

        // A double submit of the same form makes no second copy.
        var again = await admin.PostAsync($"/desk/case/{caseId}/files/{fileId}", [new("__af", HavenClient.Hidden(info.Html, "__af")!), new("RecordId", recordId)]);
        Assert.Equal(HttpStatusCode.OK, again.Status);

        string copyId;
        await using (var db = await Db(server))
        {
            var copy = Assert.Single(await db.Files.AsNoTracking().Where(f => f.CaseId == caseId && f.OriginalId != null).ToListAsync());
            Assert.Equal(fileId, copy.OriginalId);
            copyId = copy.Id;
            var record = await db.Records.AsNoTracking().SingleAsync(r => r.Id == copy.RecordId);
            Assert.Equal(RecordKinds.FileCopy, record.Kind);
            Assert.Equal(recordId, record.Id);
            Assert.Null(record.KeyForSource);
            // The custody log's entry names the new copy; the copy's listing names the file it came from.
            var audited = Assert.Single(await db.AuditEntries.AsNoTracking().Where(e => e.Action == "file.cleaned").ToListAsync());
            Assert.Equal(caseId, audited.CaseId);
            Assert.Equal(copyId, audited.SubjectId);
            Assert.Null((await db.Files.AsNoTracking().SingleAsync(f => f.Id == fileId)).OriginalId);
        }

        Assert.Contains($"id=\"copy-{copyId}\"", made.Html, StringComparison.Ordinal);
        var listed = Assert.Single(Attachments(await DecryptCaseAsync(server, caseId, step: 1)), a => a.File.Id == copyId).File;
        Assert.Equal(WorkingCopyKinds.Cleaned, listed.CopyKind);
        Assert.Equal(fileId, listed.Original);

        // The original downloads byte for byte as it was sent.
        var original = await DownloadAsync(admin, $"/desk/case/{caseId}/file/{fileId}");
        Assert.Equal(SHA256.HashData(photo), SHA256.HashData(original));

        // The copy is the same picture without EXIF, GPS or the camera model.
        var cleaned = await DownloadAsync(admin, $"/desk/case/{caseId}/file/{copyId}");
        Assert.NotEqual(SHA256.HashData(photo), SHA256.HashData(cleaned));
        using (var image = new MagickImage(cleaned))
        {
            Assert.Equal(MagickFormat.Jpeg, image.Format);
            Assert.Equal(640u, image.Width);
            Assert.Equal(480u, image.Height);
            Assert.Null(image.GetExifProfile());
            Assert.Null(image.GetXmpProfile());
            Assert.DoesNotContain(image.AttributeNames, n => n.StartsWith("exif:", StringComparison.Ordinal));
        }

        var text = Encoding.ASCII.GetString(cleaned);
        Assert.DoesNotContain("SecretCam", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exif", text, StringComparison.Ordinal);

        // The copy's page says what it is and links back to its original.
        var copyPage = await admin.GetAsync($"/desk/case/{caseId}/files/{copyId}");
        Assert.Equal(HttpStatusCode.OK, copyPage.Status);
        Assert.Contains("id=\"is-copy\"", copyPage.Html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/desk/case/{caseId}/files/{fileId}\"", copyPage.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"make-clean-copy\"", copyPage.Html, StringComparison.Ordinal);
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(cleaned)), copyPage.Html, StringComparison.Ordinal);

        // The person never sees the working copy.
        var conversation = await person.GetAsync("/conversation");
        Assert.Equal(HttpStatusCode.OK, conversation.Status);
        Assert.DoesNotContain(copyId, conversation.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await person.GetAsync($"/conversation/file/{copyId}")).Status);
    }

    [Fact]
    public async Task A_cleaned_copy_of_a_word_document_has_no_author()
    {
        await using var server = await HavenServer.StartAsync();
        var docx = Docx("Irina Testova marker 77aa", "Hidden Org marker 88bb");
        var (caseId, fileId, person) = await PersonSendsAsync(server, "statement.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx);
        person.Dispose();
        using var admin = await LoginAdminAsync(server);

        var made = await MakeCopyAsync(admin, caseId, fileId);
        Assert.Equal(HttpStatusCode.OK, made.Status);
        string copyId;
        await using (var db = await Db(server))
        {
            copyId = (await db.Files.AsNoTracking().SingleAsync(f => f.OriginalId == fileId)).Id;
        }

        Assert.Equal(docx, await DownloadAsync(admin, $"/desk/case/{caseId}/file/{fileId}"));
        var copy = await DownloadAsync(admin, $"/desk/case/{caseId}/file/{copyId}");
        using var zip = new ZipArchive(new MemoryStream(copy), ZipArchiveMode.Read);
        var core = Read(zip, "docProps/core.xml");
        Assert.DoesNotContain("Irina", core, StringComparison.Ordinal);
        Assert.Contains("coreProperties", core, StringComparison.Ordinal);
        Assert.DoesNotContain("Hidden Org", Read(zip, "docProps/app.xml"), StringComparison.Ordinal);
        Assert.Null(zip.GetEntry("docProps/custom.xml"));
        Assert.DoesNotContain("custom.xml", Read(zip, "_rels/.rels"), StringComparison.Ordinal);
        Assert.Contains("The statement text stays.", Read(zip, "word/document.xml"), StringComparison.Ordinal);
        Assert.DoesNotContain("marker", Encoding.UTF8.GetString(copy), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("report.pdf", "application/pdf", "pdf")]
    [InlineData("photo.jpg", "image/jpeg", "random")]
    [InlineData("archive.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "zip")]
    public async Task Files_that_cannot_be_cleaned_are_refused_clearly_and_nothing_is_stored(string name, string type, string content)
    {
        await using var server = await HavenServer.StartAsync();
        var bytes = content switch
        {
            "pdf" => Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << /Author (Somebody) >> endobj\ntrailer << >>\n%%EOF\n"),
            "random" => RandomNumberGenerator.GetBytes(4096),
            _ => PlainZip(),
        };
        var (caseId, fileId, person) = await PersonSendsAsync(server, name, type, bytes);
        person.Dispose();
        using var admin = await LoginAdminAsync(server);
        var before = await CountsAsync(server);

        var refused = await MakeCopyAsync(admin, caseId, fileId);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, refused.Status);
        Assert.Contains("A cleaned copy cannot be made of this kind of file", refused.Html, StringComparison.Ordinal);
        Assert.Contains("The original is unchanged and can still be downloaded.", refused.Html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/desk/case/{caseId}/file/{fileId}\"", refused.Html, StringComparison.Ordinal);
        Assert.Equal(before, await CountsAsync(server));
        Assert.Equal(bytes, await DownloadAsync(admin, $"/desk/case/{caseId}/file/{fileId}"));
        Assert.Single(Directory.GetFiles(Path.Combine(server.DataPath, "blobs")));
    }

    [Fact]
    public async Task A_file_over_the_bound_is_refused_before_it_is_decrypted()
    {
        await using var server = await HavenServer.StartAsync("--Haven:Files:Clean:MaxBytes=1000");
        var photo = JpegWithGps(200, 100);
        Assert.True(photo.Length > 1000);
        var (caseId, fileId, person) = await PersonSendsAsync(server, "big.jpg", "image/jpeg", photo);
        person.Dispose();
        using var admin = await LoginAdminAsync(server);
        var before = await CountsAsync(server);

        var refused = await MakeCopyAsync(admin, caseId, fileId);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.Status);
        Assert.Contains("This file is too large to clean here", refused.Html, StringComparison.Ordinal);
        Assert.Equal(before, await CountsAsync(server));
    }

    [Fact]
    public async Task Responders_without_the_case_key_get_404_and_make_nothing()
    {
        await using var server = await HavenServer.StartAsync();
        var (caseId, fileId, person) = await PersonSendsAsync(server, "photo.jpg", "image/jpeg", JpegWithGps(64, 48));
        person.Dispose();
        var worker = await AddResponderAsync(server, "Worker", ResponderRole.Caseworker);
        var analyst = await AddResponderAsync(server, "Analyst", ResponderRole.Analyst);
        var before = await CountsAsync(server);

        foreach (var responder in new[] { worker, analyst })
        {
            using var client = await LoginAsync(server, responder);
            var page = await client.GetAsync($"/desk/case/{caseId}/files/{fileId}");
            Assert.Equal(HttpStatusCode.NotFound, page.Status);
            Assert.DoesNotContain("photo.jpg", page.Html, StringComparison.Ordinal);
            var desk = await client.GetAsync("/desk");
            var post = await client.PostAsync($"/desk/case/{caseId}/files/{fileId}", [new("__af", HavenClient.Hidden(desk.Html, "__af")!), new("RecordId", RandomId.New())]);
            Assert.Equal(HttpStatusCode.NotFound, post.Status);
        }

        Assert.Equal(before, await CountsAsync(server));

        // An unknown file, or a file id under another case, is the same 404 for someone who holds the case.
        using var admin = await LoginAdminAsync(server);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/desk/case/{caseId}/files/{RandomId.New()}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/desk/case/{RandomId.New()}/files/{fileId}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/desk/case/{caseId}/files/not-an-id")).Status);
    }

    [Fact]
    public async Task The_form_requires_its_antiforgery_token()
    {
        await using var server = await HavenServer.StartAsync();
        var (caseId, fileId, person) = await PersonSendsAsync(server, "photo.jpg", "image/jpeg", JpegWithGps(64, 48));
        person.Dispose();
        using var admin = await LoginAdminAsync(server);
        var before = await CountsAsync(server);
        var forged = await admin.PostAsync($"/desk/case/{caseId}/files/{fileId}", [new("RecordId", RandomId.New())]);
        Assert.Equal(HttpStatusCode.BadRequest, forged.Status);
        Assert.Equal(before, await CountsAsync(server));
    }

    /// <summary>A JPEG with an EXIF profile that names the camera and carries GPS coordinates.</summary>
    internal static byte[] JpegWithGps(uint width, uint height)
    {
        using var image = new MagickImage(MagickColors.SteelBlue, width, height);
        image.Draw(new Drawables().FillColor(MagickColors.Orange).Rectangle(0, 0, width / 2.0, height / 2.0));
        var exif = new ExifProfile();
        exif.SetValue(ExifTag.Make, "SecretMaker");
        exif.SetValue(ExifTag.Model, CameraModel);
        exif.SetValue(ExifTag.GPSLatitudeRef, "N");
        exif.SetValue(ExifTag.GPSLatitude, [new Rational(50, 1), new Rational(27, 1), new Rational(1234, 100)]);
        exif.SetValue(ExifTag.GPSLongitudeRef, "E");
        exif.SetValue(ExifTag.GPSLongitude, [new Rational(30, 1), new Rational(31, 1), new Rational(5678, 100)]);
        exif.SetValue(ExifTag.DateTimeOriginal, "2026:11:20 14:03:11");
        image.SetProfile(exif);
        return image.ToByteArray(MagickFormat.Jpeg);
    }

    /// <summary>A minimal Word document whose properties name an author and a company and hold a custom property.</summary>
    internal static byte[] Docx(string author, string company)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            Write(zip, "[Content_Types].xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/><Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>
                """);
            Write(zip, "_rels/.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties" Target="docProps/custom.xml"/></Relationships>
                """);
            Write(zip, "word/document.xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>The statement text stays.</w:t></w:r></w:p></w:body></w:document>
                """);
            Write(zip, "docProps/core.xml", $"""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>{author}</dc:creator><cp:lastModifiedBy>{author}</cp:lastModifiedBy><dcterms:created xsi:type="dcterms:W3CDTF">2026-11-20T14:03:00Z</dcterms:created></cp:coreProperties>
                """);
            Write(zip, "docProps/app.xml", $"""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Microsoft Office Word</Application><Company>{company}</Company><TotalTime>42</TotalTime></Properties>
                """);
            Write(zip, "docProps/custom.xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="Source"><vt:lpwstr>custom marker 99cc</vt:lpwstr></property></Properties>
                """);
        }

        return stream.ToArray();
    }

    private static byte[] PlainZip()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            Write(zip, "notes.txt", "just a zip archive, not an office document");
        }

        return stream.ToArray();
    }

    private static void Write(ZipArchive zip, string name, string text)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
        writer.Write(text);
    }

    private static string Read(ZipArchive zip, string name)
    {
        using var reader = new StreamReader(zip.GetEntry(name)!.Open());
        return reader.ReadToEnd();
    }

    /// <summary>A person asks for help with one file; returns the case, the file id and the person's client (with its session).</summary>
    private static async Task<(string CaseId, string FileId, HavenClient Person)> PersonSendsAsync(HavenServer server, string name, string type, byte[] bytes)
    {
        var person = server.CreateClient();
        await person.AskForHelpAsync();
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        var sent = await person.SubmitRequestWithFilesAsync("please look at this file", [(name, content)]);
        Assert.Equal(HttpStatusCode.OK, sent.Status);
        await using var db = await Db(server);
        var file = await db.Files.AsNoTracking().SingleAsync();
        return (file.CaseId, file.Id, person);
    }

    private static async Task<HavenClient.Page> MakeCopyAsync(HavenClient client, string caseId, string fileId)
    {
        var page = await client.GetAsync($"/desk/case/{caseId}/files/{fileId}");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        return await client.PostAsync($"/desk/case/{caseId}/files/{fileId}", [new("__af", HavenClient.Hidden(page.Html, "__af")!), new("RecordId", HavenClient.Hidden(page.Html, "RecordId")!)]);
    }

    private static async Task<byte[]> DownloadAsync(HavenClient client, string path)
    {
        using var response = await client.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>Files, records and cleaning audit entries: what a refused attempt must not add to.</summary>
    private static async Task<(int Files, int Records, int Audited)> CountsAsync(HavenServer server)
    {
        await using var db = await Db(server);
        return (await db.Files.CountAsync(), await db.Records.CountAsync(), await db.AuditEntries.CountAsync(e => e.Action == "file.cleaned"));
    }
}
