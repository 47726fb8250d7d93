using System.Net;
using Haven.Files;
using Haven.Web.Tests.Hostile;
using Haven.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Haven.Web.Tests.Files.FileTestKit;

namespace Haven.Web.Tests.Files;

/// <summary>
/// The same form with a file, sent many times at once (a double click, a browser retrying): one message is
/// stored, and the copies that were not stored leave no blob on disk and no bytes counted against the
/// storage quota, at once and without a restart.
/// </summary>
public sealed class DuplicateUploadTests
{
    private const int Copies = 8;

    [Fact]
    public async Task The_same_form_with_a_file_sent_eight_times_at_once_leaves_one_blob_and_counts_it_once()
    {
        await using var server = await HavenServer.StartAsync();
        var (person, caseId) = await PersonWithCaseAsync(server);
        using var _ = person;
        using var admin = await AdminAsync(server);
        var quota = server.Services.GetRequiredService<StorageQuota>();

        // A follow-up from the person, then a reply from the desk, each form read once and sent eight times.
        var page = await person.GetAsync("/conversation");
        var followUp = await SendAllAtOnceAsync(person, "/conversation", [new("__af", HavenClient.Hidden(page.Html, "__af")!), new("RecordId", HavenClient.Hidden(page.Html, "RecordId")!), new("Text", "the same follow-up")]);
        await AssertOneBlobPerRowAsync(server, quota, "follow-up", followUp);

        var reply = await admin.GetAsync($"/desk/case/{caseId}/reply");
        var replied = await SendAllAtOnceAsync(admin, $"/desk/case/{caseId}/reply", [new("__af", HavenClient.Hidden(reply.Html, "__af")!), new("RecordId", HavenClient.Hidden(reply.Html, "RecordId")!), new("Text", "the same reply")]);
        await AssertOneBlobPerRowAsync(server, quota, "reply", replied);

        // A first request with a file, from a new person.
        using var newcomer = await PersonAsync(server);
        var request = await newcomer.GetAsync("/request");
        var requested = await SendAllAtOnceAsync(
            newcomer,
            "/request",
            [
                new("__af", HavenClient.Hidden(request.Html, "__af")!),
                new("Input.RecordId", HavenClient.Hidden(request.Html, "Input.RecordId")!),
                new("Input.Ticket", HavenClient.Hidden(request.Html, "Input.Ticket")!),
                new("Input.Urgency", "now"),
                new("Input.Text", "the same request"),
            ]);
        await AssertOneBlobPerRowAsync(server, quota, "request", requested);

        await using var db = await DbAsync(server);
        Assert.Equal(3, await db.Files.CountAsync());
    }

    /// <summary>
    /// Every blob on disk has its row and every row its blob, nothing is pending, and the quota counts exactly
    /// the bytes of the rows, nothing reserved.
    /// </summary>
    private static async Task AssertOneBlobPerRowAsync(HavenServer server, StorageQuota quota, string what, HttpStatusCode[] answers)
    {
        Assert.Contains(answers, a => a == HttpStatusCode.Redirect);
        await using var db = await DbAsync(server);
        var rows = await db.Files.Select(f => new { f.Id, f.Length }).ToListAsync();

        // The copies not stored are cleaned up when their requests end, which the answers already waited for.
        Assert.Equal(rows.Select(r => r.Id).Order(StringComparer.Ordinal), BlobFiles(server));
        Assert.True(quota.Used == rows.Sum(r => r.Length), $"{what}: the quota counts {quota.Used} bytes used for {rows.Sum(r => r.Length)} bytes of files");
        Assert.True(quota.Reserved == 0, $"{what}: {quota.Reserved} bytes still reserved");
    }

    /// <summary>Posts the same multipart form, with the same file, <see cref="Copies"/> times at once; every answer must be below 500.</summary>
    private static async Task<HttpStatusCode[]> SendAllAtOnceAsync(HavenClient client, string action, List<KeyValuePair<string, string>> fields)
    {
        var file = RandomBytes(200_000);
        using var start = new SemaphoreSlim(0);
        var sends = Enumerable.Range(0, Copies).Select(async _ =>
        {
            using var content = new MultipartFormDataContent();
            foreach (var (name, value) in fields)
            {
                content.Add(new StringContent(value), name);
            }

            content.Add(Bytes(file, "application/octet-stream"), "files", "same.bin");
            await start.WaitAsync();
            using var response = await client.Http.PostAsync(action, content);
            await Answers.AssertSafeAsync(response, action);
            return response.StatusCode;
        }).ToList();
        start.Release(Copies);
        return await Task.WhenAll(sends);
    }
}
