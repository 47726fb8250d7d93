using Haven.Cases;
using Haven.Crypto;
using Haven.Instance;
using Haven.Intake;
using Haven.Storage;
using Haven.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Haven.Core.Tests.Intake;

/// <summary>The intake commands on a real database (a SQLite file, or PostgreSQL with HAVEN_TEST_POSTGRES) in a temporary data directory.</summary>
public sealed class SubmitRequestCommandTests : IAsyncLifetime
{
    private readonly DataDirectory _data = TestDatabases.Data(Path.Combine(Path.GetTempPath(), "haven-core-" + RandomId.New()));
    private readonly Haven.Storage.ProcessWriteLock _writeLock = new();
    private X25519KeyPair? _recovery;

    public async Task InitializeAsync() => _recovery = await InitInstanceCommand.ExecuteAsync(_data, CancellationToken.None);

    public Task DisposeAsync()
    {
        _recovery?.Dispose();
        _writeLock.Dispose();
        StorageServiceCollectionExtensions.ClearSqlitePool(_data);
        Directory.Delete(_data.Path, recursive: true);
        TestDatabases.Drop(_data.Path);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_request_is_stored_encrypted_to_the_case_and_opens_with_the_recovery_key()
    {
        var (command, factory) = Build();
        using var keys = ReceiptDerivation.Derive(Receipt.Generate(), new InstanceState(_data).Required.Pepper);
        var recordId = RandomId.New();
        var (caseId, problem) = await command.ExecuteAsync(keys, new RequestInput(recordId, ["legal"], Urgency.Days, "текст", "contact"), CancellationToken.None);
        Assert.Equal(IntakeOutcome.None, problem);

        await using var db = await factory.CreateDbContextAsync();
        var record = await db.Records.SingleAsync();
        Assert.Equal(recordId, record.Id);
        Assert.Null(record.KeyForSource);
        var seal = await db.CaseKeySeals.SingleAsync(s => s.CaseId == caseId && s.ResponderId == null);
        using var caseKeys = CaseRecords.OpenCaseKey(seal.SealedKey, _recovery!)!;
        var content = CaseRecords.Open(record, record.KeyForCase, caseKeys)!;
        Assert.Equal("текст", content.Text);
        Assert.Equal(["legal"], content.Help!);

        // The source's own key cannot open what it sent.
        Assert.Null(CaseRecords.Open(record, record.KeyForCase, keys.SourceKeys));
    }

    [Theory]
    [InlineData("not-an-id", "now", "text", "FormExpired")]
    [InlineData(null, null, "text", "UrgencyInvalid")]
    [InlineData(null, "now", "", "TextMissing")]
    public async Task Invalid_input_stores_nothing(string? recordId, string? urgency, string text, string expected)
    {
        var (command, factory) = Build();
        using var keys = ReceiptDerivation.Derive(Receipt.Generate(), new InstanceState(_data).Required.Pepper);
        Urgency? parsed = urgency is null ? null : Urgency.Now;
        var (caseId, problem) = await command.ExecuteAsync(keys, new RequestInput(recordId ?? RandomId.New(), [], parsed, text, null), CancellationToken.None);
        Assert.Null(caseId);
        Assert.Equal(Enum.Parse<IntakeOutcome>(expected), problem);
        await using var db = await factory.CreateDbContextAsync();
        Assert.Equal(0, await db.Cases.CountAsync());
        Assert.Equal(0, await db.Sources.CountAsync());
    }

    [Fact]
    public async Task Unknown_help_kinds_are_refused()
    {
        var (command, _) = Build();
        using var keys = ReceiptDerivation.Derive(Receipt.Generate(), new InstanceState(_data).Required.Pepper);
        var (_, problem) = await command.ExecuteAsync(keys, new RequestInput(RandomId.New(), ["bribe"], Urgency.Now, "x", null), CancellationToken.None);
        Assert.Equal(IntakeOutcome.HelpInvalid, problem);
    }

    private (SubmitRequestCommand Command, IDbContextFactory<HavenDbContext> Factory) Build()
    {
        var factory = new Factory(_data);
        var instance = new InstanceState(_data);
        var command = new SubmitRequestCommand(instance, factory, Options.Create(new IntakeOptions()), TimeProvider.System, new Haven.Audit.AuditedWriter(factory, _writeLock, [new Haven.Cases.RecordNumbering()], instance, TimeProvider.System), new Haven.Abuse.SubmissionThrottle(Options.Create(new Haven.Abuse.SubmissionThrottleOptions()), new Haven.Abuse.MemoryThrottleStore(), TimeProvider.System));
        return (command, factory);
    }

    private sealed class Factory(DataDirectory data) : IDbContextFactory<HavenDbContext>
    {
        public HavenDbContext CreateDbContext() => StorageServiceCollectionExtensions.CreateContext(data);
    }
}
