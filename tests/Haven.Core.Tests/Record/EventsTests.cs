using Haven.Accounts;
using Haven.Audit;
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

namespace Haven.Core.Tests.Record;

/// <summary>
/// Events, victims and the coding index on a real database (a SQLite file, or PostgreSQL with
/// HAVEN_TEST_POSTGRES), with documentation keys the test makes itself.
/// </summary>
public sealed class EventsTests : IAsyncLifetime, IDisposable
{
    private static readonly DateOnly Today = new(2026, 11, 23);
    private readonly DataDirectory _data = TestDatabases.Data(Path.Combine(Path.GetTempPath(), "haven-core-" + RandomId.New()));
    private readonly ProcessWriteLock _writeLock = new();
    private readonly X25519KeyPair _documentation1 = X25519KeyPair.Generate();
    private readonly X25519KeyPair _documentation2 = X25519KeyPair.Generate();
    private readonly UnlockedResponder _caseworker = new(RandomId.New(), "Caseworker", ResponderRole.Caseworker, X25519KeyPair.Generate(), Ed25519KeyPair.Generate());
    private readonly UnlockedResponder _analyst = new(RandomId.New(), "Analyst", ResponderRole.Analyst, X25519KeyPair.Generate(), Ed25519KeyPair.Generate());
    private Services? _services;

    private Services S => _services!;

    public async Task InitializeAsync()
    {
        using (await InitInstanceCommand.ExecuteAsync(_data, CancellationToken.None))
        {
        }

        // The gazetteer is the instance's own (empty when fresh); one term retired.
        await using (var db = StorageServiceCollectionExtensions.CreateContext(_data))
        {
            db.GazetteerRegions.AddRange(new StoredRegion { Code = "RU" }, new StoredRegion { Code = "RU-CE", ParentCode = "RU" }, new StoredRegion { Code = "RU-DA", ParentCode = "RU", Position = 1 });
            db.GazetteerRegionLabels.AddRange(new StoredRegionLabel { Code = "RU", Culture = "en", Label = "Russia" }, new StoredRegionLabel { Code = "RU-CE", Culture = "en", Label = "Chechnya" }, new StoredRegionLabel { Code = "RU-DA", Culture = "en", Label = "Dagestan" });
            db.VocabularyTerms.Add(new StoredTerm { List = TermList.SourceConnection, Key = "retired_term", Position = 99, Retired = true });
            await db.SaveChangesAsync();
        }

        await AddDocumentationKeyAsync(1, _documentation1);
        _services = new Services(_data, _writeLock);
    }

    public Task DisposeAsync()
    {
        _services?.Dispose();
        StorageServiceCollectionExtensions.ClearSqlitePool(_data);
        Directory.Delete(_data.Path, recursive: true);
        TestDatabases.Drop(_data.Path);
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _writeLock.Dispose();
        _documentation1.Dispose();
        _documentation2.Dispose();
        _caseworker.Dispose();
        _analyst.Dispose();
    }

    [Fact]
    public async Task A_responder_who_holds_the_case_reads_everything_and_an_analyst_with_the_documentation_key_reads_the_coding_and_no_narrative()
    {
        var caseId = await NewCaseAsync(_caseworker);
        var victimId = await NewVictimAsync(caseId, "Ахмед-псевдоним", CountingUnit.Individual, null);
        var eventId = await NewEventAsync(caseId, "Detention at the checkpoint", victimId, "arbitrary_detention", "RU-CE", PartialDate.Create(DatePrecision.Month, 2017, 3));

        var view = await S.Events.GetAsync(eventId, _caseworker, CancellationToken.None);
        Assert.NotNull(view);
        Assert.Equal("Detention at the checkpoint", view.Narrative.Title);
        Assert.Equal("beaten with pipes", view.Narrative.Act(view.Coding.Acts[0].Id)?.Method);
        Assert.Equal(caseId, view.Coding.Information.Single().CaseId);
        Assert.Equal(("victim", 4), (view.Coding.Information[0].Connection, view.Coding.Information[0].Reliability));
        Assert.Equal("Ахмед-псевдоним", Assert.Single(view.Victims).Pseudonym);

        // The analyst holds no key of the case: the event and the victim do not exist for them through the case key.
        Assert.Null(await S.Events.GetAsync(eventId, _analyst, CancellationToken.None));
        Assert.Null(await S.Events.GetVictimAsync(victimId, _analyst, CancellationToken.None));

        // Through the documentation key: the coding, counted and filtered.
        var keyring = Keyring((1, _documentation1));
        var page = await S.List.ExecuteAsync(new DocumentationFilter(), keyring, CancellationToken.None);
        Assert.Equal((1, 1, 1, 1), (page.ActCount, page.EventCount, page.VictimCount, page.PeopleCount));
        Assert.Equal("arbitrary_detention", page.Acts[0].Act.Type);
        Assert.Equal(caseId, page.Acts[0].Event.CaseId);
        Assert.Equal(CountingUnit.Individual, (await S.Coding.VictimAsync(victimId, keyring, CancellationToken.None))?.Coding.Unit);

        // What every key the analyst holds opens, row by row: codings with the documentation key, nothing else.
        await using var db = StorageServiceCollectionExtensions.CreateContext(_data);
        var rows = await db.RecordVersions.AsNoTracking().ToListAsync();
        Assert.Equal(2, rows.Count);
        foreach (var row in rows)
        {
            Assert.True(DocumentationEnvelope.TryOpenCoding(row.Coding, row.CodingKeyForDocumentation, _documentation1, row.Kind, row.Id, out _));
            foreach (var key in new[] { _documentation1, _analyst.BoxKeys })
            {
                Assert.False(DocumentationEnvelope.TryOpenNarrative(row.Narrative, row.NarrativeKeyForCase, key, row.Kind, row.Id, out _));
                Assert.False(DocumentationEnvelope.TryOpenCoding(row.Coding, row.CodingKeyForCase, key, row.Kind, row.Id, out _));
            }
        }

        foreach (var record in await db.Records.AsNoTracking().ToListAsync())
        {
            Assert.False(RecordEnvelope.TryOpen(record.Ciphertext, record.KeyForCase, _documentation1, record.Kind, record.Id, out _));
            Assert.False(RecordEnvelope.TryOpen(record.Ciphertext, record.KeyForCase, _analyst.BoxKeys, record.Kind, record.Id, out _));
        }

        Assert.Empty(await db.CaseKeySeals.Where(s => s.ResponderId == _analyst.Id).ToListAsync());

        // Each change left a content-free audit entry naming the case and the subject.
        var audit = await db.AuditEntries.AsNoTracking().Where(e => e.Action.StartsWith("record.")).OrderBy(e => e.Seq).Select(e => new { e.Action, e.CaseId, e.SubjectId }).ToListAsync();
        Assert.Equal([new { Action = "record.victim_created", CaseId = (string?)caseId, SubjectId = (string?)victimId }, new { Action = "record.event_created", CaseId = (string?)caseId, SubjectId = (string?)eventId }], audit);
    }

    [Fact]
    public async Task Every_change_is_a_new_version_and_after_the_documentation_key_rotates_a_keyring_without_the_new_generation_sees_only_the_old_coding()
    {
        var caseId = await NewCaseAsync(_caseworker);
        var victimId = await NewVictimAsync(caseId, "Group of students", CountingUnit.Group, 12);
        var eventId = await NewEventAsync(caseId, "Raid", victimId, "abduction", "RU-DA", PartialDate.Create(DatePrecision.Day, 2017, 4, 2));
        var removedAnalyst = Keyring((1, _documentation1));
        Assert.Equal(12, (await S.List.ExecuteAsync(new DocumentationFilter(), removedAnalyst, CancellationToken.None)).PeopleCount);

        // The key rotates away from an analyst; a new involvement is written under generation 2.
        await AddDocumentationKeyAsync(2, _documentation2);
        var actId = (await S.Events.GetAsync(eventId, _caseworker, CancellationToken.None))!.Coding.Acts[0].Id;
        Assert.Equal(RecordWriteOutcome.Saved, await S.Save.ExecuteAsync(eventId, RandomId.New(), 1, new EventEdit.AddInvolvement(actId, new InvolvementCoding { Perpetrator = "police", Degree = "carried_out" }), _caseworker, CancellationToken.None));

        // A stale form is refused, not saved over the newer version.
        Assert.Equal(RecordWriteOutcome.Conflict, await S.Save.ExecuteAsync(eventId, RandomId.New(), 1, new EventEdit.AddInvolvement(actId, new InvolvementCoding { Perpetrator = "military", Degree = "ordered" }), _caseworker, CancellationToken.None));

        var view = await S.Events.GetAsync(eventId, _caseworker, CancellationToken.None);
        Assert.Equal([1, 2], view!.History.Select(h => h.Number));
        Assert.Equal("police", Assert.Single(view.Coding.Acts[0].Involvements).Perpetrator);
        Assert.Empty((await S.Events.GetAsync(eventId, _caseworker, CancellationToken.None, number: 1))!.Coding.Acts[0].Involvements);

        var police = new DocumentationFilter { Perpetrator = "police" };
        Assert.Equal(0, (await S.List.ExecuteAsync(police, removedAnalyst, CancellationToken.None)).ActCount);
        Assert.Null((await S.Coding.EventAsync(eventId, removedAnalyst, CancellationToken.None))?.Coding.Acts[0].Involvements.FirstOrDefault());
        var remaining = Keyring((1, _documentation1), (2, _documentation2));
        Assert.Equal(1, (await S.List.ExecuteAsync(police, remaining, CancellationToken.None)).ActCount);

        await using var db = StorageServiceCollectionExtensions.CreateContext(_data);
        var second = await db.RecordVersions.AsNoTracking().SingleAsync(v => v.SubjectId == eventId && v.Number == 2);
        Assert.Equal(2, second.DocumentationGeneration);
        Assert.False(DocumentationEnvelope.TryOpenCoding(second.Coding, second.CodingKeyForDocumentation, _documentation1, second.Kind, second.Id, out _));
    }

    [Fact]
    public async Task The_list_filters_by_every_field_counts_and_pages()
    {
        var caseA = await NewCaseAsync(_caseworker);
        var caseB = await NewCaseAsync(_caseworker);
        var victims = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            victims.Add(await NewVictimAsync(caseA, $"V{i}", CountingUnit.Individual, null));
        }

        var detention = await NewEventAsync(caseA, "A", victims[0], "arbitrary_detention", "RU-CE", PartialDate.Create(DatePrecision.Year, 2017));
        var torture = await NewEventAsync(caseA, "B", victims[1], "torture", "RU-DA", PartialDate.Create(DatePrecision.Day, 2019, 6, 1));
        var unknownDate = await NewEventAsync(caseB, "C", victims[2], "threats", null, null);
        Assert.Equal(RecordWriteOutcome.Saved, await S.Save.ExecuteAsync(torture, RandomId.New(), 1, new EventEdit.AddAct(new ActCoding { Id = RandomId.New(), Type = "torture", Victim = victims[3], Involvements = [new() { Perpetrator = "state_security", Degree = "ordered" }] }, null), _caseworker, CancellationToken.None));
        Assert.Equal(RecordWriteOutcome.Saved, await S.Save.ExecuteAsync(torture, RandomId.New(), 2, new EventEdit.AddInformation(new InformationCoding { Id = RandomId.New(), Source = InformationSource.Case, CaseId = caseB, Connection = "witness", Reliability = 5 }, new InformationNarrative { Details = "a neighbour" }), _caseworker, CancellationToken.None));
        Assert.Equal(RecordWriteOutcome.Saved, await S.Save.ExecuteAsync(detention, RandomId.New(), 1, new EventEdit.AddInformation(new InformationCoding { Id = RandomId.New(), Source = InformationSource.Case, CaseId = caseA, Connection = "relative", Reliability = 2 }, null), _caseworker, CancellationToken.None));

        var keyring = Keyring((1, _documentation1));
        async Task<DocumentationPage> List(DocumentationFilter filter) => await S.List.ExecuteAsync(filter, keyring, CancellationToken.None);

        var all = await List(new DocumentationFilter());
        Assert.Equal((4, 3), (all.ActCount, all.EventCount));
        Assert.Equal([torture, torture, detention, unknownDate], all.Acts.Select(a => a.Event.Id)); // newest first, unknown dates last
        Assert.Equal(3, (await List(new DocumentationFilter { Region = "RU" })).ActCount);
        Assert.Equal(2, (await List(new DocumentationFilter { Region = "RU-DA" })).ActCount);
        Assert.Equal(2, (await List(new DocumentationFilter { ActType = "torture" })).ActCount);
        Assert.Equal(1, (await List(new DocumentationFilter { From = new DateOnly(2017, 12, 31), To = new DateOnly(2018, 1, 1) })).ActCount);
        Assert.Equal(2, (await List(new DocumentationFilter { From = new DateOnly(2019, 1, 1) })).ActCount);
        Assert.Equal(1, (await List(new DocumentationFilter { Perpetrator = "state_security" })).ActCount);
        Assert.Equal(4, (await List(new DocumentationFilter { Status = ViolationStatus.Likely })).ActCount);
        Assert.Equal(0, (await List(new DocumentationFilter { Status = ViolationStatus.Confirmed })).ActCount);
        Assert.Equal(2, (await List(new DocumentationFilter { MinReliability = 5 })).ActCount);

        // The same case twice is one source: the detention is not corroborated; the torture (cases A and B) is.
        var corroborated = await List(new DocumentationFilter { Corroborated = true });
        Assert.Equal([torture], corroborated.Acts.Select(a => a.Event.Id).Distinct());
        Assert.Equal(2, corroborated.Acts[0].Corroboration);
        Assert.Equal(2, (await List(new DocumentationFilter { Corroborated = false })).ActCount);

        var second = await List(new DocumentationFilter { PageSize = 3, Page = 2 });
        Assert.Equal((2, 2, 4), (second.Page, second.PageCount, second.ActCount));
        Assert.Equal([unknownDate], second.Acts.Select(a => a.Event.Id));
    }

    [Fact]
    public async Task Invalid_coding_is_refused_and_nothing_is_stored()
    {
        var caseId = await NewCaseAsync(_caseworker);
        var victimId = await NewVictimAsync(caseId, "V", CountingUnit.Individual, null);
        async Task<RecordWriteOutcome> Create(Action<EventCoding> change, int reliability = 3, string connection = "victim")
        {
            var coding = new EventCoding { Acts = [new ActCoding { Id = RandomId.New(), Type = "killing", Victim = victimId }] };
            change(coding);
            return await S.Create.ExecuteAsync(caseId, RandomId.New(), RandomId.New(), coding, new EventNarrative { Title = "t" }, connection, reliability, _caseworker, CancellationToken.None);
        }

        Assert.Equal(RecordWriteOutcome.UnknownRegion, await Create(c => c.Region = "XX"));
        Assert.Equal(RecordWriteOutcome.UnknownTerm, await Create(c => c.Acts[0].Type = "not_a_term"));
        Assert.Equal(RecordWriteOutcome.UnknownTerm, await Create(c => { }, connection: "retired_term"));
        Assert.Equal(RecordWriteOutcome.InvalidReliability, await Create(c => { }, reliability: 6));
        Assert.Equal(RecordWriteOutcome.InvalidReliability, await Create(c => { }, reliability: 0));
        Assert.Equal(RecordWriteOutcome.InvalidDates, await Create(c => (c.Start, c.End) = (PartialDate.Create(DatePrecision.Month, 2017, 5), PartialDate.Create(DatePrecision.Day, 2017, 4, 30))));
        Assert.Equal(RecordWriteOutcome.InvalidDates, await Create(c => c.End = PartialDate.Create(DatePrecision.Year, 2017)));
        Assert.Equal(RecordWriteOutcome.UnknownVictim, await Create(c => c.Acts[0].Victim = RandomId.New()));
        Assert.Equal(RecordWriteOutcome.UnknownSource, await Create(c => c.Information.Add(new InformationCoding { Id = RandomId.New(), Source = InformationSource.Case, CaseId = RandomId.New(), Connection = "victim", Reliability = 3 })));
        Assert.Equal(RecordWriteOutcome.Saved, await Create(c => (c.Start, c.End) = (PartialDate.Create(DatePrecision.Month, 2017, 4), PartialDate.Create(DatePrecision.Day, 2017, 4, 1))));

        Assert.Null(PartialDate.Create(DatePrecision.Day, 2017, 2, 29));
        Assert.Null(PartialDate.Parse("2017-4"));
        Assert.Equal("2017-04", PartialDate.Parse("2017-04")?.ToString());

        async Task<RecordWriteOutcome> Victim(CountingUnit unit, int? size, string pseudonym = "P") =>
            await S.Victims.ExecuteAsync(RandomId.New(), caseId, RandomId.New(), null, new VictimCoding { Unit = unit, GroupSize = size }, new VictimNarrative { Pseudonym = pseudonym }, _caseworker, CancellationToken.None);
        Assert.Equal(RecordWriteOutcome.InvalidGroupSize, await Victim(CountingUnit.Group, 0));
        Assert.Equal(RecordWriteOutcome.InvalidGroupSize, await Victim(CountingUnit.Group, null));
        Assert.Equal(RecordWriteOutcome.InvalidGroupSize, await Victim(CountingUnit.Individual, 3));
        Assert.Equal(RecordWriteOutcome.PseudonymMissing, await Victim(CountingUnit.Family, null, "  "));

        // A responder who does not hold the case cannot document it.
        Assert.Equal(RecordWriteOutcome.NotFound, await S.Victims.ExecuteAsync(RandomId.New(), caseId, RandomId.New(), null, new VictimCoding(), new VictimNarrative { Pseudonym = "P" }, _analyst, CancellationToken.None));

        await using var db = StorageServiceCollectionExtensions.CreateContext(_data);
        Assert.Equal(2, await db.RecordVersions.CountAsync()); // the victim made first and the one valid event
    }

    [Fact]
    public async Task An_event_that_names_a_victim_of_a_purged_case_can_still_be_saved_but_no_other_event_can_name_them()
    {
        var purged = await NewCaseAsync(_caseworker);
        var kept = await NewCaseAsync(_caseworker);
        var victim = await NewVictimAsync(purged, "V", CountingUnit.Individual, null);
        var eventId = await NewEventAsync(kept, "E", victim, "threats", "RU-CE", null);

        // The retention purge deletes the case and, with it, the victims anchored to it.
        await using (var db = StorageServiceCollectionExtensions.CreateContext(_data))
        {
            await db.Cases.Where(c => c.Id == purged).ExecuteDeleteAsync();
            Assert.Equal(0, await db.RecordVersions.CountAsync(v => v.SubjectId == victim));
        }

        Assert.Equal(RecordWriteOutcome.Saved, await S.Save.ExecuteAsync(eventId, RandomId.New(), 1, new EventEdit.AddInformation(new InformationCoding { Id = RandomId.New(), Source = InformationSource.Outside, Connection = "media", Reliability = 3 }, null), _caseworker, CancellationToken.None));
        var other = await NewEventAsync(kept, "F", await NewVictimAsync(kept, "W", CountingUnit.Individual, null), "threats", "RU-CE", null);
        Assert.Equal(RecordWriteOutcome.UnknownVictim, await S.Save.ExecuteAsync(other, RandomId.New(), 1, new EventEdit.AddAct(new ActCoding { Id = RandomId.New(), Type = "threats", Victim = victim }, null), _caseworker, CancellationToken.None));
    }

    [Fact]
    public async Task The_index_refreshes_from_versions_written_by_another_process_and_a_repeated_form_stores_one_version()
    {
        var caseId = await NewCaseAsync(_caseworker);
        var victimId = await NewVictimAsync(caseId, "V", CountingUnit.Individual, null);
        var keyring = Keyring((1, _documentation1));
        Assert.Equal(0, (await S.List.ExecuteAsync(new DocumentationFilter(), keyring, CancellationToken.None)).ActCount);

        // Two "processes": writers with write locks of their own on one database, at the same time.
        using var otherLock = new ProcessWriteLock();
        using var other = new Services(_data, otherLock);
        var writes = Enumerable.Range(0, 20).Select(i => (i % 2 == 0 ? S : other).Create.ExecuteAsync(
            caseId,
            RandomId.New(),
            RandomId.New(),
            new EventCoding { Acts = [new ActCoding { Id = RandomId.New(), Type = "threats", Victim = victimId }] },
            new EventNarrative { Title = "t" + i },
            "victim",
            3,
            _caseworker,
            CancellationToken.None)).ToList();
        var refreshes = Enumerable.Range(0, 10).Select(_ => S.List.ExecuteAsync(new DocumentationFilter(), keyring, CancellationToken.None)).ToList();
        await Task.WhenAll([.. writes, .. refreshes]);
        Assert.All(await Task.WhenAll(writes), o => Assert.Equal(RecordWriteOutcome.Saved, o));
        Assert.Equal(20, (await S.List.ExecuteAsync(new DocumentationFilter(), keyring, CancellationToken.None)).ActCount);

        var eventId = RandomId.New();
        var versionId = RandomId.New();
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(RecordWriteOutcome.Saved, await S.Create.ExecuteAsync(caseId, eventId, versionId, new EventCoding(), new EventNarrative { Title = "once" }, "victim", 3, _caseworker, CancellationToken.None));
        }

        await using var db = StorageServiceCollectionExtensions.CreateContext(_data);
        Assert.Equal(1, await db.RecordVersions.CountAsync(v => v.SubjectId == eventId));
        Assert.Equal(Enumerable.Range(1, 22).Select(i => (long)i), await db.RecordVersions.OrderBy(v => v.Seq).Select(v => v.Seq).ToListAsync());
    }

    private static DocumentationKeyring Keyring(params (int Generation, X25519KeyPair Key)[] keys)
    {
        var keyring = new DocumentationKeyring();
        foreach (var (generation, key) in keys)
        {
            keyring.Add(generation, X25519KeyPair.FromSecretKey(key.ExportSecretKey()));
        }

        return keyring;
    }

    /// <summary>A generation of the documentation key made by the test: the current one from now on.</summary>
    private async Task AddDocumentationKeyAsync(int generation, X25519KeyPair key)
    {
        await using var db = StorageServiceCollectionExtensions.CreateContext(_data);
        db.DocumentationKeys.Add(new DocumentationKey { Generation = generation, PublicKey = key.PublicKey, CreatedOn = Today });
        await db.SaveChangesAsync();
    }

    private async Task<string> NewCaseAsync(UnlockedResponder holder)
    {
        await using var db = StorageServiceCollectionExtensions.CreateContext(_data);
        var (@case, seals) = CaseRecords.NewCase(Urgency.Now, Today, new InstanceState(_data).Required.RecoveryPublicKey, [(holder.Id, holder.BoxKeys.PublicKey)]);
        db.Cases.Add(@case);
        db.CaseKeySeals.AddRange(seals);
        CaseRecords.Append(db, @case, RandomId.New(), RecordKinds.Request, new RecordContent { Text = "what happened" }, null, Today);
        await db.SaveChangesAsync();
        return @case.Id;
    }

    private async Task<string> NewVictimAsync(string caseId, string pseudonym, CountingUnit unit, int? size)
    {
        var id = RandomId.New();
        var outcome = await S.Victims.ExecuteAsync(id, caseId, RandomId.New(), null, new VictimCoding { AgeBand = "18_25", Unit = unit, GroupSize = size }, new VictimNarrative { Pseudonym = pseudonym }, _caseworker, CancellationToken.None);
        Assert.Equal(RecordWriteOutcome.Saved, outcome);
        return id;
    }

    private async Task<string> NewEventAsync(string caseId, string title, string victimId, string actType, string? region, PartialDate? start)
    {
        var id = RandomId.New();
        var actId = RandomId.New();
        var coding = new EventCoding
        {
            Start = start,
            Region = region,
            Status = ViolationStatus.Likely,
            Acts = [new ActCoding { Id = actId, Type = actType, Victim = victimId, VictimStatus = "released" }],
        };
        var narrative = new EventNarrative { Title = title, Description = "what the person told", Acts = [new ActNarrative { Id = actId, Method = "beaten with pipes" }] };
        var outcome = await S.Create.ExecuteAsync(caseId, id, RandomId.New(), coding, narrative, "victim", 4, _caseworker, CancellationToken.None);
        Assert.Equal(RecordWriteOutcome.Saved, outcome);
        return id;
    }

    /// <summary>The commands and queries as one process wires them.</summary>
    private sealed class Services : IDisposable
    {
        public Services(DataDirectory data, ProcessWriteLock writeLock)
        {
            var factory = new DataDirectoryContextFactory(data);
            var audited = new AuditedWriter(factory, writeLock, [new RecordNumbering(), new RecordVersionNumbering()], new InstanceState(data), TimeProvider.System);
            var vocabulary = new RecordVocabulary(factory);
            var writer = new RecordVersionWriter(audited, new DocumentationKeys(factory, audited, new InstanceState(data), TimeProvider.System), TimeProvider.System);
            var validator = new RecordValidator(vocabulary);
            Create = new CreateEventCommand(writer, validator);
            Save = new SaveEventCommand(writer, validator);
            Victims = new SaveVictimCommand(writer, validator);
            Events = new EventQuery(factory);
            Index = new CodingIndex(factory, TimeProvider.System);
            List = new DocumentationListQuery(Index, vocabulary);
            Coding = new CodingQuery(Index);
        }

        public CreateEventCommand Create { get; }

        public SaveEventCommand Save { get; }

        public SaveVictimCommand Victims { get; }

        public EventQuery Events { get; }

        public CodingIndex Index { get; }

        public DocumentationListQuery List { get; }

        public CodingQuery Coding { get; }

        public void Dispose() => Index.Dispose();
    }
}
