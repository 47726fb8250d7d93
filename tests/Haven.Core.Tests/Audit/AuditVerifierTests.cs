using Haven.Accounts;
using Haven.Audit;
using Haven.Crypto;
using Haven.Instance;
using Haven.Storage;
using Haven.Tests;
using Microsoft.EntityFrameworkCore;

namespace Haven.Core.Tests.Audit;

/// <summary>The audit chain and its verification, on a real database (a SQLite file, or PostgreSQL with HAVEN_TEST_POSTGRES) in a temporary data directory.</summary>
public sealed class AuditVerifierTests : IAsyncLifetime, IDisposable
{
    private readonly DataDirectory _data = TestDatabases.Data(Path.Combine(Path.GetTempPath(), "haven-core-" + RandomId.New()));
    private readonly Ed25519KeyPair _alice = Ed25519KeyPair.Generate();
    private readonly string _aliceId = RandomId.New();
    private readonly ProcessWriteLock _writeLock = new();
    private AuditedWriter? _log;

    public async Task InitializeAsync()
    {
        // The log begins with init's instance.setup (seq 1, signed by the instance); the tests' entries follow.
        using (await InitInstanceCommand.ExecuteAsync(_data, CancellationToken.None))
        {
        }

        _log = new AuditedWriter(new DataDirectoryContextFactory(_data), _writeLock, [], new InstanceState(_data), TimeProvider.System);
        await using var db = Db();
        db.Responders.Add(Responder(_aliceId, "Alice", _alice.PublicKey));
        await db.SaveChangesAsync();
    }

    public Task DisposeAsync()
    {
        StorageServiceCollectionExtensions.ClearSqlitePool(_data);
        Directory.Delete(_data.Path, recursive: true);
        TestDatabases.Drop(_data.Path);
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _writeLock.Dispose();
        _alice.Dispose();
    }

    [Fact]
    public async Task A_chain_written_by_responders_and_the_system_verifies_and_reports_its_head()
    {
        await WriteAsync(8);

        var report = await AuditVerifier.VerifyChainAsync(_data, null, CancellationToken.None);

        Assert.True(report.Intact, string.Join("\n", report.Problems));
        Assert.Equal(1 + 8, report.Entries);
        await using var db = Db();
        Assert.Equal(await db.AuditEntries.OrderBy(e => e.Seq).Select(e => e.Hash).LastAsync(), report.Head);
    }

    [Fact]
    public async Task An_empty_log_verifies_with_the_genesis_head()
    {
        // A database with no entry at all, not even init's instance.setup (one migrated by an earlier version).
        await SqlAsync("DELETE FROM audit_entries");
        var report = await AuditVerifier.VerifyChainAsync(_data, null, CancellationToken.None);
        Assert.True(report.Intact);
        Assert.Equal(0, report.Entries);
        Assert.Equal(AuditLog.Genesis, report.Head);
    }

    [Fact]
    public async Task An_edited_entry_is_reported()
    {
        await WriteAsync(8);
        await SqlAsync("UPDATE audit_entries SET case_id = 'ffffffffffffffffffffffffffffffff' WHERE seq = 2");
        Assert.Contains((await VerifyAsync()).Problems, p => p is { Seq: 2, Kind: AuditProblemKind.Hash });
    }

    [Fact]
    public async Task A_removed_entry_is_reported()
    {
        await WriteAsync(8);
        await SqlAsync("DELETE FROM audit_entries WHERE seq = 4");
        var problems = (await VerifyAsync()).Problems;
        Assert.Contains(problems, p => p is { Seq: 5, Kind: AuditProblemKind.Sequence });
        Assert.Contains(problems, p => p is { Seq: 5, Kind: AuditProblemKind.Link });
    }

    [Fact]
    public async Task Swapped_entries_are_reported()
    {
        await WriteAsync(8);
        await SqlAsync("UPDATE audit_entries SET seq = -1 WHERE seq = 3; UPDATE audit_entries SET seq = 3 WHERE seq = 4; UPDATE audit_entries SET seq = 4 WHERE seq = -1;");
        var problems = (await VerifyAsync()).Problems;
        Assert.Contains(problems, p => p is { Seq: 3, Kind: AuditProblemKind.Link });
        Assert.Contains(problems, p => p is { Seq: 4, Kind: AuditProblemKind.Link });
    }

    [Fact]
    public async Task A_signature_by_another_key_is_reported()
    {
        await WriteAsync(8);
        using var mallory = Ed25519KeyPair.Generate();
        await using (var db = Db())
        {
            var entry = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.Seq == 1);
            await db.AuditEntries.Where(e => e.Seq == 1).ExecuteUpdateAsync(s => s.SetProperty(e => e.Signature, mallory.Sign(entry.Hash)));
        }

        var problem = Assert.Single((await VerifyAsync()).Problems);
        Assert.Equal((1, AuditProblemKind.Signature), (problem.Seq, problem.Kind));
    }

    [Fact]
    public async Task Truncation_is_reported_only_against_an_expected_head()
    {
        await WriteAsync(8);
        var head = (await VerifyAsync()).Head;
        await SqlAsync("DELETE FROM audit_entries WHERE seq > 6");

        Assert.True((await VerifyAsync()).Intact);
        var report = await AuditVerifier.VerifyChainAsync(_data, head, CancellationToken.None);
        Assert.Equal(AuditProblemKind.HeadMissing, Assert.Single(report.Problems).Kind);
    }

    [Fact]
    public async Task After_a_reset_earlier_entries_verify_against_the_retired_key_and_later_ones_against_the_new_key()
    {
        await WriteAsync(4);
        using var renewed = Ed25519KeyPair.Generate();
        await using (var db = Db())
        {
            var alice = await db.Responders.SingleAsync(r => r.Id == _aliceId);
            alice.Ed25519PublicKey = renewed.PublicKey;
            await _log!.SaveAsync(db, _log.System(dayOnly: false), [new AuditEvent(ResetResponderCommand.ResetAction, null, _aliceId), new AuditEvent(ResetResponderCommand.KeyRetiredAction, null, Hex.Encode(_alice.PublicKey))], CancellationToken.None);
        }

        await using (var db = Db())
        {
            await _log!.SaveAsync(db, new AuditActor(_aliceId, renewed, false), new AuditEvent("responder.login"), CancellationToken.None);
        }

        var report = await VerifyAsync();
        Assert.True(report.Intact, string.Join("\n", report.Problems));
    }

    [Fact]
    public async Task A_new_key_without_a_system_signed_retirement_breaks_the_earlier_entries()
    {
        await WriteAsync(4);
        using var mallory = Ed25519KeyPair.Generate();
        await using (var db = Db())
        {
            // Someone with the database only swaps the key and writes the retirement entries themselves.
            var alice = await db.Responders.SingleAsync(r => r.Id == _aliceId);
            alice.Ed25519PublicKey = mallory.PublicKey;
            await _log!.SaveAsync(db, new AuditActor(AuditActors.System, mallory, false), [new AuditEvent(ResetResponderCommand.ResetAction, null, _aliceId), new AuditEvent(ResetResponderCommand.KeyRetiredAction, null, Hex.Encode(_alice.PublicKey))], CancellationToken.None);
        }

        var problems = (await VerifyAsync()).Problems;
        Assert.Contains(problems, p => p is { Seq: 6, Kind: AuditProblemKind.Signature });
        Assert.Contains(problems, p => p is { Seq: 7, Kind: AuditProblemKind.Signature });
    }

    /// <summary>Alternates entries by Alice (to the minute) and by the system (to the day).</summary>
    private async Task WriteAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await using var db = Db();
            var actor = i % 2 == 0 ? new AuditActor(_aliceId, _alice, false) : _log!.System(dayOnly: true);
            await _log!.SaveAsync(db, actor, new AuditEvent("test.event", RandomId.New(), i % 3 == 0 ? null : RandomId.New()), CancellationToken.None);
        }
    }

    private Task<AuditReport> VerifyAsync() => AuditVerifier.VerifyChainAsync(_data, null, CancellationToken.None);

    private async Task SqlAsync(string sql)
    {
        await using var db = Db();
        await db.Database.ExecuteSqlRawAsync(sql);
    }

    private HavenDbContext Db() => StorageServiceCollectionExtensions.CreateContext(_data);

    private static Responder Responder(string id, string name, byte[] signingKey) => new()
    {
        Id = id,
        Name = name,
        Role = ResponderRole.Caseworker,
        Active = true,
        X25519PublicKey = new byte[32],
        Ed25519PublicKey = signingKey,
        KdfSalt = new byte[16],
        Verifier = new byte[32],
        WrappedKeys = new byte[64],
    };
}
