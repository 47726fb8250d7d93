using System.Globalization;
using Haven.Crypto;
using Haven.Figures;
using Haven.Figures.Definition;
using Haven.Figures.Tables;
using Haven.Figures.Tabulation;
using Haven.Instance;
using Haven.Record.Events;
using Haven.Record.Index;
using Haven.Record.Vocabulary;
using Haven.Storage;
using Haven.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Haven.Core.Tests.Figures;

/// <summary>
/// The counting of figures (issue 17, point 1) over hand-made coding, with the vocabulary of a real database (a
/// SQLite file, or PostgreSQL with HAVEN_TEST_POSTGRES): each unit and axis, multi-valued axes and their margins,
/// unknown categories, group victims, the filters, period and region levels, retired terms and regions, too many
/// categories, and the labels.
/// </summary>
public sealed class FigureTabulatorTests : IAsyncLifetime
{
    private readonly DataDirectory _data = TestDatabases.Data(Path.Combine(Path.GetTempPath(), "haven-core-" + RandomId.New()));
    private readonly CodingIndex.Slice _slice = new(1);
    private DataDirectoryContextFactory? _factory;
    private RecordVocabulary? _vocabulary;

    private RecordVocabulary Vocabulary => _vocabulary!;

    public async Task InitializeAsync()
    {
        using (await InitInstanceCommand.ExecuteAsync(_data, CancellationToken.None))
        {
        }

        _factory = new DataDirectoryContextFactory(_data);
        _vocabulary = new RecordVocabulary(_factory);
        await using var db = _factory.CreateDbContext();
        db.GazetteerRegions.AddRange(
            new StoredRegion { Code = "RU", Position = 10 },
            new StoredRegion { Code = "RU-CE", ParentCode = "RU", Position = 10 },
            new StoredRegion { Code = "RU-DA", ParentCode = "RU", Position = 20 },
            new StoredRegion { Code = "RU-OLD", ParentCode = "RU", Position = 30, Retired = true },
            new StoredRegion { Code = "RU-GONE", ParentCode = "RU", Position = 40, Retired = true },
            new StoredRegion { Code = "UA", Position = 20 },
            new StoredRegion { Code = "XX", Position = 30, Retired = true });
        db.GazetteerRegionLabels.AddRange(
            new StoredRegionLabel { Code = "RU", Culture = "en", Label = "Russia" },
            new StoredRegionLabel { Code = "RU", Culture = "ru", Label = "Россия" },
            new StoredRegionLabel { Code = "RU-CE", Culture = "en", Label = "Chechnya" },
            new StoredRegionLabel { Code = "RU-CE", Culture = "ru", Label = "Чечня" },
            new StoredRegionLabel { Code = "RU-CE", Culture = "uk", Label = "Чечня (uk)" },
            new StoredRegionLabel { Code = "RU-DA", Culture = "en", Label = "Dagestan" },
            new StoredRegionLabel { Code = "RU-OLD", Culture = "en", Label = "Old" },
            new StoredRegionLabel { Code = "RU-GONE", Culture = "en", Label = "Gone" },
            new StoredRegionLabel { Code = "UA", Culture = "en", Label = "Ukraine" },
            new StoredRegionLabel { Code = "XX", Culture = "en", Label = "Retired country" });
        (await db.VocabularyTerms.SingleAsync(t => t.List == TermList.ActType && t.Key == "extortion")).Retired = true;
        (await db.VocabularyTerms.SingleAsync(t => t.List == TermList.ActType && t.Key == "entrapment")).Retired = true;
        await db.SaveChangesAsync();
    }

    public Task DisposeAsync()
    {
        StorageServiceCollectionExtensions.ClearSqlitePool(_data);
        Directory.Delete(_data.Path, recursive: true);
        TestDatabases.Drop(_data.Path);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Acts_by_act_type_list_every_usable_term_in_order_with_zeros_and_retired_terms_only_with_counts()
    {
        var v = Victim();
        Event("2017-03", "RU-CE", acts: [Act("torture", v), Act("torture", v), Act("extortion", v)]);
        Event("2017-04", "RU-DA", acts: [Act("killing", Victim())]);

        var table = await TabulateAsync(new FigureDefinition { Unit = FigureUnit.Acts, Rows = new() { Axis = FigureAxis.ActType } });

        Assert.Equal(["arbitrary_detention", "torture", "killing", "enforced_disappearance", "abduction", "extortion", "threats", "forced_outing", "family_violence", "other"], table.RowKeys);
        Assert.Equal([FigureTable.AllKey], table.ColumnKeys);
        Assert.True(table.OneDimensional);
        Assert.Equal([0, 2, 1, 0, 0, 1, 0, 0, 0, 0], Column(table, 0));
        Assert.Equal(Column(table, 0), table.RowTotals);
        Assert.Equal(4, table.Total);
        Assert.Equal([4], table.ColumnTotals);
        Assert.True(table.RowsAdditive);
        Assert.True(table.ColumnsAdditive);
    }

    [Fact]
    public async Task Victims_count_once_in_each_category_a_group_counts_its_size_and_margins_count_distinct_people()
    {
        var one = Victim();
        var group = Victim(CountingUnit.Group, 5);
        var family = Victim(CountingUnit.Family);
        Event("2017-03", "RU-CE", acts: [Act("torture", one), Act("arbitrary_detention", one), Act("torture", group)]);
        Event("2017-05", "RU-CE", acts: [Act("torture", one), Act("threats", family)]);

        var table = await TabulateAsync(new FigureDefinition { Unit = FigureUnit.Victims, Rows = new() { Axis = FigureAxis.ActType } });

        Assert.Equal(1, Count(table, "arbitrary_detention"));
        Assert.Equal(6, Count(table, "torture")); // one, once although twice tortured, and the group of five
        Assert.Equal(1, Count(table, "threats"));
        Assert.Equal(7, table.Total); // 1 + 5 + 1: distinct people, not the sum of the rows (8)
        Assert.Equal([7], table.ColumnTotals);
        Assert.False(table.RowsAdditive);
        Assert.True(table.ColumnsAdditive);
    }

    [Fact]
    public async Task A_two_dimensional_victim_table_puts_each_victim_in_the_cells_of_its_acts_not_in_every_combination()
    {
        var one = Victim();
        Event("2017-01", "RU-CE", acts: [Act("torture", one)]);
        Event("2017-03", "RU-DA", acts: [Act("arbitrary_detention", one)]);

        var table = await TabulateAsync(new FigureDefinition
        {
            Unit = FigureUnit.Victims,
            Rows = new() { Axis = FigureAxis.ActType },
            Columns = new() { Axis = FigureAxis.Period, Period = PeriodLevel.Month },
        });

        Assert.Equal(["2017-01", "2017-02", "2017-03"], table.ColumnKeys);
        Assert.Equal(1, Count(table, "torture", "2017-01"));
        Assert.Equal(0, Count(table, "torture", "2017-03"));
        Assert.Equal(1, Count(table, "arbitrary_detention", "2017-03"));
        Assert.Equal(0, Count(table, "arbitrary_detention", "2017-01"));
        Assert.Equal(1, table.RowTotals[Row(table, "torture")]);
        Assert.Equal([1, 0, 1], table.ColumnTotals);
        Assert.Equal(1, table.Total);
        Assert.False(table.RowsAdditive);
        Assert.False(table.ColumnsAdditive);
    }

    [Fact]
    public async Task Perpetrator_types_are_multi_valued_per_act_with_no_involvement_and_the_unknown_term_in_unknown_last()
    {
        var a = Act("torture", Victim());
        a.Involvements = [new() { Perpetrator = "police", Degree = "carried_out" }, new() { Perpetrator = "military", Degree = "ordered" }, new() { Perpetrator = "police", Degree = "ordered" }];
        var b = Act("torture", Victim());
        var c = Act("threats", Victim());
        c.Involvements = [new() { Perpetrator = "unknown", Degree = "suspected" }];
        Event("2017-03", "RU-CE", acts: [a, b, c]);

        var table = await TabulateAsync(new FigureDefinition { Unit = FigureUnit.Acts, Rows = new() { Axis = FigureAxis.PerpetratorType } });

        Assert.Equal(["state_security", "police", "military", "local_officials", "family", "other_non_state", FigureTable.UnknownKey], table.RowKeys);
        Assert.Equal([0, 1, 1, 0, 0, 0, 2], Column(table, 0));
        Assert.Equal(3, table.Total);
        Assert.False(table.RowsAdditive);
    }

    [Fact]
    public async Task Events_count_once_per_category_with_multi_valued_act_types_and_single_valued_regions()
    {
        Event("2017-03", "RU-CE", acts: [Act("torture", Victim()), Act("torture", Victim()), Act("killing", Victim())]);
        Event("2017-03", "RU-DA", acts: [Act("torture", Victim())]);
        Event("2018-01", "UA", acts: [Act("threats", Victim())]);
        Event(null, null, acts: [Act("threats", Victim())]);

        var table = await TabulateAsync(new FigureDefinition
        {
            Unit = FigureUnit.Events,
            Rows = new() { Axis = FigureAxis.Region, Region = RegionLevel.Country },
            Columns = new() { Axis = FigureAxis.ActType },
        });

        Assert.Equal(["RU", "UA", FigureTable.UnknownKey], table.RowKeys);
        Assert.Equal(2, Count(table, "RU", "torture"));
        Assert.Equal(1, Count(table, "RU", "killing"));
        Assert.Equal(2, table.RowTotals[0]); // two events, not three acts
        Assert.Equal(1, Count(table, "UA", "threats"));
        Assert.Equal(1, Count(table, FigureTable.UnknownKey, "threats"));
        Assert.Equal(4, table.Total);
        Assert.True(table.RowsAdditive);
        Assert.False(table.ColumnsAdditive);
    }

    [Fact]
    public async Task Regions_at_region_level_list_the_gazetteer_country_only_events_apart_and_retired_regions_only_with_counts()
    {
        Event("2017-03", "RU-CE", acts: [Act("torture", Victim())]);
        Event("2017-03", "RU", acts: [Act("torture", Victim()), Act("torture", Victim())]);
        Event("2017-03", "RU-OLD", acts: [Act("torture", Victim())]);
        Event("2017-03", "UA", acts: [Act("torture", Victim())]);

        var table = await TabulateAsync(new FigureDefinition { Unit = FigureUnit.Acts, Rows = new() { Axis = FigureAxis.Region, Region = RegionLevel.Region } });

        Assert.Equal(["RU-CE", "RU-DA", "RU-OLD", "RU/unknown", "UA/unknown"], table.RowKeys);
        Assert.Equal([1, 0, 1, 2, 1], Column(table, 0));

        var labels = await new FigureLabels(Vocabulary).CategoriesAsync(new FigureDimension { Axis = FigureAxis.Region, Region = RegionLevel.Region }, table.RowKeys, CancellationToken.None);
        Assert.Equal(("Chechnya", "Чечня", "Чечня (uk)"), (labels[0].Labels["en"], labels[0].Labels["ru"], labels[0].Labels["uk"]));
        Assert.Equal(("Russia, region unknown", "Россия, регион неизвестен"), (labels[3].Labels["en"], labels[3].Labels["ru"]));
        Assert.Equal("Dagestan", labels[1].Label(CultureInfo.GetCultureInfo("ru")));

        var countries = await TabulateAsync(new FigureDefinition { Unit = FigureUnit.Acts, Rows = new() { Axis = FigureAxis.Region, Region = RegionLevel.Country } });
        Assert.Equal(["RU", "UA"], countries.RowKeys);
        Assert.Equal([4, 1], Column(countries, 0));
    }

    [Fact]
    public async Task Periods_run_from_the_first_to_the_last_with_data_at_each_level_and_a_start_less_precise_than_the_level_is_unknown()
    {
        Event("2016-11-05", "RU", acts: [Act("torture", Victim())]);
        Event("2017-02", "RU", acts: [Act("torture", Victim())]);
        Event("2017", "RU", acts: [Act("torture", Victim())]);
        Event(null, "RU", acts: [Act("torture", Victim())]);

        var months = await TabulateAsync(Periods(PeriodLevel.Month));
        Assert.Equal(["2016-11", "2016-12", "2017-01", "2017-02", FigureTable.UnknownKey], months.RowKeys);
        Assert.Equal([1, 0, 0, 1, 2], Column(months, 0));

        var quarters = await TabulateAsync(Periods(PeriodLevel.Quarter));
        Assert.Equal(["2016-Q4", "2017-Q1", FigureTable.UnknownKey], quarters.RowKeys);
        Assert.Equal([1, 1, 2], Column(quarters, 0));

        var years = await TabulateAsync(Periods(PeriodLevel.Year));
        Assert.Equal(["2016", "2017", FigureTable.UnknownKey], years.RowKeys);
        Assert.Equal([1, 2, 1], Column(years, 0));

        var labels = new FigureLabels(Vocabulary);
        var month = (await labels.CategoriesAsync(new FigureDimension { Axis = FigureAxis.Period, Period = PeriodLevel.Month }, ["2017-04", FigureTable.UnknownKey], CancellationToken.None)).ToList();
        Assert.Equal(("April 2017", "апрель 2017"), (month[0].Labels["en"], month[0].Labels["ru"]));
        Assert.Equal(("Unknown", "Неизвестно"), (month[1].Labels["en"], month[1].Labels["ru"]));
        var quarter = (await labels.CategoriesAsync(new FigureDimension { Axis = FigureAxis.Period, Period = PeriodLevel.Quarter }, ["2017-Q2"], CancellationToken.None)).Single();
        Assert.Equal(("2017 Q2", "2017, II кв."), (quarter.Labels["en"], quarter.Labels["ru"]));
        var all = (await labels.CategoriesAsync(null, [FigureTable.AllKey], CancellationToken.None)).Single();
        Assert.Equal(("All", "Все"), (all.Labels["en"], all.Labels["ru"]));
        var term = (await labels.CategoriesAsync(new FigureDimension { Axis = FigureAxis.ActType }, ["torture"], CancellationToken.None)).Single();
        Assert.Equal(("Torture or ill-treatment", "Пытки или жестокое обращение"), (term.Labels["en"], term.Labels["ru"]));
    }

    [Fact]
    public async Task Age_bands_are_single_valued_per_victim_and_victim_status_per_act_with_unknown_last()
    {
        var young = Victim(ageBand: "18_25");
        var unknown = Victim(ageBand: "unknown");
        var uncoded = Victim();
        var released = Act("torture", young);
        released.VictimStatus = "released";
        Event("2017-03", "RU", acts: [released, Act("killing", young), Act("torture", unknown), Act("torture", uncoded)]);

        var ages = await TabulateAsync(new FigureDefinition { Unit = FigureUnit.Victims, Rows = new() { Axis = FigureAxis.AgeBand } });
        Assert.Equal(["under_18", "18_25", "26_35", "36_50", "over_50", FigureTable.UnknownKey], ages.RowKeys);
        Assert.Equal([0, 1, 0, 0, 0, 2], Column(ages, 0));
        Assert.True(ages.RowsAdditive);

        var statuses = await TabulateAsync(new FigureDefinition { Unit = FigureUnit.Acts, Rows = new() { Axis = FigureAxis.VictimStatus } });
        Assert.Equal(1, Count(statuses, "released"));
        Assert.Equal(3, Count(statuses, FigureTable.UnknownKey));
        Assert.Equal(FigureTable.UnknownKey, statuses.RowKeys[^1]);
    }

    [Fact]
    public async Task Filters_select_events_by_status_best_reliability_corroboration_and_the_period_they_overlap()
    {
        Event("2017-03", "RU", ViolationStatus.Confirmed, [5], acts: [Act("torture", Victim())]);
        Event("2017-04", "RU", ViolationStatus.Likely, [2, 3], acts: [Act("killing", Victim())]);
        Event("2016-12", "RU", ViolationStatus.Confirmed, [4, 4], end: "2017-02", acts: [Act("threats", Victim())]);
        Event(null, "RU", ViolationStatus.Confirmed, [5, 5], acts: [Act("other", Victim())]);

        async Task<string[]> TypesAsync(FigureDefinition d)
        {
            var t = await TabulateAsync(d with { Unit = FigureUnit.Acts, Rows = new() { Axis = FigureAxis.ActType } });
            return [.. t.RowKeys.Where((_, i) => t.RowTotals[i] > 0)];
        }

        Assert.Equal(["torture", "killing", "threats", "other"], await TypesAsync(new FigureDefinition()));
        Assert.Equal(["torture", "threats", "other"], await TypesAsync(new FigureDefinition { Statuses = [ViolationStatus.Confirmed] }));
        Assert.Equal(["torture", "threats", "other"], await TypesAsync(new FigureDefinition { MinReliability = 4 }));
        Assert.Equal(["killing", "threats", "other"], await TypesAsync(new FigureDefinition { CorroboratedOnly = true }));
        Assert.Equal(["torture", "threats"], await TypesAsync(new FigureDefinition { From = new DateOnly(2017, 2, 1), To = new DateOnly(2017, 3, 31) }));

        // An event that began before the period covered counts in the period it began in.
        var months = await TabulateAsync(new FigureDefinition { Unit = FigureUnit.Acts, Rows = new() { Axis = FigureAxis.Period }, From = new DateOnly(2017, 2, 1) });
        Assert.Equal(["2016-12", "2017-01", "2017-02", "2017-03", "2017-04"], months.RowKeys);
    }

    [Fact]
    public async Task A_dimension_with_more_categories_than_allowed_is_refused_and_names_the_dimension()
    {
        Event("2010-01", "RU", acts: [Act("torture", Victim())]);
        Event("2017-12", "RU", acts: [Act("torture", Victim())]);
        var definition = new FigureDefinition { Unit = FigureUnit.Acts, Rows = new() { Axis = FigureAxis.ActType }, Columns = new() { Axis = FigureAxis.Period } };

        var refused = await new FigureTabulator(Vocabulary, Options.Create(new FiguresOptions { MaxCategories = 60 })).TabulateAsync(Snapshot(), definition, CancellationToken.None);
        Assert.Null(refused.Table);
        Assert.Equal((false, FigureAxis.Period, 96, 60), (refused.TooMany!.Rows, refused.TooMany.Dimension.Axis, refused.TooMany.Count, refused.TooMany.Max));

        var years = await TabulateAsync(definition with { Columns = new() { Axis = FigureAxis.Period, Period = PeriodLevel.Year } });
        Assert.Equal(8, years.ColumnKeys.Count);

        var rows = await new FigureTabulator(Vocabulary, Options.Create(new FiguresOptions { MaxCategories = 5 })).TabulateAsync(Snapshot(), definition, CancellationToken.None);
        Assert.Equal((true, 9), (rows.TooMany!.Rows, rows.TooMany.Count));
    }

    private static FigureDefinition Periods(PeriodLevel level) => new() { Unit = FigureUnit.Acts, Rows = new() { Axis = FigureAxis.Period, Period = level } };

    private static int[] Column(FigureTable table, int column) => [.. Enumerable.Range(0, table.RowKeys.Count).Select(r => table[new CellRef(r, column)])];

    private static int Row(FigureTable table, string key) => table.RowKeys.ToList().IndexOf(key);

    private static int Count(FigureTable table, string row, string column = FigureTable.AllKey) =>
        table[new CellRef(Row(table, row), table.ColumnKeys.ToList().IndexOf(column))];

    private async Task<FigureTable> TabulateAsync(FigureDefinition definition)
    {
        var tabulation = await new FigureTabulator(Vocabulary, Options.Create(new FiguresOptions())).TabulateAsync(Snapshot(), definition, CancellationToken.None);
        return tabulation.Table ?? throw new InvalidOperationException("Too many categories.");
    }

    private CodingSnapshot Snapshot() => CodingSnapshot.Build([_slice]);

    private string Victim(CountingUnit unit = CountingUnit.Individual, int? size = null, string? ageBand = null)
    {
        var id = RandomId.New();
        _slice.Victims[id] = new IndexedVictim(id, "case", 1, new VictimCoding { Unit = unit, GroupSize = size, AgeBand = ageBand });
        return id;
    }

    private static ActCoding Act(string type, string victim) => new() { Id = RandomId.New(), Type = type, Victim = victim };

    private void Event(string? start, string? region, ViolationStatus status = ViolationStatus.Confirmed, int[]? reliabilities = null, string? end = null, List<ActCoding>? acts = null)
    {
        var id = RandomId.New();
        var coding = new EventCoding
        {
            Start = PartialDate.Parse(start),
            End = PartialDate.Parse(end),
            Region = region,
            Status = status,
            Acts = acts ?? [],
            Information = [.. (reliabilities ?? [3]).Select(r => new InformationCoding { Id = RandomId.New(), Source = InformationSource.Outside, Connection = "media", Reliability = r })],
        };
        _slice.Events[id] = new IndexedEvent(id, "case", 1, 1, coding);
    }
}
