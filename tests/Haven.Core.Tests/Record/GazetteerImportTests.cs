using System.Globalization;
using System.Text;
using System.Text.Json;
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

/// <summary>The gazetteer's CSV import (all or nothing, per-line problems) and the lists' export, on a real database.</summary>
public sealed class GazetteerImportTests : IAsyncLifetime
{
    private const string Header = "code,parent_code,label_en,label_ru\n";

    private readonly DataDirectory _data = TestDatabases.Data(Path.Combine(Path.GetTempPath(), "haven-core-" + RandomId.New()));
    private readonly ProcessWriteLock _writeLock = new();
    private readonly UnlockedResponder _admin = new(RandomId.New(), "admin", ResponderRole.Admin, X25519KeyPair.Generate(), Ed25519KeyPair.Generate());
    private readonly UnlockedResponder _coordinator = new(RandomId.New(), "coordinator", ResponderRole.Coordinator, X25519KeyPair.Generate(), Ed25519KeyPair.Generate());
    private AuditedWriter? _writer;
    private RecordVocabulary? _vocabulary;

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
        _coordinator.Dispose();
        _writeLock.Dispose();
        StorageServiceCollectionExtensions.ClearSqlitePool(_data);
        Directory.Delete(_data.Path, recursive: true);
        TestDatabases.Drop(_data.Path);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_file_imports_countries_before_regions_and_a_second_import_updates_codes_instead_of_duplicating_them()
    {
        // A region before its country, quotes around a comma, a BOM, CRLF line ends and an extra language.
        var first = "\uFEFFcode,parent_code,label_en,label_ru,label_uk\r\n"
            + "RU-CE,RU,Chechnya,Чечня,Чечня\r\n"
            + "RU,,Russia,Россия,Росія\r\n"
            + "KZ,,\"Kazakhstan, Republic of\",Казахстан,\r\n";
        var imported = await ImportAsync(first);
        Assert.True(imported.Succeeded, string.Join("; ", imported.Errors.Select(e => e.Describe())));
        Assert.Equal((3, 0, 0), (imported.Added, imported.Changed, imported.Unchanged));

        var regions = await Vocabulary.RegionsAsync(CancellationToken.None);
        Assert.Equal(["RU", "RU-CE", "KZ"], regions.Select(r => r.Key));
        Assert.Equal("Kazakhstan, Republic of", regions[2].Label(CultureInfo.GetCultureInfo("uk")));
        Assert.Equal("Росія", regions[0].Label(CultureInfo.GetCultureInfo("uk")));

        var second = Header + "RU,,Russian Federation,Российская Федерация\nRU-CE,RU,Chechnya,Чечня\nRU-DA,RU,Dagestan,Дагестан\n";
        var updated = await ImportAsync(second);
        Assert.True(updated.Succeeded);
        Assert.Equal((1, 1, 1), (updated.Added, updated.Changed, updated.Unchanged));
        regions = await Vocabulary.RegionsAsync(CancellationToken.None);
        Assert.Equal(["RU", "RU-CE", "RU-DA", "KZ"], regions.Select(r => r.Key));
        Assert.Equal("Российская Федерация", regions[0].Label(CultureInfo.GetCultureInfo("ru")));

        // A language column the second file did not have keeps its labels.
        Assert.Equal("Росія", regions[0].Labels["uk"]);

        await using var db = StorageServiceCollectionExtensions.CreateContext(_data);
        var audit = await db.AuditEntries.Where(e => e.Action.StartsWith("record.region.")).OrderBy(e => e.Seq).Select(e => e.Action + " " + e.SubjectId).ToListAsync();
        Assert.Equal(["record.region.added RU", "record.region.added KZ", "record.region.added RU-CE", "record.region.changed RU", "record.region.added RU-DA"], audit);
    }

    [Fact]
    public async Task One_bad_line_anywhere_imports_nothing_and_every_problem_is_reported_with_its_line()
    {
        Assert.True((await ImportAsync(Header + "RU,,Russia,Россия\n")).Succeeded);
        var file = Header
            + "KZ,,Kazakhstan,Казахстан\n"         // 2: fine, but must not be written
            + "bad code,,Name,Имя\n"               // 3
            + "RU-CE,RU-XX,Chechnya,Чечня\n"       // 4: parent is no country
            + "FR,,,Франция\n"                     // 5: no English label
            + "KZ,,Kazakhstan,Казахстан\n"         // 6: duplicate
            + "DE,,\"Germany\u202E\",Германия\n"   // 7: bidi override
            + "IT,,Italy,Италия,extra\n"           // 8: more fields than the header
            + "ES,,\"Spain\"x,Испания\n";          // 9: text after the closing quote
        var result = await ImportAsync(file);
        Assert.False(result.Succeeded);
        (int, GazetteerImportProblem)[] expected =
            [(3, GazetteerImportProblem.InvalidCode), (4, GazetteerImportProblem.InvalidParent), (5, GazetteerImportProblem.MissingEnglishLabel),
             (6, GazetteerImportProblem.DuplicateCode), (7, GazetteerImportProblem.InvalidLabel), (8, GazetteerImportProblem.Malformed), (9, GazetteerImportProblem.Malformed)];
        Assert.Equal(expected, result.Errors.Select(e => (e.Line, e.Problem)).Order());
        Assert.Equal("line 4: the parent \"RU-XX\" is not a country (a line with an empty parent_code)", result.Errors.Single(e => e.Line == 4).Describe());

        Assert.Equal(["RU"], (await Vocabulary.RegionsAsync(CancellationToken.None)).Select(r => r.Key));
        await using var db = StorageServiceCollectionExtensions.CreateContext(_data);
        Assert.Equal(1, await db.GazetteerRegions.CountAsync());
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action.StartsWith("record.region.")));
    }

    [Theory]
    [InlineData("", "Empty")]
    [InlineData("code,parent,label_en,label_ru\nRU,,Russia,Россия\n", "BadHeader")]
    [InlineData("code,parent_code,label_en\nRU,,Russia\n", "BadHeader")]
    [InlineData("code,parent_code,label_en,label_ru,population\nRU,,Russia,Россия,1\n", "UnknownColumn")]
    [InlineData("code,parent_code,label_en,label_ru,label_ru\nRU,,Russia,Россия,Россия\n", "DuplicateColumn")]
    [InlineData("code,parent_code,label_en,label_ru,retired\nRU,,Russia,Россия,maybe\n", "InvalidRetired")]
    public async Task A_file_of_the_wrong_shape_is_refused(string text, string expected)
    {
        var result = await ImportAsync(text);
        Assert.Equal(Enum.Parse<GazetteerImportProblem>(expected), Assert.Single(result.Errors).Problem);
        Assert.Empty(await Vocabulary.RegionsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Bytes_that_are_not_utf8_a_file_over_the_limit_and_a_non_administrator_are_refused()
    {
        var latin1 = Encoding.Latin1.GetBytes(Header + "DE,,Deutschland,Германия\nAT,,Österreich,Австрия\n");
        Assert.Equal(GazetteerImportProblem.NotUtf8, Assert.Single((await ImportAsync(latin1)).Errors).Problem);

        var large = Encoding.UTF8.GetBytes(Header + string.Concat(Enumerable.Range(0, 200).Select(i => $"C{i},,Country {i},Страна {i}\n")));
        var small = new ImportGazetteerCommand(_writer!, Vocabulary, Options.Create(new RecordOptions { GazetteerImportMaxBytes = 1024 }));
        using (var stream = new MemoryStream(large))
        {
            Assert.Equal(GazetteerImportProblem.TooLarge, Assert.Single((await small.ExecuteAsync(stream, _admin, CancellationToken.None)).Errors).Problem);
        }

        using (var stream = new MemoryStream(Encoding.UTF8.GetBytes(Header + "RU,,Russia,Россия\n")))
        {
            Assert.Equal(GazetteerImportProblem.NotAllowed, Assert.Single((await Command().ExecuteAsync(stream, _coordinator, CancellationToken.None)).Errors).Problem);
        }

        // An unclosed quote at the start cannot make the reader hold the whole file as one record.
        var unclosed = Encoding.UTF8.GetBytes(Header + "\"RU,,Russia,Россия\n" + new string('x', 100_000) + "\n");
        Assert.Equal(GazetteerImportProblem.Malformed, (await ImportAsync(unclosed)).Errors[0].Problem);
        Assert.Empty(await Vocabulary.RegionsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task The_export_gives_every_term_and_region_with_its_labels_and_its_gazetteer_csv_imports_back_unchanged()
    {
        Assert.True((await ImportAsync(Header + "RU,,Russia,Россия\nRU-CE,RU,=Chechnya,Чечня\nKZ,,Kazakhstan,Казахстан\n")).Succeeded);
        await new RetireRegionCommand(_writer!, Vocabulary).ExecuteAsync("KZ", true, _admin, CancellationToken.None);
        await new RetireTermCommand(_writer!, Vocabulary).ExecuteAsync(TermList.ActType, "other", true, _admin, CancellationToken.None);

        var export = new ExportVocabularyQuery(Vocabulary);
        var folder = Path.Combine(_data.Path, "export");
        var files = await export.ExecuteAsync(VocabularyExportFormat.Csv, folder, CancellationToken.None);
        Assert.Equal([Path.Combine(folder, "terms.csv"), Path.Combine(folder, "gazetteer.csv")], files);
        var terms = await File.ReadAllLinesAsync(files[0]);
        Assert.Equal("list,key,retired,label_en,label_ru", terms[0]);
        Assert.Contains("ActType,torture,false,Torture or ill-treatment,Пытки или жестокое обращение", terms);
        Assert.Contains("ActType,other,true,Other,Другое", terms);
        Assert.Equal(1 + VocabularySeed.Terms.Sum(l => l.Value.Count), terms.Length);
        var gazetteer = await File.ReadAllTextAsync(files[1]);
        Assert.Equal("code,parent_code,label_en,label_ru,retired\nRU,,Russia,Россия,false\nRU-CE,RU,\"'=Chechnya\",Чечня,false\nKZ,,Kazakhstan,Казахстан,true\n", gazetteer);

        // Imported back, the file changes nothing: the formula guard comes off again and retired stays retired.
        var again = await ImportAsync(gazetteer);
        Assert.True(again.Succeeded);
        Assert.Equal((0, 0, 3), (again.Added, again.Changed, again.Unchanged));
        Assert.Equal("=Chechnya", (await Vocabulary.RegionAsync("RU-CE", CancellationToken.None))!.Labels["en"]);
        var restored = await ImportAsync(gazetteer.Replace("Казахстан,true", "Казахстан,false", StringComparison.Ordinal));
        Assert.Equal((0, 1, 2), (restored.Added, restored.Changed, restored.Unchanged));
        Assert.True(await Vocabulary.IsUsableRegionAsync("KZ", CancellationToken.None));

        var json = await export.ExecuteAsync(VocabularyExportFormat.Json, folder, CancellationToken.None);
        using var document = JsonDocument.Parse(await File.ReadAllBytesAsync(json.Single()));
        var act = document.RootElement.GetProperty("lists").GetProperty("ActType");
        Assert.Equal("arbitrary_detention", act[0].GetProperty("key").GetString());
        Assert.Equal("Произвольное задержание", act[0].GetProperty("labels").GetProperty("ru").GetString());
        Assert.True(act[act.GetArrayLength() - 1].GetProperty("retired").GetBoolean());
        var chechnya = document.RootElement.GetProperty("gazetteer")[1];
        Assert.Equal("RU", chechnya.GetProperty("parent_code").GetString());
        Assert.Equal("Чечня", chechnya.GetProperty("labels").GetProperty("ru").GetString());
    }

    private ImportGazetteerCommand Command() => new(_writer!, Vocabulary, Options.Create(new RecordOptions()));

    private Task<GazetteerImportResult> ImportAsync(string text) => ImportAsync(Encoding.UTF8.GetBytes(text));

    private async Task<GazetteerImportResult> ImportAsync(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        return await Command().ExecuteAsync(stream, _admin, CancellationToken.None);
    }
}
