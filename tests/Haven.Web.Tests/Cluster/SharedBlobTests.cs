using Haven.Accounts;
using Haven.Crypto;
using Haven.Files;
using Haven.Storage;
using Haven.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static Haven.Web.Tests.Files.FileTestKit;

namespace Haven.Web.Tests.Cluster;

/// <summary>
/// Issue 19: the blobs of every node in one shared folder (<c>Haven:Blobs:Path</c>). A file received by one node is
/// read through the other; a sweep on one node never deletes a blob another node is writing or has published and
/// not yet committed; a node that cannot use the folder does not start, and says which folder.
/// </summary>
public sealed class SharedBlobTests
{
    private const string OnlyPostgres = "Several nodes share one database and one blob folder on PostgreSQL only; SQLite is one node.";

    [ProviderFact(postgres: true, OnlyPostgres)]
    public async Task A_file_received_by_one_node_is_downloaded_through_the_other_from_the_shared_folder()
    {
        await using var nodes = await InProcessNodes.StartAsync();
        var scan = RandomBytes(200_000);
        using (var person = await PersonAsync(nodes.A))
        {
            Assert.Equal("/sent", (await person.SubmitRequestWithFilesAsync("papers attached", [("scan.pdf", Bytes(scan, "application/pdf"))])).Location.AbsolutePath);
        }

        string caseId, fileId;
        await using (var db = await DbAsync(nodes.B))
        {
            var row = Assert.Single(db.Files);
            (caseId, fileId) = (row.CaseId, row.Id);
        }

        Assert.True(File.Exists(Path.Combine(nodes.BlobFolder, fileId)));
        Assert.Empty(Directory.Exists(BlobFolder(nodes.A)) ? Directory.GetFiles(BlobFolder(nodes.A)) : []);

        using var admin = nodes.B.CreateClient();
        var login = await admin.LoginAsync(HavenServer.AdminName, HavenServer.AdminPassphrase, TotpCodes.Compute(nodes.A.AdminTotpSecret, nodes.B.Clock.GetUtcNow()));
        Assert.Equal("/desk", login.Location.AbsolutePath);
        using var response = await admin.Http.GetAsync($"/desk/case/{caseId}/file/{fileId}");
        AssertDownloadHeaders(response);
        Assert.Equal(scan, await response.Content.ReadAsByteArrayAsync());
    }

    [ProviderFact(postgres: true, OnlyPostgres)]
    public async Task A_sweep_on_one_node_leaves_the_other_nodes_uploads_alone_until_they_are_nobodys()
    {
        await using var nodes = await InProcessNodes.StartAsync();
        var storeA = nodes.A.Services.GetRequiredService<BlobStore>();
        var sweepB = nodes.B.Services.GetRequiredService<BlobSweep>();

        // On A: a file still arriving (its writer open), a message's first file waiting while the next arrives
        // (pending, closed), and a blob published whose record is being committed.
        var writing = RandomId.New();
        var waiting = RandomId.New();
        var publishing = RandomId.New();
        await using var writer = storeA.CreatePending(writing);
        await writer.WriteAsync(RandomBytes(3000));
        await writer.SyncToDiskAsync(CancellationToken.None);
        foreach (var id in new[] { waiting, publishing })
        {
            await using var closed = storeA.CreatePending(id);
            await closed.WriteAsync(RandomBytes(3000));
            await closed.SyncToDiskAsync(CancellationToken.None);
        }

        storeA.Publish(publishing);
        string[] all = [writing + ".part", waiting + ".part", publishing];

        // B's start-up sweep and its periodic one (after a retention run) leave all three alone.
        Assert.Equal(0, (await sweepB.SweepAllAsync(CancellationToken.None)).Deleted);
        Assert.Equal(0, (await sweepB.CheckMarkedAsync(CancellationToken.None)).Deleted);
        Assert.Equal(all.Order(StringComparer.Ordinal), SharedFiles(nodes));

        // Long untouched (A died with them): the closed ones are nobody's and go; the one held open stays.
        foreach (var name in all)
        {
            File.SetLastWriteTimeUtc(Path.Combine(nodes.BlobFolder, name), DateTime.UtcNow.AddDays(-2));
        }

        Assert.Equal(2, (await sweepB.CheckMarkedAsync(CancellationToken.None)).Deleted);
        Assert.Equal([writing + ".part"], SharedFiles(nodes));

        await writer.DisposeAsync();
        Assert.Equal(1, (await sweepB.SweepAllAsync(CancellationToken.None)).Deleted);
        Assert.Empty(SharedFiles(nodes));
    }

    [Fact]
    public async Task A_node_that_cannot_write_the_blob_folder_does_not_start_and_names_the_folder()
    {
        var notAFolder = Path.Combine(Path.GetTempPath(), "haven-not-a-folder-" + RandomId.New());
        await File.WriteAllTextAsync(notAFolder, "a file where the shared mount should be");
        var blobs = Path.Combine(notAFolder, "blobs");
        try
        {
            var refused = await Assert.ThrowsAsync<StorageStartupException>(() => HavenServer.StartAsync($"--Haven:Blobs:Path={blobs}"));
            Assert.Contains(blobs, refused.Message, StringComparison.Ordinal);
            Assert.Contains("Haven:Blobs:Path", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(notAFolder);
        }
    }

    [Fact]
    public async Task A_blob_folder_given_as_a_relative_path_is_refused_at_start_with_the_setting_named()
    {
        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => HavenServer.StartAsync("--Haven:Blobs:Path=relative/blobs"));
        Assert.Contains("Haven:Blobs:Path must be an absolute path", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_blob_folder_setting_puts_the_blobs_there_and_creates_it_owner_only()
    {
        var blobs = Path.Combine(Path.GetTempPath(), "haven-blobs-" + RandomId.New(), "blobs");
        try
        {
            await using var server = await HavenServer.StartAsync($"--Haven:Blobs:Path={blobs}");
            Assert.True(Directory.Exists(blobs));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(OwnerOnly.FolderPermissions, File.GetUnixFileMode(blobs));
            }

            Assert.Empty(Directory.GetFiles(blobs));
            using var person = await PersonAsync(server);
            Assert.Equal("/sent", (await person.SubmitRequestWithFilesAsync("a file", [("a.pdf", Bytes(RandomBytes(5000), "application/pdf"))])).Location.AbsolutePath);
            Assert.Single(Directory.GetFiles(blobs));
            Assert.False(Directory.Exists(BlobFolder(server)) && Directory.GetFiles(BlobFolder(server)).Length > 0);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(blobs)!, recursive: true);
        }
    }

    private static List<string> SharedFiles(InProcessNodes nodes) =>
        [.. Directory.GetFiles(nodes.BlobFolder).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal)];
}
