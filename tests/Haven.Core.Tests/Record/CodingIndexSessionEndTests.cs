using System.Data.Common;
using Haven.Cases;
using Haven.Crypto;
using Haven.Instance;
using Haven.Record.Events;
using Haven.Record.Index;
using Haven.Record.Keys;
using Haven.Record.Vocabulary;
using Haven.Storage;
using Haven.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Haven.Core.Tests.Record;

/// <summary>
/// A session that ends (logout, expiry: its <see cref="DocumentationKeyring"/> is wiped) while the coding index is
/// being refreshed with its keys: the refresh stops with <see cref="DocumentationKeyringClosedException"/>, which the
/// desk answers as a signed-out session, and the index stays whole for every other session. The race is made
/// deterministic by holding the index's read of <c>record_versions</c> until the keyring is disposed.
/// </summary>
public sealed class CodingIndexSessionEndTests : IAsyncLifetime, IDisposable
{
    private readonly DataDirectory _data = TestDatabases.Data(Path.Combine(Path.GetTempPath(), "haven-core-" + RandomId.New()));
    private readonly X25519KeyPair _documentation = X25519KeyPair.Generate();
    private readonly HoldingInterceptor _hold = new();

    public async Task InitializeAsync()
    {
        using (await InitInstanceCommand.ExecuteAsync(_data, CancellationToken.None))
        {
        }

        await using var db = StorageServiceCollectionExtensions.CreateContext(_data);
        var today = new DateOnly(2026, 12, 6);
        db.DocumentationKeys.Add(new DocumentationKey { Generation = 1, PublicKey = _documentation.PublicKey, CreatedOn = today });
        var (@case, seals) = CaseRecords.NewCase(Urgency.Now, today, new InstanceState(_data).Required.RecoveryPublicKey, []);
        db.Cases.Add(@case);
        db.CaseKeySeals.AddRange(seals);
        var victimId = RandomId.New();
        var coding = new EventCoding { Acts = [new ActCoding { Id = RandomId.New(), Type = "threats", Victim = victimId }] };
        db.RecordVersions.Add(Version(1, RecordVersionKinds.Victim, victimId, @case, RecordJson.ToUtf8(new VictimCoding { AgeBand = "18_25" }), today));
        db.RecordVersions.Add(Version(2, RecordVersionKinds.Event, RandomId.New(), @case, RecordJson.ToUtf8(coding), today));
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
        _documentation.Dispose();
        _hold.Dispose();
    }

    [Fact]
    public async Task A_keyring_wiped_during_a_refresh_ends_it_with_a_closed_keyring_and_leaves_the_index_whole()
    {
        var factory = new HeldContextFactory(_data, _hold);
        using var index = new CodingIndex(factory, TimeProvider.System);
        var list = new DocumentationListQuery(index, new RecordVocabulary(factory));
        var ending = Keyring();

        _hold.Arm();
        var refresh = list.ExecuteAsync(new DocumentationFilter(), ending, CancellationToken.None);
        await _hold.Reached.WaitAsync(TimeSpan.FromSeconds(30));
        ending.Dispose(); // the session ends: logout, expiry, deactivation
        _hold.Release();
        await Assert.ThrowsAsync<DocumentationKeyringClosedException>(() => refresh);

        // Another session of the same generation reads everything: nothing was skipped.
        using var other = Keyring();
        var page = await list.ExecuteAsync(new DocumentationFilter(), other, CancellationToken.None);
        Assert.Equal((1, 1, 1), (page.ActCount, page.EventCount, page.VictimCount));

        // A keyring wiped before it is used is refused the same way.
        await Assert.ThrowsAsync<DocumentationKeyringClosedException>(() => list.ExecuteAsync(new DocumentationFilter(), ending, CancellationToken.None));
    }

    private DocumentationKeyring Keyring()
    {
        var keyring = new DocumentationKeyring();
        keyring.Add(1, X25519KeyPair.FromSecretKey(_documentation.ExportSecretKey()));
        return keyring;
    }

    private RecordVersion Version(long seq, string kind, string subjectId, Case @case, byte[] coding, DateOnly today)
    {
        var id = RandomId.New();
        var sealedCoding = DocumentationEnvelope.SealCoding(coding, kind, id, _documentation.PublicKey, @case.PublicKey);
        var sealedNarrative = DocumentationEnvelope.SealNarrative("{}"u8.ToArray(), kind, id, @case.PublicKey);
        return new RecordVersion
        {
            Id = id,
            Seq = seq,
            Number = 1,
            Kind = kind,
            SubjectId = subjectId,
            CaseId = @case.Id,
            CreatedOn = today,
            DocumentationGeneration = 1,
            CaseKeyGeneration = 1,
            Coding = sealedCoding.Ciphertext,
            CodingKeyForDocumentation = sealedCoding.KeyForDocumentation,
            CodingKeyForCase = sealedCoding.KeyForCase,
            Narrative = sealedNarrative.Ciphertext,
            NarrativeKeyForCase = sealedNarrative.KeyForCase,
        };
    }

    /// <summary>Contexts on the test's database whose reads of record versions wait while <see cref="HoldingInterceptor"/> is armed.</summary>
    private sealed class HeldContextFactory(DataDirectory data, HoldingInterceptor hold) : IDbContextFactory<HavenDbContext>
    {
        public HavenDbContext CreateDbContext()
        {
            var options = new DbContextOptionsBuilder<HavenDbContext>();
            StorageServiceCollectionExtensions.Configure(options, data);
            options.AddInterceptors(hold);
            return new HavenDbContext(options.Options);
        }
    }

    /// <summary>Once armed, holds the next read of <c>record_versions</c> until released, and says when it got there.</summary>
    private sealed class HoldingInterceptor : DbCommandInterceptor, IDisposable
    {
        private readonly SemaphoreSlim _reached = new(0);
        private readonly SemaphoreSlim _release = new(0);
        private int _armed;

        public SemaphoreSlim Reached => _reached;

        public void Arm() => Volatile.Write(ref _armed, 1);

        public void Release() => _release.Release();

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.Contains("record_versions", StringComparison.Ordinal) && Interlocked.Exchange(ref _armed, 0) == 1)
            {
                _reached.Release();
                await _release.WaitAsync(cancellationToken);
            }

            return result;
        }

        public void Dispose()
        {
            _reached.Dispose();
            _release.Dispose();
        }
    }
}
