using System.Net;
using System.Text;
using Haven.Crypto;
using Haven.Files;
using Haven.Tests;
using Haven.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Haven.Web.Tests.Files.FileTestKit;

namespace Haven.Web.Tests.Files;

/// <summary>
/// A record is never committed, nor its sender told "sent", unless its blobs are in place. The rename of a
/// pending blob to its final name is made to fail for real: the test waits until the server has received the
/// file into its <c>.part</c>, deletes that file while the rest of the form is held back, then lets the form
/// finish. (Before the fix the rename came after the commit, its failure was ignored, and the answer was "sent"
/// with a row whose blob did not exist.)
/// </summary>
public sealed class BlobInPlaceTests
{
    public enum Form
    {
        Request,
        Conversation,
        Reply,
    }

    [Theory]
    [InlineData(Form.Request)]
    [InlineData(Form.Conversation)]
    [InlineData(Form.Reply)]
    public async Task A_file_whose_blob_vanished_before_its_rename_is_not_acknowledged_and_the_form_comes_back(Form form)
    {
        await using var server = await HavenServer.StartAsync();
        HavenClient? person = null;
        HavenClient? admin = null;
        try
        {
            string action;
            List<RawPart> fields;
            string text = $"held back {form} text";
            if (form == Form.Request)
            {
                person = await PersonAsync(server);
                var page = await person.GetAsync("/request");
                action = "/request";
                fields =
                [
                    RawPart.Field("__af", HavenClient.Hidden(page.Html, "__af")!),
                    RawPart.Field("Input.RecordId", HavenClient.Hidden(page.Html, "Input.RecordId")!),
                    RawPart.Field("Input.Ticket", HavenClient.Hidden(page.Html, "Input.Ticket")!),
                    RawPart.Field("Input.Urgency", "now"),
                ];
            }
            else
            {
                (person, var caseId) = await PersonWithCaseAsync(server);
                HavenClient.Page page;
                if (form == Form.Conversation)
                {
                    page = await person.GetAsync("/conversation");
                    action = "/conversation";
                }
                else
                {
                    admin = await AdminAsync(server);
                    page = await admin.GetAsync($"/desk/case/{caseId}/reply");
                    action = $"/desk/case/{caseId}/reply";
                }

                fields = [RawPart.Field("__af", HavenClient.Hidden(page.Html, "__af")!), RawPart.Field("RecordId", HavenClient.Hidden(page.Html, "RecordId")!)];
            }

            var client = admin ?? person;
            var before = await CountsAsync(server);
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var body = new RawMultipart(
            [
                .. fields,
                RawPart.FileStar("photo.jpg", Bytes(RandomBytes(200_000))),
                new RawPart($"Content-Disposition: form-data; name=\"{(form == Form.Request ? "Input.Text" : "Text")}\"", new GatedContent(Encoding.UTF8.GetBytes(text), gate.Task)),
            ]);
            var sending = client.Http.PostAsync(action, body);

            // The file is in: its pending blob exists and the server waits for the field after it.
            string? part = null;
            await Eventually.UntilAsync("a pending blob to appear", () => (part = BlobFiles(server).FirstOrDefault(f => f.EndsWith(".part", StringComparison.Ordinal))) is not null);
            File.Delete(Path.Combine(BlobFolder(server), part!));
            gate.SetResult();
            using var response = await sending;
            var html = await response.Content.ReadAsStringAsync();

            // Not acknowledged: the storage error, the words given back, and nothing stored.
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Null(response.Headers.Location);
            Assert.Contains(text, html, StringComparison.Ordinal);
            Assert.Contains("cannot store messages at this moment", html, StringComparison.Ordinal);
            Assert.Equal(before, await CountsAsync(server));
            Assert.Empty(BlobFiles(server));

            // Sent again, it is stored with its file.
            var again = form switch
            {
                Form.Request => await person!.SubmitRequestWithFilesAsync(text, [("photo.jpg", Bytes(RandomBytes(1000)))]),
                Form.Conversation => await person!.SendMessageWithFilesAsync(text, [("photo.jpg", Bytes(RandomBytes(1000)))]),
                _ => await ReplyWithFilesAsync(admin!, action.Split('/')[3], text, [("photo.jpg", Bytes(RandomBytes(1000)))]),
            };
            Assert.Equal(HttpStatusCode.OK, again.Status);
            Assert.NotEqual(before, await CountsAsync(server));
            var blob = Assert.Single(BlobFiles(server));
            Assert.True(RandomId.IsValid(blob), blob);
            Assert.DoesNotContain(server.Logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal));
        }
        finally
        {
            person?.Dispose();
            admin?.Dispose();
        }
    }

    [Fact]
    public async Task The_sweep_after_a_retention_run_deletes_only_the_blobs_marked_for_a_check_that_have_no_row_and_the_purge_deletes_its_own()
    {
        await using var server = await HavenServer.StartAsync();
        using (var person = await PersonAsync(server))
        {
            Assert.Equal("/sent", (await person.SubmitRequestWithFilesAsync("kept", [("kept.pdf", Bytes(RandomBytes(10_000)))])).Location.AbsolutePath);
        }

        var kept = Assert.Single(BlobFiles(server));
        var store = server.Services.GetRequiredService<BlobStore>();
        var sweep = server.Services.GetRequiredService<BlobSweep>();
        var job = server.Services.GetRequiredService<Haven.Retention.RetentionJob>();

        // A blob whose record's commit failed unreported after it was put in place, one whose record is being
        // committed now, and a final blob without a row that nothing of this process marked (a crash's leftover).
        var orphan = RandomId.New();
        var inFlight = RandomId.New();
        foreach (var id in new[] { orphan, inFlight })
        {
            File.WriteAllBytes(Path.Combine(BlobFolder(server), id + ".part"), RandomBytes(5000));
            store.Publish(id);
        }

        var stray = RandomId.New();
        File.WriteAllBytes(Path.Combine(BlobFolder(server), stray), RandomBytes(5000));

        store.MarkForCheck(orphan);
        var result = await sweep.CheckMarkedAsync(CancellationToken.None);
        Assert.Equal(1, result.Deleted);
        Assert.Equal(new[] { kept, inFlight, stray }.Order(StringComparer.Ordinal), BlobFiles(server));

        // Once its commit fails unreported too, it goes at the next run of the retention job; the stray is left to the start-up sweep.
        store.MarkForCheck(inFlight);
        Assert.Equal(0, await job.RunOnceAsync(CancellationToken.None));
        Assert.Equal(new[] { kept, stray }.Order(StringComparer.Ordinal), BlobFiles(server));

        // The purge deletes the blobs of the files it purged by itself, without a sweep of the folder.
        server.Clock.Advance(TimeSpan.FromDays(181));
        Assert.Equal(1, await job.RunOnceAsync(CancellationToken.None));
        Assert.Equal([stray], BlobFiles(server));
        Assert.Empty(store.MarkedForCheck());
    }

    /// <summary>A part's content that is flushed empty and held back until <paramref name="gate"/> opens.</summary>
    private sealed class GatedContent(byte[] bytes, Task gate) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.FlushAsync();
            await gate;
            await stream.WriteAsync(bytes);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
