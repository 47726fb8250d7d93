using System.Globalization;
using Haven.Accounts;
using Haven.Audit;
using Haven.Cases;
using Haven.Crypto;
using Haven.Instance;
using Haven.Record;
using Haven.Record.Vocabulary;
using Haven.Storage;
using Haven.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Haven.Core.Tests.Record;

/// <summary>
/// The controlled lists and the gazetteer on a real database (a SQLite file, or PostgreSQL with HAVEN_TEST_POSTGRES):
/// the seed of the migration, <see cref="RecordVocabulary"/>'s reads and the administrators' commands with their audit entries.
/// </summary>
public sealed class RecordVocabularyTests : IAsyncLifetime
{
    private readonly DataDirectory _data = TestDatabases.Data(Path.Combine(Path.GetTempPath(), "haven-core-" + RandomId.New()));
    private readonly ProcessWriteLock _writeLock = new();
    private readonly UnlockedResponder _admin = new(RandomId.New(), "admin", ResponderRole.Admin, X25519KeyPair.Generate(), Ed25519KeyPair.Generate());
    private readonly UnlockedResponder _analyst = new(RandomId.New(), "analyst", ResponderRole.Analyst, X25519KeyPair.Generate(), Ed25519KeyPair.Generate());
    private AuditedWriter? _writer;
    private RecordVocabulary? _vocabulary;

    private AuditedWriter Writer => _writer!;

    private RecordVocabulary Vocabulary => _vocabulary!;

    public async Task InitializeAsync()
    {
        using (await InitInstanceCommand.ExecuteAsync(_data, CancellationToken.None))
        {
        }

        var factory = new DataDirectoryContextFactory(_data);
        _writer = new AuditedWriter(factory, _writeLock, [new RecordNumbering()], new InstanceState(_data), TimeProvider.System);
        _vocabulary = new RecordVocabulary(factory);
    }

    public Task DisposeAsync()
    {
        _admin.Dispose();
        _analyst.Dispose();
        _writeLock.Dispose();
        StorageServiceCollectionExtensions.ClearSqlitePool(_data);
        Directory.Delete(_data.Path, recursive: true);
        TestDatabases.Drop(_data.Path);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_fresh_instance_has_every_seeded_term_in_english_and_russian_and_an_empty_gazetteer()
    {
        foreach (var list in Enum.GetValues<TermList>())
        {
            var terms = await Vocabulary.TermsAsync(list, CancellationToken.None);
            Assert.Equal(VocabularySeed.Terms[list].Select(t => t.Key), terms.Select(t => t.Key));
            Assert.All(terms, t =>
            {
                Assert.False(t.Retired);
                Assert.False(string.IsNullOrWhiteSpace(t.Labels["en"]));
                Assert.False(string.IsNullOrWhiteSpace(t.Labels["ru"]));
                Assert.Matches("[а-яё]", t.Labels["ru"].ToLowerInvariant());
                Assert.NotEqual(t.Labels["en"], t.Labels["ru"]);
            });
        }

        var acts = await Vocabulary.TermsAsync(TermList.ActType, CancellationToken.None);
        Assert.Equal(["arbitrary_detention", "torture", "killing", "enforced_disappearance", "abduction", "extortion", "threats", "forced_outing", "family_violence", "entrapment", "other"], acts.Select(t => t.Key));
        Assert.Equal("Пытки или жестокое обращение", acts[1].Label(CultureInfo.GetCultureInfo("ru-RU")));
        Assert.Equal("Torture or ill-treatment", acts[1].Label(CultureInfo.GetCultureInfo("de")));
        Assert.True(await Vocabulary.IsUsableAsync(TermList.AgeBand, "18_25", CancellationToken.None));
        Assert.False(await Vocabulary.IsUsableAsync(TermList.AgeBand, "torture", CancellationToken.None));
        Assert.Empty(await Vocabulary.RegionsAsync(CancellationToken.None));
        Assert.False(await Vocabulary.IsUsableRegionAsync("RU", CancellationToken.None));
    }

    [Fact]
    public async Task An_administrator_adds_renames_retires_restores_and_moves_a_term_each_change_audited_by_key()
    {
        var add = new AddTermCommand(Writer, Vocabulary);
        var added = await add.ExecuteAsync(TermList.ActType, Labels(("en", "  Blackmail \n online "), ("ru", "Шантаж в сети")), _admin, CancellationToken.None);
        Assert.Equal(VocabularyOutcome.None, added.Problem);
        Assert.Matches("^t-[0-9a-f]{8}$", added.Key!);
        var key = added.Key!;

        // Read before each change, so that the copy in memory must follow every commit.
        var terms = await Vocabulary.TermsAsync(TermList.ActType, CancellationToken.None);
        Assert.Equal(key, terms[^1].Key);
        Assert.Equal("Blackmail online", terms[^1].Labels["en"]);
        Assert.True(await Vocabulary.IsUsableAsync(TermList.ActType, key, CancellationToken.None));
        Assert.False(await Vocabulary.IsUsableAsync(TermList.VictimStatus, key, CancellationToken.None));

        Assert.Equal(VocabularyOutcome.None, await new RenameTermCommand(Writer, Vocabulary).ExecuteAsync(TermList.ActType, key, Labels(("ru", "Шантаж"), ("uk", "Шантаж")), _admin, CancellationToken.None));
        var renamed = (await Vocabulary.TermsAsync(TermList.ActType, CancellationToken.None))[^1];
        Assert.Equal("Шантаж", renamed.Label(CultureInfo.GetCultureInfo("ru")));
        Assert.Equal("Шантаж", renamed.Label(CultureInfo.GetCultureInfo("uk")));
        Assert.Equal("Blackmail online", renamed.Label(CultureInfo.GetCultureInfo("en")));

        var retire = new RetireTermCommand(Writer, Vocabulary);
        Assert.Equal(VocabularyOutcome.None, await retire.ExecuteAsync(TermList.ActType, "torture", true, _admin, CancellationToken.None));
        Assert.False(await Vocabulary.IsUsableAsync(TermList.ActType, "torture", CancellationToken.None));
        Assert.Contains(await Vocabulary.TermsAsync(TermList.ActType, CancellationToken.None), t => t.Key == "torture" && t.Retired);
        Assert.Equal(VocabularyOutcome.Unchanged, await retire.ExecuteAsync(TermList.ActType, "torture", true, _admin, CancellationToken.None));
        Assert.Equal(VocabularyOutcome.None, await retire.ExecuteAsync(TermList.ActType, "torture", false, _admin, CancellationToken.None));
        Assert.True(await Vocabulary.IsUsableAsync(TermList.ActType, "torture", CancellationToken.None));

        var move = new MoveTermCommand(Writer, Vocabulary);
        Assert.Equal(VocabularyOutcome.None, await move.ExecuteAsync(TermList.ActType, "killing", true, _admin, CancellationToken.None));
        Assert.Equal(["arbitrary_detention", "killing", "torture"], (await Vocabulary.TermsAsync(TermList.ActType, CancellationToken.None)).Take(3).Select(t => t.Key));
        Assert.Equal(VocabularyOutcome.Unchanged, await move.ExecuteAsync(TermList.ActType, "arbitrary_detention", true, _admin, CancellationToken.None));

        // A fresh reader (another server start) sees the same lists from the database.
        var fresh = await new RecordVocabulary(new DataDirectoryContextFactory(_data)).TermsAsync(TermList.ActType, CancellationToken.None);
        Assert.Equal((await Vocabulary.TermsAsync(TermList.ActType, CancellationToken.None)).Select(t => (t.Key, t.Retired, t.Labels.Count)), fresh.Select(t => (t.Key, t.Retired, t.Labels.Count)));

        await using var db = StorageServiceCollectionExtensions.CreateContext(_data);
        var audit = await db.AuditEntries.AsNoTracking().Where(e => e.Action.StartsWith("record.")).OrderBy(e => e.Seq).Select(e => new { e.Action, e.SubjectId, e.ActorId }).ToListAsync();
        Assert.Equal(
            [("record.term.added", key), ("record.term.renamed", key), ("record.term.retired", "torture"), ("record.term.restored", "torture"), ("record.term.moved", "killing")],
            audit.Select(e => (e.Action, e.SubjectId!)));
        Assert.All(audit, e => Assert.Equal(_admin.Id, e.ActorId));
    }

    [Fact]
    public async Task Only_an_administrator_may_change_a_list_and_bad_labels_change_nothing()
    {
        var add = new AddTermCommand(Writer, Vocabulary);
        Assert.Equal(VocabularyOutcome.NotAllowed, (await add.ExecuteAsync(TermList.ActType, Labels(("en", "X")), _analyst, CancellationToken.None)).Problem);
        Assert.Equal(VocabularyOutcome.NotAllowed, await new RetireTermCommand(Writer, Vocabulary).ExecuteAsync(TermList.ActType, "torture", true, _analyst, CancellationToken.None));
        Assert.Equal(VocabularyOutcome.NotAllowed, await new SetRegionCommand(Writer, Vocabulary, Options.Create(new RecordOptions())).ExecuteAsync("RU", null, Labels(("en", "Russia")), _analyst, CancellationToken.None));
        Assert.Equal(VocabularyOutcome.MissingEnglishLabel, (await add.ExecuteAsync(TermList.ActType, Labels(("ru", "Только по-русски")), _admin, CancellationToken.None)).Problem);
        Assert.Equal(VocabularyOutcome.InvalidLabel, (await add.ExecuteAsync(TermList.ActType, Labels(("en", "evil\u202Eoverride")), _admin, CancellationToken.None)).Problem);
        Assert.Equal(VocabularyOutcome.InvalidLabel, (await add.ExecuteAsync(TermList.ActType, Labels(("en", new string('x', VocabularyRules.MaxLabelLength + 1))), _admin, CancellationToken.None)).Problem);
        Assert.Equal(VocabularyOutcome.InvalidCulture, (await add.ExecuteAsync(TermList.ActType, Labels(("en", "Fine"), ("../x", "Bad")), _admin, CancellationToken.None)).Problem);
        Assert.Equal(VocabularyOutcome.MissingEnglishLabel, await new RenameTermCommand(Writer, Vocabulary).ExecuteAsync(TermList.ActType, "torture", Labels(("en", " ")), _admin, CancellationToken.None));
        Assert.Equal(VocabularyOutcome.UnknownTerm, await new RenameTermCommand(Writer, Vocabulary).ExecuteAsync(TermList.AgeBand, "torture", Labels(("en", "X")), _admin, CancellationToken.None));

        Assert.Equal(VocabularySeed.Terms[TermList.ActType].Count, (await Vocabulary.TermsAsync(TermList.ActType, CancellationToken.None)).Count);
        Assert.Equal("Torture or ill-treatment", (await Vocabulary.TermAsync(TermList.ActType, "torture", CancellationToken.None))!.Labels["en"]);
        await using var db = StorageServiceCollectionExtensions.CreateContext(_data);
        Assert.False(await db.AuditEntries.AnyAsync(e => e.Action.StartsWith("record.")));
    }

    [Fact]
    public async Task The_gazetteer_has_two_levels_lists_each_country_before_its_regions_and_retiring_a_country_retires_its_use()
    {
        var set = new SetRegionCommand(Writer, Vocabulary, Options.Create(new RecordOptions()));
        Assert.Equal(VocabularyOutcome.None, await set.ExecuteAsync("RU", null, Labels(("en", "Russia"), ("ru", "Россия")), _admin, CancellationToken.None));
        Assert.Equal(VocabularyOutcome.None, await set.ExecuteAsync("KZ", null, Labels(("en", "Kazakhstan"), ("ru", "Казахстан")), _admin, CancellationToken.None));
        Assert.Equal(VocabularyOutcome.None, await set.ExecuteAsync("RU-CE", "RU", Labels(("en", "Chechnya"), ("ru", "Чечня")), _admin, CancellationToken.None));
        Assert.Equal(VocabularyOutcome.None, await set.ExecuteAsync("KZ-ALA", "KZ", Labels(("en", "Almaty")), _admin, CancellationToken.None));
        Assert.Equal(VocabularyOutcome.None, await set.ExecuteAsync("RU-DA", "RU", Labels(("en", "Dagestan"), ("ru", "Дагестан")), _admin, CancellationToken.None));

        Assert.Equal(VocabularyOutcome.InvalidParent, await set.ExecuteAsync("RU-X", "RU-CE", Labels(("en", "Too deep")), _admin, CancellationToken.None));
        Assert.Equal(VocabularyOutcome.InvalidParent, await set.ExecuteAsync("XX-1", "XX", Labels(("en", "No such country")), _admin, CancellationToken.None));
        Assert.Equal(VocabularyOutcome.HasRegions, await set.ExecuteAsync("RU", "KZ", Labels(("en", "Russia")), _admin, CancellationToken.None));
        Assert.Equal(VocabularyOutcome.InvalidCode, await set.ExecuteAsync("RU CE", null, Labels(("en", "Space")), _admin, CancellationToken.None));
        Assert.Equal(VocabularyOutcome.Unchanged, await set.ExecuteAsync("RU", null, Labels(("en", "Russia")), _admin, CancellationToken.None));

        var regions = await Vocabulary.RegionsAsync(CancellationToken.None);
        Assert.Equal(["RU", "RU-CE", "RU-DA", "KZ", "KZ-ALA"], regions.Select(r => r.Key));
        Assert.Equal([null, "RU", "RU", null, "KZ"], regions.Select(r => r.ParentKey));
        Assert.Equal("Almaty", regions[4].Label(CultureInfo.GetCultureInfo("ru")));
        Assert.Equal("Чечня", regions[1].Label(CultureInfo.GetCultureInfo("ru")));

        var retire = new RetireRegionCommand(Writer, Vocabulary);
        Assert.Equal(VocabularyOutcome.None, await retire.ExecuteAsync("RU", true, _admin, CancellationToken.None));
        Assert.False(await Vocabulary.IsUsableRegionAsync("RU", CancellationToken.None));
        Assert.False(await Vocabulary.IsUsableRegionAsync("RU-CE", CancellationToken.None));
        Assert.True(await Vocabulary.IsUsableRegionAsync("KZ-ALA", CancellationToken.None));
        Assert.Equal(5, (await Vocabulary.RegionsAsync(CancellationToken.None)).Count);
        Assert.Equal(VocabularyOutcome.UnknownRegion, await retire.ExecuteAsync("FR", true, _admin, CancellationToken.None));

        // The limit counts countries and regions together.
        var small = new SetRegionCommand(Writer, Vocabulary, Options.Create(new RecordOptions { MaxRegions = 5 }));
        Assert.Equal(VocabularyOutcome.TooManyRegions, await small.ExecuteAsync("FR", null, Labels(("en", "France")), _admin, CancellationToken.None));

        await using var db = StorageServiceCollectionExtensions.CreateContext(_data);
        Assert.Equal(["RU", "KZ", "RU-CE", "KZ-ALA", "RU-DA", "RU"], await db.AuditEntries.Where(e => e.Action.StartsWith("record.region.")).OrderBy(e => e.Seq).Select(e => e.SubjectId!).ToListAsync());
    }

    private static Dictionary<string, string?> Labels(params (string Culture, string? Label)[] labels) =>
        labels.ToDictionary(l => l.Culture, l => l.Label);
}
