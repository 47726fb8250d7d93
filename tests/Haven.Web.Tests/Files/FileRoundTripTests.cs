using System.Net;
using System.Security.Cryptography;
using Haven.Accounts;
using Haven.Crypto;
using Haven.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Haven.Web.Tests.Files.FileTestKit;

namespace Haven.Web.Tests.Files;

public sealed class FileRoundTripTests
{
    [Fact]
    public async Task Files_go_from_the_person_to_the_desk_and_back_and_only_to_whom_they_belong()
    {
        await using var server = await HavenServer.StartAsync();
        var scan = RandomBytes(200_000);
        var photo = RandomBytes(65_536 * 2);
        var note = RandomBytes(1);
        using var person = await PersonAsync(server);
        var sent = await person.SubmitRequestWithFilesAsync("Our papers are attached.", [("passport scan.pdf", Bytes(scan, "application/pdf")), ("photo.jpg", Bytes(photo, "image/jpeg"))]);
        Assert.Equal("/sent", sent.Location.AbsolutePath);
        var more = await person.SendMessageWithFilesAsync("And the letter.", [("letter.txt", Bytes(note, "text/plain"))]);
        Assert.Equal("/conversation", more.Location.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, more.Status);

        string caseId;
        List<Haven.Files.StoredFile> rows;
        await using (var db = await DbAsync(server))
        {
            caseId = Assert.Single(await db.Cases.Select(c => c.Id).ToListAsync());
            rows = await db.Files.AsNoTracking().ToListAsync();
        }

        Assert.Equal(3, rows.Count);
        Assert.All(rows, r => Assert.Equal(caseId, r.CaseId));
        Assert.Equal(rows.Select(r => r.Id).Order(StringComparer.Ordinal), BlobFiles(server));

        // The record lists each file with the name, type, size and SHA-256 it arrived with.
        var view = await DecryptCaseAsync(server, caseId, step: 0);
        var attachments = Attachments(view);
        var expected = new Dictionary<string, (byte[] Bytes, string Type)>
        {
            ["passport scan.pdf"] = (scan, "application/pdf"),
            ["photo.jpg"] = (photo, "image/jpeg"),
            ["letter.txt"] = (note, "text/plain"),
        };
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), attachments.Select(a => a.File.Name).Order(StringComparer.Ordinal));
        foreach (var (entry, file) in attachments)
        {
            var (bytes, type) = expected[file.Name];
            Assert.Equal(type, file.Type);
            Assert.Equal(bytes.Length, file.Size);
            Assert.Equal(Hex(SHA256.HashData(bytes)), file.Sha256);
            var row = Assert.Single(rows, r => r.Id == file.Id);
            Assert.Equal(entry.Id, row.RecordId);
            Assert.Equal(FileCipher.CiphertextLength(bytes.Length), row.Length);
            Assert.Equal(row.Length, new FileInfo(Path.Combine(BlobFolder(server), file.Id)).Length);
            Assert.Equal(file.Name == "letter.txt" ? "message" : "request", entry.Kind);
        }

        // The administrator downloads each: the same bytes, served as an opaque attachment.
        using var admin = await AdminAsync(server, step: 1);
        foreach (var (_, file) in attachments)
        {
            using var response = await admin.Http.GetAsync($"/desk/case/{caseId}/file/{file.Id}");
            AssertDownloadHeaders(response);
            Assert.Equal(expected[file.Name].Bytes, await response.Content.ReadAsByteArrayAsync());
            Assert.Equal(file.Name, DownloadName(response));
        }

        await using (var db = await DbAsync(server))
        {
            Assert.Equal(3, await db.AuditEntries.CountAsync(e => e.Action == "file.downloaded" && e.CaseId == caseId));
        }

        // A reply with a file: the person downloads it in the same session.
        var advice = RandomBytes(70_000);
        var reply = await ReplyWithFilesAsync(admin, caseId, "The route is in the file.", [("route.pdf", Bytes(advice, "application/pdf"))]);
        Assert.Equal($"/desk/case/{caseId}", reply.Location.AbsolutePath);
        string replyFileId;
        await using (var db = await DbAsync(server))
        {
            replyFileId = Assert.Single(await db.Files.Where(f => !rows.Select(r => r.Id).Contains(f.Id)).Select(f => f.Id).ToListAsync());
        }

        var conversation = await person.GetAsync("/conversation");
        Assert.Contains($"href=\"/conversation/file/{replyFileId}\"", conversation.Html, StringComparison.Ordinal);
        Assert.Contains("route.pdf", conversation.Html, StringComparison.Ordinal);
        using (var download = await person.Http.GetAsync($"/conversation/file/{replyFileId}"))
        {
            AssertDownloadHeaders(download);
            Assert.Equal(advice, await download.Content.ReadAsByteArrayAsync());
            Assert.Equal("route.pdf", DownloadName(download));
        }

        // The desk downloads the reply's file too.
        using (var download = await admin.Http.GetAsync($"/desk/case/{caseId}/file/{replyFileId}"))
        {
            AssertDownloadHeaders(download);
            Assert.Equal(advice, await download.Content.ReadAsByteArrayAsync());
        }

        // The person cannot download what they sent themselves (their key opens no request or message).
        foreach (var own in rows)
        {
            using var response = await person.Http.GetAsync($"/conversation/file/{own.Id}");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.NotEqual("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        }

        // Someone without the person's session gets nothing either.
        using (var stranger = server.CreateClient())
        {
            using var response = await stranger.Http.GetAsync($"/conversation/file/{replyFileId}");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        // A caseworker not granted the case: 404, the same as for a file that does not exist.
        var (worker, totp) = NewResponder.Create("Worker", "another long passphrase", ResponderRole.Caseworker, DateOnly.FromDateTime(server.Clock.GetUtcNow().UtcDateTime));
        await using (var db = await DbAsync(server))
        {
            await Haven.Instance.AddResponderCommand.ExecuteAsync(db, worker, CancellationToken.None);
        }

        using (var caseworker = server.CreateClient())
        {
            var login = await caseworker.LoginAsync("Worker", "another long passphrase", TotpCodes.Compute(totp, server.Clock.GetUtcNow()));
            Assert.Equal("/desk", login.Location.AbsolutePath);
            foreach (var id in rows.Select(r => r.Id).Append(replyFileId))
            {
                using var response = await caseworker.Http.GetAsync($"/desk/case/{caseId}/file/{id}");
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            }

            // Nor can they send the case a file: refused before anything is stored.
            var token = HavenClient.Hidden((await caseworker.GetAsync("/desk")).Html, "__af")!;
            var blobsBefore = BlobFiles(server);
            var refused = await caseworker.PostMultipartAsync($"/desk/case/{caseId}/reply", [new("__af", token), new("RecordId", RandomId.New()), new("Text", "x")], [("x.pdf", Bytes(RandomBytes(300_000)))]);
            Assert.Equal(HttpStatusCode.NotFound, refused.Status);
            Assert.Equal(blobsBefore, BlobFiles(server));
        }

        // A file of another case under this case's address: 404, though it downloads under its own.
        using var other = await PersonAsync(server);
        var otherBytes = RandomBytes(1000);
        Assert.Equal("/sent", (await other.SubmitRequestWithFilesAsync("Another family.", [("other.pdf", Bytes(otherBytes))])).Location.AbsolutePath);
        string otherCaseId, otherFileId;
        await using (var db = await DbAsync(server))
        {
            var otherFile = await db.Files.SingleAsync(f => f.CaseId != caseId);
            (otherCaseId, otherFileId) = (otherFile.CaseId, otherFile.Id);
        }

        using (var response = await admin.Http.GetAsync($"/desk/case/{caseId}/file/{otherFileId}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        using (var response = await admin.Http.GetAsync($"/desk/case/{otherCaseId}/file/{otherFileId}"))
        {
            AssertDownloadHeaders(response);
            Assert.Equal(otherBytes, await response.Content.ReadAsByteArrayAsync());
        }

        // Nor can the first person reach the other case's file, or a file of their own case the other way round.
        using (var response = await person.Http.GetAsync($"/conversation/file/{otherFileId}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        using (var response = await other.Http.GetAsync($"/conversation/file/{replyFileId}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        // Malformed ids: 404, never an error page or a path on disk.
        string[] malformed = ["not-an-id", replyFileId.ToUpperInvariant(), replyFileId + "0", replyFileId + ".part", "..%2F..%2Fhaven.db", replyFileId[..31]];
        foreach (var id in malformed)
        {
            using var desk = await admin.Http.GetAsync($"/desk/case/{caseId}/file/{id}");
            Assert.Equal(HttpStatusCode.NotFound, desk.StatusCode);
            using var source = await person.Http.GetAsync($"/conversation/file/{id}");
            Assert.Equal(HttpStatusCode.NotFound, source.StatusCode);
        }

        using (var response = await admin.Http.GetAsync($"/desk/case/not-a-case/file/{replyFileId}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        // Downloads were audited content-free: the file id, never its name.
        await using (var db = await DbAsync(server))
        {
            var entries = await db.AuditEntries.AsNoTracking().Where(e => e.Action == "file.downloaded").ToListAsync();
            Assert.Equal(5, entries.Count);
            Assert.All(entries, e => Assert.True(RandomId.IsValid(e.SubjectId!)));
        }

        Assert.DoesNotContain(server.Logs.Lines, l => l.Contains("passport", StringComparison.Ordinal) || l.Contains("route.pdf", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_file_alone_without_text_is_accepted_as_a_message_and_as_a_reply()
    {
        await using var server = await HavenServer.StartAsync();
        var (person, caseId) = await PersonWithCaseAsync(server);
        using var _ = person;
        var picture = RandomBytes(5000);
        var sent = await person.SendMessageWithFilesAsync("", [("picture.png", Bytes(picture, "image/png"))]);
        Assert.Equal("/conversation", sent.Location.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, sent.Status);

        using var admin = await AdminAsync(server);
        var map = RandomBytes(3000);
        var reply = await ReplyWithFilesAsync(admin, caseId, "", [("map.png", Bytes(map, "image/png"))]);
        Assert.Equal($"/desk/case/{caseId}", reply.Location.AbsolutePath);

        var view = await DecryptCaseAsync(server, caseId, step: 1);
        var files = Attachments(view);
        Assert.Equal(2, files.Count);
        var message = Assert.Single(files, f => f.Entry.Kind == "message");
        Assert.Equal("", message.Entry.Content!.Text);
        Assert.Equal("picture.png", message.File.Name);
        var answer = Assert.Single(files, f => f.Entry.Kind == "reply");
        Assert.Equal("", answer.Entry.Content!.Text);
        Assert.Equal("map.png", answer.File.Name);

        using var download = await person.Http.GetAsync($"/conversation/file/{answer.File.Id}");
        AssertDownloadHeaders(download);
        Assert.Equal(map, await download.Content.ReadAsByteArrayAsync());
        using var desk = await admin.Http.GetAsync($"/desk/case/{caseId}/file/{message.File.Id}");
        Assert.Equal(picture, await desk.Content.ReadAsByteArrayAsync());

        // Without text and without a file, nothing is sent.
        var empty = await person.SendMessageWithFilesAsync("  ", []);
        Assert.Equal(HttpStatusCode.BadRequest, empty.Status);
        var emptyReply = await ReplyWithFilesAsync(admin, caseId, "", []);
        Assert.Equal(HttpStatusCode.BadRequest, emptyReply.Status);
        Assert.Equal((1, 3, 2), await CountsAsync(server));
    }
}
