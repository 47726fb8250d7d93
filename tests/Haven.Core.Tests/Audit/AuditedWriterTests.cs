using Haven.Audit;
using Haven.Cases;
using Haven.Crypto;
using Haven.Instance;
using Haven.Storage;
using Haven.Tests;
using Microsoft.EntityFrameworkCore;

namespace Haven.Core.Tests.Audit;

/// <summary>The one audited write path, on a real database (a SQLite file, or PostgreSQL with HAVEN_TEST_POSTGRES).</summary>
public sealed class AuditedWriterTests : IAsyncLifetime, IDisposable
{
    private readonly DataDirectory _data = TestDatabases.Data(Path.Combine(Path.GetTempPath(), "haven-core-" + RandomId.New()));
    private readonly ProcessWriteLock _writeLock = new();
    private AuditedWriter? _writer;

    private AuditedWriter Writer => _writer!;

    public async Task InitializeAsync()
    {
        using (await InitInstanceCommand.ExecuteAsync(_data, CancellationToken.None))
        {
        }

        _writer = new AuditedWriter(new DataDirectoryContextFactory(_data), _writeLock, [new RecordNumbering()], new InstanceState(_data), TimeProvider.System);
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
    public async Task Many_writes_to_one_case_at_once_get_dense_record_numbers_and_a_chain_that_verifies()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        string caseId;
        await using (var db = StorageServiceCollectionExtensions.CreateContext(_data))
        {
            var (@case, seals) = CaseRecords.NewCase(Urgency.Now, today, new InstanceState(_data).Required.RecoveryPublicKey, []);
            db.Cases.Add(@case);
            db.CaseKeySeals.AddRange(seals);
            await Writer.SaveAsync(db, Writer.System(dayOnly: true), new AuditEvent("case.created", @case.Id), CancellationToken.None);
            caseId = @case.Id;
        }

        // Half prepare their context before the lock (SaveAsync), half inside it (WriteAsync): both are numbered under the lock.
        const int Writers = 24;
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(i => Task.Run(async () =>
        {
            if (i % 2 == 0)
            {
                await using var db = StorageServiceCollectionExtensions.CreateContext(_data);
                var @case = await db.Cases.SingleAsync(c => c.Id == caseId);
                CaseRecords.Append(db, @case, RandomId.New(), RecordKinds.Note, new RecordContent { Text = "note" }, null, today);
                await Writer.SaveAsync(db, Writer.System(dayOnly: false), new AuditEvent("case.note", caseId), CancellationToken.None);
            }
            else
            {
                await Writer.WriteAsync(
                    async scope =>
                    {
                        var @case = await scope.Db.Cases.SingleAsync(c => c.Id == caseId);
                        CaseRecords.Append(scope.Db, @case, RandomId.New(), RecordKinds.Reply, new RecordContent { Text = "reply" }, null, today);
                        await scope.SaveAsync(Writer.System(dayOnly: false), new AuditEvent("case.replied", caseId), CancellationToken.None);
                        return true;
                    },
                    CancellationToken.None,
                    transaction: i % 4 == 1);
            }
        })));

        await using (var db = StorageServiceCollectionExtensions.CreateContext(_data))
        {
            var seqs = await db.Records.AsNoTracking().Where(r => r.CaseId == caseId).Select(r => r.Seq).ToListAsync();
            Assert.Equal(Enumerable.Range(1, Writers).Select(n => (long)n), seqs.Order());
        }

        var report = await AuditVerifier.VerifyChainAsync(_data, null, CancellationToken.None);
        Assert.True(report.Intact, string.Join("\n", report.Problems));
        // init's instance.setup, case.created, then one entry per writer.
        Assert.Equal(1 + 1 + Writers, report.Entries);
    }

    [Fact]
    public async Task A_context_with_a_transaction_of_its_own_is_refused_and_nothing_is_written()
    {
        await using var db = StorageServiceCollectionExtensions.CreateContext(_data);
        await using var transaction = await db.Database.BeginTransactionAsync();
        db.ChecklistItems.Add(new Haven.Workflow.ChecklistItem { Text = "x", Position = 1000 });

        await Assert.ThrowsAsync<InvalidOperationException>(() => Writer.SaveAsync(db, Writer.System(dayOnly: false), new AuditEvent("checklist.added"), CancellationToken.None));

        await using var other = StorageServiceCollectionExtensions.CreateContext(_data);
        Assert.Equal(0, await other.AuditEntries.CountAsync(e => e.Action != InstanceSetupEntry.Action));
        Assert.False(await other.ChecklistItems.AnyAsync(c => c.Position == 1000));
    }
}
