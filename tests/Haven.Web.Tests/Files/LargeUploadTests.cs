using Haven.Crypto;
using Haven.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Haven.Web.Tests.Files.FileTestKit;

namespace Haven.Web.Tests.Files;

public sealed class LargeUploadTests
{
    [Fact]
    public async Task A_300_MiB_file_streams_in_and_out_intact()
    {
        const long size = (300L * 1024 * 1024) + 12345;
        await using var server = await HavenServer.StartAsync();
        using var person = await PersonAsync(server);
        var form = await person.GetAsync("/request");
        var file = new GeneratedContent(size, seed: 0x5EED);
        using (var body = new RawMultipart(
        [
            RawPart.Field("__af", HavenClient.Hidden(form.Html, "__af")!),
            RawPart.Field("Input.RecordId", HavenClient.Hidden(form.Html, "Input.RecordId")!),
            RawPart.Field("Input.Ticket", HavenClient.Hidden(form.Html, "Input.Ticket")!),
            RawPart.Field("Input.Urgency", "now"),
            RawPart.Field("Input.Text", "the whole video"),
            RawPart.FileStar("evidence.mp4", file, "video/mp4"),
        ]))
        {
            using var sent = await person.Http.PostAsync("/request", body);
            Assert.Equal(System.Net.HttpStatusCode.Redirect, sent.StatusCode);
        }

        Assert.Equal(size, file.Sent);
        var sentSha256 = file.Sha256();
        Assert.Equal(GeneratedContent.ExpectedSha256(size, 0x5EED), sentSha256);

        string caseId, fileId;
        await using (var db = await DbAsync(server))
        {
            var row = await db.Files.SingleAsync();
            (caseId, fileId) = (row.CaseId, row.Id);
            Assert.Equal(FileCipher.CiphertextLength(size), row.Length);
        }

        Assert.Equal(FileCipher.CiphertextLength(size), new FileInfo(Path.Combine(BlobFolder(server), fileId)).Length);
        Assert.Equal([fileId], BlobFiles(server));

        var attachment = Assert.Single(Attachments(await DecryptCaseAsync(server, caseId, step: 0))).File;
        Assert.Equal(size, attachment.Size);
        Assert.Equal(Hex(sentSha256), attachment.Sha256);
        Assert.Equal("video/mp4", attachment.Type);

        using var admin = await AdminAsync(server, step: 1);
        var (response, length, sha256) = await DownloadHashedAsync(admin, $"/desk/case/{caseId}/file/{fileId}");
        using (response)
        {
            AssertDownloadHeaders(response);
            Assert.Equal(size, response.Content.Headers.ContentLength);
        }

        Assert.Equal(size, length);
        Assert.Equal(sentSha256, sha256);
    }
}
