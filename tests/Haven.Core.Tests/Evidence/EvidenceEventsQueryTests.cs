using Haven.Accounts;
using Haven.Audit;
using Haven.Cases;
using Haven.Crypto;
using Haven.Evidence.Bundles;
using Haven.Files;
using Haven.Instance;
using Haven.Record.Events;
using Haven.Record.Index;
using Haven.Record.Keys;
using Haven.Record.Vocabulary;
using Haven.Storage;
using Haven.Tests;
using Microsoft.EntityFrameworkCore;

namespace Haven.Core.Tests.Evidence;

/// <summary>
/// <see cref="EvidenceEventsQuery"/> on a real database (a SQLite file, or PostgreSQL with HAVEN_TEST_POSTGRES):
/// which events a responder may put in a bundle, which files support each, and what is left out.
/// </summary>
public sealed class EvidenceEventsQueryTests : IAsyncLifetime, IDisposable
{
    private static readonly DateOnly Today = new(2026, 12, 6);
    private readonly DataDirectory _data = TestDatabases.Data(Path.Combine(Path.GetTempPath(), "haven-core-" + RandomId.New()));
    private readonly ProcessWriteLock _writeLock = new();
    private readonly X25519KeyPair _documentation = X25519KeyPair.Generate();
    private readonly UnlockedResponder _caseworker = new(RandomId.New(), "Caseworker", ResponderRole.Caseworker, X25519KeyPair.Generate(), Ed25519KeyPair.Generate());
    private readonly UnlockedResponder _colleague = new(RandomId.New(), "Colleague", ResponderRole.Caseworker, X25519KeyPair.Generate(), Ed25519KeyPair.Generate());
    private readonly UnlockedResponder _analyst = new(RandomId.New(), "Analyst", ResponderRole.Analyst, X25519KeyPair.Generate(), Ed25519KeyPair.Generate());
    private CodingIndex? _index;
    private EvidenceEventsQuery? _query;
    private CreateEventCommand? _create;
    private SaveEventCommand? _save;

    // Case A and B: the caseworker's. Case C: held by the colleague only (the caseworker held it when citing it).
    private string _caseA = "", _caseB = "", _caseC = "";
    private string _a1 = "", _a1Copy = "", _a2 = "";
    private string _eventA = "", _eventB = "", _eventC = "", _eventAOnlyNarrated = "";

    private EvidenceEventsQuery Query => _query!;

    public async Task InitializeAsync()
    {
        using (await InitInstanceCommand.ExecuteAsync(_data, CancellationToken.None))
        {
        }

        await using (var db = StorageServiceCollectionExtensions.CreateContext(_data))
        {
            db.DocumentationKeys.Add(new DocumentationKey { Generation = 1, PublicKey = _documentation.PublicKey, CreatedOn = Today });
            await db.SaveChangesAsync();
        }

        var factory = new DataDirectoryContextFactory(_data);
        var audited = new AuditedWriter(factory, _writeLock, [new RecordNumbering(), new RecordVersionNumbering()], new InstanceState(_data), TimeProvider.System);
        var writer = new RecordVersionWriter(audited, new DocumentationKeys(factory, audited, new InstanceState(_data), TimeProvider.System), TimeProvider.System);
        var validator = new RecordValidator(new RecordVocabulary(factory));
        _create = new CreateEventCommand(writer, validator);
        _save = new SaveEventCommand(writer, validator);
        _index = new CodingIndex(factory, TimeProvider.System);
        _query = new EvidenceEventsQuery(factory, new CaseQuery(factory), _index);

        (_a1, _a1Copy, _a2) = (RandomId.New(), RandomId.New(), RandomId.New());
        _caseA = await NewCaseAsync([_caseworker], [File(_a1, "bruise.jpg"), File(_a1Copy, "bruise-cleaned.jpg", _a1, WorkingCopyKinds.Cleaned)], [File(_a2, "statement.pdf")]);
        _caseB = await NewCaseAsync([_caseworker], [File(RandomId.New(), "b.jpg")]);
        _caseC = await NewCaseAsync([_caseworker, _colleague], [File(RandomId.New(), "c1.jpg"), File(RandomId.New(), "c1-cleaned.jpg", "x", WorkingCopyKinds.Cleaned)], [File(RandomId.New(), "c2.mp4")]);

        // Event A: anchored to A, also citing C. Event B: anchored to B, citing A. Event C: anchored to C (the
        // caseworker cannot read it with a case key), citing A. One more event of A cites only B.
        _eventA = await NewEventAsync(_caseA, _caseworker, _caseC);
        _eventB = await NewEventAsync(_caseB, _caseworker, _caseA);
        _eventC = await NewEventAsync(_caseC, _colleague, null);
        Assert.Equal(RecordWriteOutcome.Saved, await _save.ExecuteAsync(_eventC, RandomId.New(), 1, new EventEdit.AddInformation(new InformationCoding { Id = RandomId.New(), Source = InformationSource.Case, CaseId = _caseA, Connection = "witness", Reliability = 3 }, null), _caseworker, CancellationToken.None));
        _eventAOnlyNarrated = await NewEventAsync(_caseA, _caseworker, _caseB);
        await RemoveSourceCaseAsync(_eventAOnlyNarrated, _caseA);

        // The caseworker no longer holds C.
        await using (var db = StorageServiceCollectionExtensions.CreateContext(_data))
        {
            await db.CaseKeySeals.Where(s => s.CaseId == _caseC && s.ResponderId == _caseworker.Id).ExecuteDeleteAsync();
        }
    }

    public Task DisposeAsync()
    {
        _index?.Dispose();
        StorageServiceCollectionExtensions.ClearSqlitePool(_data);
        Directory.Delete(_data.Path, recursive: true);
        TestDatabases.Drop(_data.Path);
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _writeLock.Dispose();
        _documentation.Dispose();
        _caseworker.Dispose();
        _colleague.Dispose();
        _analyst.Dispose();
    }

    [Fact]
    public async Task From_events_a_responder_gets_the_events_they_may_read_with_the_files_of_the_source_cases_they_hold_and_a_count_of_the_rest()
    {
        var selection = await Query.ForEventsAsync([_eventC, _eventA, "not-an-id", _eventA, RandomId.New()], _caseworker, CancellationToken.None);

        // Event C is anchored to a case the caseworker no longer holds, and they hold no documentation key.
        var only = Assert.Single(selection.Events);
        Assert.Equal((_eventA, 1), (only.Id, only.Version));
        Assert.Equal([_caseA, _caseC], only.Coding.Information.Select(i => i.CaseId));
        Assert.Equal([_a1, _a1Copy, _a2], only.Files);
        Assert.Equal([_a1, _a1Copy, _a2], selection.Files.Select(f => f.File.Id));
        Assert.Equal([null, WorkingCopyKinds.Cleaned, null], selection.Files.Select(f => f.File.WorkingCopy));
        Assert.All(selection.Files, f => Assert.Equal(_caseA, f.CaseId));
        Assert.Equal([_caseA], selection.CaseIds);

        // Case C is left out with its two files as received (its working copy is not counted).
        Assert.Equal((1, 2), (selection.CasesLeftOut, selection.FilesLeftOut));

        // Narrowed to the files chosen for a bundle.
        Assert.Equal([_a2], Assert.Single(selection.EventsFor([_a2, "other"])).Files);
    }

    [Fact]
    public async Task An_analyst_with_the_documentation_key_reads_the_coding_of_every_event_but_gets_no_file()
    {
        _analyst.Documentation.Add(1, X25519KeyPair.FromSecretKey(_documentation.ExportSecretKey()));
        var selection = await Query.ForEventsAsync([_eventA, _eventB, _eventC], _analyst, CancellationToken.None);

        Assert.Equal([(_eventA, 1), (_eventB, 1), (_eventC, 2)], selection.Events.Select(e => (e.Id, e.Version)));
        Assert.All(selection.Events, e => Assert.Empty(e.Files));
        Assert.Empty(selection.Files);
        Assert.Equal((3, 5), (selection.CasesLeftOut, selection.FilesLeftOut));
    }

    [Fact]
    public async Task From_a_case_the_events_are_those_citing_it_that_the_responder_may_read_and_a_case_not_held_is_null()
    {
        Assert.Null(await Query.ForCaseAsync(_caseC, _caseworker, CancellationToken.None));
        Assert.Null(await Query.ForCaseAsync(_caseA, _colleague, CancellationToken.None));
        Assert.Null(await Query.ForCaseAsync(_caseA, _analyst, CancellationToken.None));

        // Event A (anchored to A) and event B (anchored to B, also held) cite A; event C cites it too but is anchored
        // to C, which the caseworker no longer holds; the last event of A does not cite A.
        var selection = await Query.ForCaseAsync(_caseA, _caseworker, CancellationToken.None);
        Assert.NotNull(selection);
        Assert.Equal(new[] { _eventA, _eventB }.Order(StringComparer.Ordinal), selection.Events.Select(e => e.Id));
        Assert.All(selection.Events, e => Assert.Equal([_a1, _a1Copy, _a2], e.Files));
        Assert.Equal([_a1, _a1Copy, _a2], selection.Files.Select(f => f.File.Id));
        Assert.Equal((0, 0), (selection.CasesLeftOut, selection.FilesLeftOut));

        // With the documentation key, event C is read through the coding index.
        _caseworker.Documentation.Add(1, X25519KeyPair.FromSecretKey(_documentation.ExportSecretKey()));
        var withKey = await Query.ForCaseAsync(_caseA, _caseworker, CancellationToken.None);
        Assert.Equal(new[] { _eventA, _eventB, _eventC }.Order(StringComparer.Ordinal), withKey!.Events.Select(e => e.Id));
        Assert.Equal(2, withKey.Events.Single(e => e.Id == _eventC).Version);
        Assert.DoesNotContain(withKey.Events, e => e.Id == _eventAOnlyNarrated);
    }

    private static FileAttachment File(string id, string name, string? original = null, string? copy = null) =>
        new() { Id = id, Key = Convert.ToBase64String(new byte[32]), Name = name, Type = "application/octet-stream", Size = 10, Sha256 = new string('0', 64), Original = original, CopyKind = copy };

    /// <summary>A case held by <paramref name="holders"/>, with one record per file list (and a stored-file row per file).</summary>
    private async Task<string> NewCaseAsync(UnlockedResponder[] holders, params FileAttachment[][] records)
    {
        await using var db = StorageServiceCollectionExtensions.CreateContext(_data);
        var (@case, seals) = CaseRecords.NewCase(Urgency.Now, Today, new InstanceState(_data).Required.RecoveryPublicKey, [.. holders.Select(h => (h.Id, h.BoxKeys.PublicKey))]);
        db.Cases.Add(@case);
        db.CaseKeySeals.AddRange(seals);
        foreach (var files in records)
        {
            var recordId = RandomId.New();
            CaseRecords.Append(db, @case, recordId, RecordKinds.Request, new RecordContent { Text = "what happened", Files = files }, null, Today);
            db.Files.AddRange(files.Select(f => new StoredFile { Id = f.Id, CaseId = @case.Id, RecordId = recordId, Length = 100, CreatedOn = Today, OriginalId = f.Original }));
        }

        await db.SaveChangesAsync();
        return @case.Id;
    }

    /// <summary>An event anchored to <paramref name="caseId"/> (which it cites, as every new event does), citing <paramref name="alsoCites"/> too.</summary>
    private async Task<string> NewEventAsync(string caseId, UnlockedResponder writer, string? alsoCites)
    {
        var id = RandomId.New();
        var coding = new EventCoding { Status = ViolationStatus.Likely };
        if (alsoCites is not null)
        {
            coding.Information.Add(new InformationCoding { Id = RandomId.New(), Source = InformationSource.Case, CaseId = alsoCites, Connection = "witness", Reliability = 3 });
        }

        Assert.Equal(RecordWriteOutcome.Saved, await _create!.ExecuteAsync(caseId, id, RandomId.New(), coding, new EventNarrative { Title = "t" }, "victim", 4, writer, CancellationToken.None));
        return id;
    }

    /// <summary>Saves a version 2 of the event whose sources no longer include <paramref name="caseId"/>.</summary>
    private async Task RemoveSourceCaseAsync(string eventId, string caseId)
    {
        var coding = new EventCoding { Status = ViolationStatus.Likely };
        coding.Information.Add(new InformationCoding { Id = RandomId.New(), Source = InformationSource.Case, CaseId = _caseB, Connection = "witness", Reliability = 3 });
        Assert.DoesNotContain(coding.Information, i => i.CaseId == caseId);
        Assert.Equal(RecordWriteOutcome.Saved, await _save!.ExecuteAsync(eventId, RandomId.New(), 1, new EventEdit.Replace(coding, new EventNarrative { Title = "t" }), _caseworker, CancellationToken.None));
    }
}
