using System.Globalization;
using Haven.Figures.Definition;
using Haven.Figures.Tables;
using Haven.Record.Index;
using Haven.Record.Vocabulary;
using Microsoft.Extensions.Options;

namespace Haven.Figures.Tabulation;

/// <summary>
/// Counts a figure's true table from the coding a responder's keyring opens (a <see cref="CodingSnapshot"/>), in
/// memory, with the counting rules of docs/figures.md ("Releases, versions and withdrawal", and the contract's
/// "Counting"): acts count once in each category they fall in; victims and events are distinct units, a group
/// victim counting its group size; a unit with several values of a dimension counts in each of its categories, so
/// that dimension is not additive and its margin (distinct units) is at most the sum of its cells.
/// </summary>
internal sealed class FigureTabulator(RecordVocabulary vocabulary, IOptions<FiguresOptions> options)
{
    private static readonly List<string> AllOnly = [FigureTable.AllKey];

    /// <summary>
    /// The true table of <paramref name="definition"/> over <paramref name="snapshot"/>, or the dimension that
    /// would have more categories than <see cref="FiguresOptions.MaxCategories"/>.
    /// </summary>
    public async Task<FigureTabulation> TabulateAsync(CodingSnapshot snapshot, FigureDefinition definition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(definition);
        var regions = (await vocabulary.RegionsAsync(cancellationToken)).ToDictionary(r => r.Key, StringComparer.Ordinal);
        var units = new Dictionary<string, Unit>(StringComparer.Ordinal);
        foreach (var act in snapshot.Acts)
        {
            if (!Matches(act, definition))
            {
                continue;
            }

            var key = definition.Unit switch
            {
                FigureUnit.Acts => act.Event.Id + "/" + act.Act.Id,
                FigureUnit.Victims => act.Act.Victim,
                _ => act.Event.Id,
            };
            if (!units.TryGetValue(key, out var unit))
            {
                unit = new Unit(definition.Unit == FigureUnit.Victims ? PeopleIn(snapshot, act.Act.Victim) : 1);
                units[key] = unit;
            }

            var rows = CategoriesOf(act, definition.Rows, snapshot, regions);
            var columns = definition.Columns is { } c ? CategoriesOf(act, c, snapshot, regions) : AllOnly;
            unit.Rows.UnionWith(rows);
            unit.Columns.UnionWith(columns);
            foreach (var row in rows)
            {
                foreach (var column in columns)
                {
                    unit.Cells.Add((row, column));
                }
            }
        }

        var max = options.Value.MaxCategories;
        var rowKeys = await OrderedCategoriesAsync(definition.Rows, units.Values.SelectMany(u => u.Rows).ToHashSet(StringComparer.Ordinal), regions, cancellationToken);
        if (rowKeys.Count > max)
        {
            return new FigureTabulation(null, new TooManyCategories(true, definition.Rows, rowKeys.Count, max));
        }

        List<string> columnKeys = [FigureTable.AllKey];
        if (definition.Columns is { } columnDimension)
        {
            columnKeys = await OrderedCategoriesAsync(columnDimension, units.Values.SelectMany(u => u.Columns).ToHashSet(StringComparer.Ordinal), regions, cancellationToken);
            if (columnKeys.Count > max)
            {
                return new FigureTabulation(null, new TooManyCategories(false, columnDimension, columnKeys.Count, max));
            }
        }

        var rowIndex = rowKeys.Select((k, i) => (k, i)).ToDictionary(x => x.k, x => x.i, StringComparer.Ordinal);
        var columnIndex = columnKeys.Select((k, i) => (k, i)).ToDictionary(x => x.k, x => x.i, StringComparer.Ordinal);
        var cells = new int[rowKeys.Count, columnKeys.Count];
        var rowTotals = new int[rowKeys.Count];
        var columnTotals = new int[columnKeys.Count];
        var total = 0;
        foreach (var unit in units.Values)
        {
            total += unit.Weight;
            foreach (var row in unit.Rows)
            {
                rowTotals[rowIndex[row]] += unit.Weight;
            }

            foreach (var column in unit.Columns)
            {
                columnTotals[columnIndex[column]] += unit.Weight;
            }

            foreach (var (row, column) in unit.Cells)
            {
                cells[rowIndex[row], columnIndex[column]] += unit.Weight;
            }
        }

        return FigureTabulation.Of(new FigureTable(
            rowKeys,
            columnKeys,
            cells,
            rowTotals,
            columnTotals,
            total,
            rowsAdditive: IsSingleValued(definition.Unit, definition.Rows.Axis),
            columnsAdditive: definition.Columns is not { } cd || IsSingleValued(definition.Unit, cd.Axis)));
    }

    /// <summary>
    /// Whether every unit of <paramref name="unit"/> has exactly one value of <paramref name="axis"/>: an act has one
    /// of everything but perpetrator types; a victim one age band; an event one period and one region.
    /// </summary>
    public static bool IsSingleValued(FigureUnit unit, FigureAxis axis) => unit switch
    {
        FigureUnit.Acts => axis != FigureAxis.PerpetratorType,
        FigureUnit.Victims => axis == FigureAxis.AgeBand,
        _ => axis is FigureAxis.Period or FigureAxis.Region,
    };

    /// <summary>The key of the period <paramref name="date"/> falls in at <paramref name="level"/>: <c>2017-04</c>, <c>2017-Q2</c> or <c>2017</c>.</summary>
    public static string PeriodKey(DateOnly date, PeriodLevel level) => level switch
    {
        PeriodLevel.Month => date.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        PeriodLevel.Quarter => string.Create(CultureInfo.InvariantCulture, $"{date.Year:D4}-Q{((date.Month - 1) / 3) + 1}"),
        _ => date.Year.ToString("D4", CultureInfo.InvariantCulture),
    };

    /// <summary>The first day of the period <paramref name="key"/> names at <paramref name="level"/>; null when it names none.</summary>
    public static DateOnly? PeriodStart(string key, PeriodLevel level)
    {
        ArgumentNullException.ThrowIfNull(key);
        var style = NumberStyles.None;
        var invariant = CultureInfo.InvariantCulture;
        return level switch
        {
            PeriodLevel.Month when key.Length == 7 && key[4] == '-' && int.TryParse(key.AsSpan(0, 4), style, invariant, out var y) && int.TryParse(key.AsSpan(5, 2), style, invariant, out var m) && y >= 1 && m is >= 1 and <= 12 => new DateOnly(y, m, 1),
            PeriodLevel.Quarter when key.Length == 7 && key[4] == '-' && key[5] == 'Q' && int.TryParse(key.AsSpan(0, 4), style, invariant, out var y) && key[6] is >= '1' and <= '4' && y >= 1 => new DateOnly(y, ((key[6] - '1') * 3) + 1, 1),
            PeriodLevel.Year when key.Length == 4 && int.TryParse(key, style, invariant, out var y) && y >= 1 => new DateOnly(y, 1, 1),
            _ => null,
        };
    }

    /// <summary>The key of the category "&lt;country&gt;, region unknown" of a region dimension at <see cref="RegionLevel.Region"/>.</summary>
    public static string CountryOnlyKey(string country) => country + "/" + FigureTable.UnknownKey;

    private static bool Matches(IndexedAct act, FigureDefinition definition)
    {
        var coding = act.Event.Coding;
        return (definition.Statuses.Count == 0 || definition.Statuses.Contains(coding.Status))
            && (definition.MinReliability <= 0 || act.BestReliability >= definition.MinReliability)
            && (!definition.CorroboratedOnly || act.Corroboration >= 2)
            && (definition.From is null || (act.To is { } to && to >= definition.From))
            && (definition.To is null || (act.From is { } from && from <= definition.To));
    }

    private static int PeopleIn(CodingSnapshot snapshot, string victimId) =>
        snapshot.Victims.TryGetValue(victimId, out var victim) && victim.Coding.Unit == CountingUnit.Group ? Math.Max(1, victim.Coding.GroupSize ?? 1) : 1;

    /// <summary>The categories one act falls in for a dimension (several only for perpetrator types).</summary>
    private static List<string> CategoriesOf(IndexedAct act, FigureDimension dimension, CodingSnapshot snapshot, Dictionary<string, GazetteerRegion> regions)
    {
        switch (dimension.Axis)
        {
            case FigureAxis.ActType:
                return [OrUnknown(act.Act.Type)];
            case FigureAxis.Period:
                return [PeriodOf(act, dimension.Period)];
            case FigureAxis.Region:
                return [RegionOf(act.Event.Coding.Region, dimension.Region, regions)];
            case FigureAxis.PerpetratorType:
                var perpetrators = act.Act.Involvements.Select(i => OrUnknown(i.Perpetrator)).Distinct(StringComparer.Ordinal).ToList();
                return perpetrators.Count == 0 ? [FigureTable.UnknownKey] : perpetrators;
            case FigureAxis.VictimStatus:
                return [OrUnknown(act.Act.VictimStatus)];
            default:
                return [OrUnknown(snapshot.Victims.TryGetValue(act.Act.Victim, out var victim) ? victim.Coding.AgeBand : null)];
        }
    }

    private static string OrUnknown(string? key) => string.IsNullOrEmpty(key) ? FigureTable.UnknownKey : key;

    /// <summary>
    /// The period of the event's start at the level; unknown when it has no start, or when the start is known less
    /// precisely than the level (a start known only to the year is not put in January).
    /// </summary>
    private static string PeriodOf(IndexedAct act, PeriodLevel level)
    {
        if (act.Event.Coding.Start is not { } start)
        {
            return FigureTable.UnknownKey;
        }

        var precise = start.Precision switch
        {
            DatePrecision.Day or DatePrecision.Month => true,
            _ => level == PeriodLevel.Year,
        };
        return precise ? PeriodKey(start.First, level) : FigureTable.UnknownKey;
    }

    private static string RegionOf(string? key, RegionLevel level, Dictionary<string, GazetteerRegion> regions)
    {
        if (string.IsNullOrEmpty(key))
        {
            return FigureTable.UnknownKey;
        }

        var parent = regions.TryGetValue(key, out var region) ? region.ParentKey : null;
        return (level, parent) switch
        {
            (RegionLevel.Country, null) => key,
            (RegionLevel.Country, _) => parent,
            (_, null) => CountryOnlyKey(key),
            _ => key,
        };
    }

    /// <summary>The categories of a dimension in their order, with <c>unknown</c> last when it has a count.</summary>
    private async Task<List<string>> OrderedCategoriesAsync(FigureDimension dimension, HashSet<string> used, Dictionary<string, GazetteerRegion> regions, CancellationToken cancellationToken)
    {
        var ordered = dimension.Axis switch
        {
            FigureAxis.Period => Periods(used, dimension.Period),
            FigureAxis.Region => Regions(used, dimension.Region, regions.Values),
            _ => await TermsAsync(used, dimension.Axis switch
            {
                FigureAxis.ActType => TermList.ActType,
                FigureAxis.PerpetratorType => TermList.PerpetratorType,
                FigureAxis.VictimStatus => TermList.VictimStatus,
                _ => TermList.AgeBand,
            }, cancellationToken),
        };

        // Keys the vocabulary does not know (never expected: coding is checked against it) keep their counts.
        var known = ordered.ToHashSet(StringComparer.Ordinal);
        ordered.AddRange(used.Where(k => k != FigureTable.UnknownKey && !known.Contains(k)).Order(StringComparer.Ordinal));
        if (used.Contains(FigureTable.UnknownKey))
        {
            ordered.Add(FigureTable.UnknownKey);
        }

        return ordered;
    }

    /// <summary>Every usable term in list order, and retired ones with counts; a term keyed <c>unknown</c> is the unknown category.</summary>
    private async Task<List<string>> TermsAsync(HashSet<string> used, TermList list, CancellationToken cancellationToken) =>
        [.. (await vocabulary.TermsAsync(list, cancellationToken)).Where(t => t.Key != FigureTable.UnknownKey && (!t.Retired || used.Contains(t.Key))).Select(t => t.Key)];

    /// <summary>Every period from the first to the last one with a count.</summary>
    private static List<string> Periods(HashSet<string> used, PeriodLevel level)
    {
        var starts = used.Select(k => PeriodStart(k, level)).OfType<DateOnly>().ToList();
        var keys = new List<string>();
        if (starts.Count == 0)
        {
            return keys;
        }

        var (date, last) = (starts.Min(), starts.Max());
        while (true)
        {
            keys.Add(PeriodKey(date, level));
            if (date >= last)
            {
                return keys;
            }

            date = level switch
            {
                PeriodLevel.Month => date.AddMonths(1),
                PeriodLevel.Quarter => date.AddMonths(3),
                _ => date.AddYears(1),
            };
        }
    }

    /// <summary>Every country (or every region, each country's "region unknown" after its regions when it has a count), usable or with a count, in the gazetteer's order.</summary>
    private static List<string> Regions(HashSet<string> used, RegionLevel level, IEnumerable<GazetteerRegion> gazetteer)
    {
        var all = gazetteer.ToList();
        var keys = new List<string>();
        foreach (var country in all.Where(r => r.ParentKey is null))
        {
            if (level == RegionLevel.Country)
            {
                if (!country.Retired || used.Contains(country.Key))
                {
                    keys.Add(country.Key);
                }

                continue;
            }

            keys.AddRange(all.Where(r => r.ParentKey == country.Key && ((!r.Retired && !country.Retired) || used.Contains(r.Key))).Select(r => r.Key));
            if (used.Contains(CountryOnlyKey(country.Key)))
            {
                keys.Add(CountryOnlyKey(country.Key));
            }
        }

        return keys;
    }

    /// <summary>One counting unit: its weight (people, for a victim) and the categories and cells it falls in.</summary>
    private sealed class Unit(int weight)
    {
        public int Weight { get; } = weight;

        public HashSet<string> Rows { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Columns { get; } = new(StringComparer.Ordinal);

        public HashSet<(string Row, string Column)> Cells { get; } = [];
    }
}
