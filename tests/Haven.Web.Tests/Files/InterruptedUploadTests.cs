using System.Net;
using Haven.Accounts;
using Haven.Crypto;
using Haven.Tests;
using Haven.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Haven.Web.Tests.Files.FileTestKit;

namespace Haven.Web.Tests.Files;

public sealed class InterruptedUploadTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_upload_cut_off_mid_file_leaves_no_blob_and_no_rows(bool cancel)
    {
        await using var server = await HavenServer.StartAsync();
        using var person = await PersonAsync(server);
        var form = await person.GetAsync("/request");
        using var abort = new CancellationTokenSource();
        var file = new GeneratedContent(64L * 1024 * 1024, seed: 7, failAfter: 4 * 1024 * 1024, cancelAfter: cancel ? abort : null);
        using var body = new RawMultipart(
        [
            RawPart.Field("__af", HavenClient.Hidden(form.Html, "__af")!),
            RawPart.Field("Input.RecordId", HavenClient.Hidden(form.Html, "Input.RecordId")!),
            RawPart.Field("Input.Ticket", HavenClient.Hidden(form.Html, "Input.Ticket")!),
            RawPart.Field("Input.Urgency", "now"),
            RawPart.Field("Input.Text", "cut off"),
            RawPart.FileStar("first.bin", Bytes(RandomBytes(300_000))),
            RawPart.FileStar("video.mp4", file),
        ]);

        var sending = person.Http.PostAsync("/request", body, abort.Token);
        var failure = await Xunit.Record.ExceptionAsync(() => sending);
        Assert.NotNull(failure);
        Assert.True(failure is HttpRequestException or OperationCanceledException, failure.ToString());
        Assert.True(file.Sent >= 4 * 1024 * 1024);

        // The server notices the broken body on its own time: it must clean up without being asked.
        await Eventually.UntilAsync("the server to remove the cut-off upload's blobs", () => BlobFiles(server).Count == 0, state: () => string.Join(", ", BlobFiles(server)));
        Assert.Equal((0, 0, 0), await CountsAsync(server));

        // The server still works, for this person too.
        var page = await person.SubmitRequestWithFilesAsync("whole this time", [("first.bin", Bytes(RandomBytes(300_000)))]);
        Assert.Equal("/sent", page.Location.AbsolutePath);
        Assert.Equal((1, 1, 1), await CountsAsync(server));

        // On a busy machine the server may still be reading the cut-off body it had buffered: its pending blobs go
        // when it reaches the break, which may be after this second message.
        await Eventually.UntilAsync("only the whole message's blob to be left", () => BlobFiles(server).Count == 1, state: () => string.Join(", ", BlobFiles(server)));
        var blob = Assert.Single(BlobFiles(server));
        Assert.True(RandomId.IsValid(blob), blob);
        Assert.DoesNotContain(server.Logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_reply_cut_off_mid_file_leaves_nothing()
    {
        await using var server = await HavenServer.StartAsync();
        var (person, caseId) = await PersonWithCaseAsync(server);
        using var _ = person;
        using var admin = await AdminAsync(server);
        var form = await admin.GetAsync($"/desk/case/{caseId}/reply");
        var file = new GeneratedContent(32L * 1024 * 1024, seed: 9, failAfter: 3 * 1024 * 1024);
        using var body = new RawMultipart(
        [
            RawPart.Field("__af", HavenClient.Hidden(form.Html, "__af")!),
            RawPart.Field("RecordId", HavenClient.Hidden(form.Html, "RecordId")!),
            RawPart.Field("Text", "cut off"),
            RawPart.FileStar("plan.pdf", file),
        ]);
        Assert.NotNull(await Xunit.Record.ExceptionAsync(() => admin.Http.PostAsync($"/desk/case/{caseId}/reply", body)));
        await Eventually.UntilAsync("the server to remove the cut-off upload's blobs", () => BlobFiles(server).Count == 0, state: () => string.Join(", ", BlobFiles(server)));
        Assert.Equal((1, 1, 0), await CountsAsync(server));
        var reply = await ReplyWithFilesAsync(admin, caseId, "whole", [("plan.pdf", Bytes(RandomBytes(1000)))]);
        Assert.Equal($"/desk/case/{caseId}", reply.Location.AbsolutePath);
        Assert.Equal((1, 2, 1), await CountsAsync(server));
    }

    [Fact]
    public async Task The_start_up_sweep_removes_strays_and_keeps_real_files()
    {
        await using var first = await HavenServer.StartAsync();
        var kept = RandomBytes(100_000);
        using (var person = await PersonAsync(first))
        {
            Assert.Equal("/sent", (await person.SubmitRequestWithFilesAsync("keep this", [("kept.pdf", Bytes(kept))])).Location.AbsolutePath);
        }

        string caseId, fileId;
        await using (var db = await DbAsync(first))
        {
            var row = await db.Files.SingleAsync();
            (caseId, fileId) = (row.CaseId, row.Id);
        }

        await first.StopAsync();

        // What a crash or a purge can leave: a pending upload, a final blob with no row, and a pending copy of a real blob.
        var folder = Path.Combine(first.DataPath, "blobs");
        var strayPending = Path.Combine(folder, RandomId.New() + ".part");
        var strayFinal = Path.Combine(folder, RandomId.New());
        var pendingOfReal = Path.Combine(folder, fileId + ".part");
        File.WriteAllBytes(strayPending, RandomBytes(5000));
        File.WriteAllBytes(strayFinal, RandomBytes(5000));
        File.WriteAllBytes(pendingOfReal, RandomBytes(5000));

        // Left by a crash long ago: on PostgreSQL, a blob the database does not know is left alone for a while (another
        // node's upload in flight may share the folder); these are older than that.
        foreach (var stray in new[] { strayPending, strayFinal, pendingOfReal })
        {
            File.SetLastWriteTimeUtc(stray, DateTime.UtcNow.AddDays(-2));
        }

        // Files the sweep does not recognise as blobs are not its business.
        var foreign = Path.Combine(folder, "README.txt");
        File.WriteAllText(foreign, "operator's note");

        await using var second = await HavenServer.StartOnAsync(first.DataPath);
        Assert.False(File.Exists(strayPending));
        Assert.False(File.Exists(strayFinal));
        Assert.False(File.Exists(pendingOfReal));
        Assert.True(File.Exists(foreign));
        Assert.Equal(new[] { fileId, "README.txt" }.Order(StringComparer.Ordinal), BlobFiles(second));

        using var admin = second.CreateClient();
        var login = await admin.LoginAsync(HavenServer.AdminName, HavenServer.AdminPassphrase, TotpCodes.Compute(first.AdminTotpSecret, second.Clock.GetUtcNow()));
        Assert.Equal("/desk", login.Location.AbsolutePath);
        using var response = await admin.Http.GetAsync($"/desk/case/{caseId}/file/{fileId}");
        AssertDownloadHeaders(response);
        Assert.Equal(kept, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task The_start_up_sweep_completes_a_blob_whose_record_was_committed()
    {
        await using var first = await HavenServer.StartAsync();
        var kept = RandomBytes(70_000);
        using (var person = await PersonAsync(first))
        {
            Assert.Equal("/sent", (await person.SubmitRequestWithFilesAsync("keep this", [("kept.pdf", Bytes(kept))])).Location.AbsolutePath);
        }

        string caseId, fileId;
        await using (var db = await DbAsync(first))
        {
            var row = await db.Files.SingleAsync();
            (caseId, fileId) = (row.CaseId, row.Id);
        }

        await first.StopAsync();

        // A crash between the record's commit and the rename: the blob is still pending.
        var folder = Path.Combine(first.DataPath, "blobs");
        File.Move(Path.Combine(folder, fileId), Path.Combine(folder, fileId + ".part"));

        await using var second = await HavenServer.StartOnAsync(first.DataPath);
        Assert.Equal([fileId], BlobFiles(second));
        using var admin = second.CreateClient();
        await admin.LoginAsync(HavenServer.AdminName, HavenServer.AdminPassphrase, TotpCodes.Compute(first.AdminTotpSecret, second.Clock.GetUtcNow()));
        using var response = await admin.Http.GetAsync($"/desk/case/{caseId}/file/{fileId}");
        AssertDownloadHeaders(response);
        Assert.Equal(kept, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
