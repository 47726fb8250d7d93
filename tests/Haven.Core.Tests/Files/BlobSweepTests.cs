using Haven.Audit;
using Haven.Cases;
using Haven.Crypto;
using Haven.Files;
using Haven.Instance;
using Haven.Storage;
using Haven.Tests;
using Microsoft.Extensions.Options;

namespace Haven.Core.Tests.Files;

/// <summary>
/// The periodic sweep (after each retention run) checks only the blobs whose commit outcome was not known: a
/// <see cref="FileBatch"/> disposed while its blobs were published but not committed, because the commit failed
/// in a way the database did not report. It keeps such a blob if its row exists and deletes it if not; any other
/// blob is left to the start-up sweep. On a real database (a SQLite file, or PostgreSQL with HAVEN_TEST_POSTGRES)
/// and a real blob folder.
/// </summary>
public sealed class BlobSweepTests : IAsyncLifetime, IDisposable
{
    private readonly DataDirectory _data = TestDatabases.Data(Path.Combine(Path.GetTempPath(), "haven-core-" + RandomId.New()));
    private readonly ProcessWriteLock _writeLock = new();
    private BlobStore? _store;
    private StorageQuota? _quota;
    private BlobSweep? _sweep;

    private BlobStore Store => _store!;

    private BlobSweep Sweep => _sweep!;

    public async Task InitializeAsync()
    {
        using (await InitInstanceCommand.ExecuteAsync(_data, CancellationToken.None))
        {
        }

        _store = new BlobStore(_data);
        _quota = new StorageQuota(Options.Create(new AttachmentOptions()));
        _quota.SetUsed(0);
        _sweep = new BlobSweep(_store, new DataDirectoryContextFactory(_data));
    }

    public Task DisposeAsync()
    {
        StorageServiceCollectionExtensions.ClearSqlitePool(_data);
        Directory.Delete(_data.Path, recursive: true);
        TestDatabases.Drop(_data.Path);
        return Task.CompletedTask;
    }

    public void Dispose() => _writeLock.Dispose();

    [Fact]
    public async Task A_blob_whose_commit_outcome_is_unknown_and_has_no_row_is_removed_by_the_periodic_sweep()
    {
        var id = PublishAndAbandon();
        Assert.Equal([id], BlobFiles());

        var result = await Sweep.CheckMarkedAsync(CancellationToken.None);

        Assert.Equal(1, result.Deleted);
        Assert.Empty(BlobFiles());
        Assert.Empty(Store.MarkedForCheck());
    }

    [Fact]
    public async Task A_blob_whose_commit_outcome_is_unknown_and_whose_row_exists_is_kept()
    {
        // The database committed the record after all, but the command never heard so (the batch was disposed uncommitted).
        var id = PublishAndAbandon();
        await AddRowAsync(id);

        var result = await Sweep.CheckMarkedAsync(CancellationToken.None);

        Assert.Equal(0, result.Deleted);
        Assert.Equal([id], BlobFiles());
        Assert.Empty(Store.MarkedForCheck());
    }

    [Fact]
    public async Task A_blob_not_marked_for_check_is_not_looked_at_by_the_periodic_sweep_but_by_the_start_up_sweep()
    {
        // A final blob without a row that no batch of this process left behind (say, from before a crash).
        var abandoned = PublishAndAbandon();
        var stray = RandomId.New();
        File.WriteAllBytes(Path.Combine(Store.Folder, stray), RandomBytes(3000));

        var result = await Sweep.CheckMarkedAsync(CancellationToken.None);

        Assert.Equal(1, result.Deleted);
        Assert.DoesNotContain(abandoned, BlobFiles());
        Assert.Equal([stray], BlobFiles());

        // The start-up sweep lists the whole folder. The stray is from before a crash long ago: on PostgreSQL a fresh
        // unknown blob may be another node's upload and is left alone (BlobSweepSharedTests).
        File.SetLastWriteTimeUtc(Path.Combine(Store.Folder, stray), DateTime.UtcNow.AddDays(-2));
        Assert.Equal(1, (await Sweep.SweepAllAsync(CancellationToken.None)).Deleted);
        Assert.Empty(BlobFiles());
    }

    [Fact]
    public async Task A_committed_batch_leaves_nothing_for_the_periodic_sweep()
    {
        var id = RandomId.New();
        using (var batch = PendingBatch(id))
        {
            batch.Publish();
            await AddRowAsync(id);
            batch.Commit();
        }

        Assert.Empty(Store.MarkedForCheck());
        Assert.Equal(0, (await Sweep.CheckMarkedAsync(CancellationToken.None)).Deleted);
        Assert.Equal([id], BlobFiles());
    }

    /// <summary>A batch with one pending blob, published and then disposed without being committed (its commit failed unreported).</summary>
    private string PublishAndAbandon()
    {
        var id = RandomId.New();
        using var batch = PendingBatch(id);
        batch.Publish();
        return id;
    }

    private FileBatch PendingBatch(string id)
    {
        var batch = new FileBatch(Store, _quota!);
        batch.Track(id);
        Directory.CreateDirectory(Store.Folder);
        File.WriteAllBytes(Path.Combine(Store.Folder, id + ".part"), RandomBytes(3000));
        batch.Add(new ReceivedFile(id, RandomBytes(32), "a.pdf", "application/pdf", 100, RandomBytes(32), 3000));
        return batch;
    }

    /// <summary>Commits a case with one record and the <c>files</c> row of <paramref name="fileId"/>.</summary>
    private async Task AddRowAsync(string fileId)
    {
        var instance = new InstanceState(_data);
        var writer = new AuditedWriter(new DataDirectoryContextFactory(_data), _writeLock, [new RecordNumbering()], instance, TimeProvider.System);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await using var db = StorageServiceCollectionExtensions.CreateContext(_data);
        var (@case, seals) = CaseRecords.NewCase(Urgency.Now, today, instance.Required.RecoveryPublicKey, []);
        db.Cases.Add(@case);
        db.CaseKeySeals.AddRange(seals);
        var record = CaseRecords.Append(db, @case, RandomId.New(), RecordKinds.Request, new RecordContent { Text = "with a file" }, null, today);
        db.Files.Add(new StoredFile { Id = fileId, CaseId = @case.Id, RecordId = record.Id, Length = 3000, CreatedOn = today });
        await writer.SaveAsync(db, writer.System(dayOnly: true), new AuditEvent("case.created", @case.Id), CancellationToken.None);
    }

    private List<string> BlobFiles() =>
        Directory.Exists(Store.Folder) ? [.. Directory.EnumerateFiles(Store.Folder).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)] : [];

    private static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }
}
