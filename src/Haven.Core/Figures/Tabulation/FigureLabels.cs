using System.Globalization;
using Haven.Figures.Definition;
using Haven.Figures.Tables;
using Haven.Record.Vocabulary;

namespace Haven.Figures.Tabulation;

/// <summary>
/// The labels of a figure's categories, in English, Russian and every other culture the vocabulary has labels in,
/// as they are when the release is prepared (a release keeps them: renaming a term later does not edit it). Terms
/// and regions from <see cref="RecordVocabulary"/>; periods written out ("April 2017", "апрель 2017", "2017 Q2",
/// "2017, II кв."); "Unknown" and "All".
/// </summary>
internal sealed class FigureLabels(RecordVocabulary vocabulary)
{
    private static readonly string[] RomanQuarters = ["I", "II", "III", "IV"];

    /// <summary><paramref name="table"/> with every row and column category labelled for <paramref name="definition"/>.</summary>
    public async Task<PublishedTable> LabelAsync(PublishedTable table, FigureDefinition definition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(definition);
        return table with
        {
            Rows = await CategoriesAsync(definition.Rows, [.. table.Rows.Select(r => r.Key)], cancellationToken),
            Columns = await CategoriesAsync(definition.Columns, [.. table.Columns.Select(c => c.Key)], cancellationToken),
        };
    }

    /// <summary>The categories <paramref name="keys"/> of <paramref name="dimension"/> (null: the one column <c>all</c>), labelled.</summary>
    public async Task<IReadOnlyList<PublishedCategory>> CategoriesAsync(FigureDimension? dimension, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var terms = dimension?.Axis switch
        {
            FigureAxis.ActType => await vocabulary.TermsAsync(TermList.ActType, cancellationToken),
            FigureAxis.PerpetratorType => await vocabulary.TermsAsync(TermList.PerpetratorType, cancellationToken),
            FigureAxis.VictimStatus => await vocabulary.TermsAsync(TermList.VictimStatus, cancellationToken),
            FigureAxis.AgeBand => await vocabulary.TermsAsync(TermList.AgeBand, cancellationToken),
            _ => [],
        };
        var termsByKey = terms.ToDictionary(t => t.Key, StringComparer.Ordinal);
        var regions = dimension?.Axis == FigureAxis.Region ? (await vocabulary.RegionsAsync(cancellationToken)).ToDictionary(r => r.Key, StringComparer.Ordinal) : [];
        var cultures = new SortedSet<string>(StringComparer.Ordinal) { "en", "ru" };
        cultures.UnionWith(terms.SelectMany(t => t.Labels.Keys));
        cultures.UnionWith(regions.Values.SelectMany(r => r.Labels.Keys));
        return [.. keys.Select(key => new PublishedCategory { Key = key, Labels = LabelsOf(key, dimension, termsByKey, regions, cultures) })];
    }

    private static Dictionary<string, string> LabelsOf(string key, FigureDimension? dimension, Dictionary<string, VocabularyTerm> terms, Dictionary<string, GazetteerRegion> regions, IEnumerable<string> cultures)
    {
        if (dimension is null && key == FigureTable.AllKey)
        {
            return new(StringComparer.Ordinal) { ["en"] = "All", ["ru"] = "Все" };
        }

        if (key == FigureTable.UnknownKey)
        {
            return new(StringComparer.Ordinal) { ["en"] = "Unknown", ["ru"] = "Неизвестно" };
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var culture in cultures)
        {
            if (LabelOf(key, dimension!, terms, regions, culture) is { } label)
            {
                labels[culture] = label;
            }
        }

        labels.TryAdd("en", key);
        return labels;
    }

    private static string? LabelOf(string key, FigureDimension dimension, Dictionary<string, VocabularyTerm> terms, Dictionary<string, GazetteerRegion> regions, string culture)
    {
        switch (dimension.Axis)
        {
            case FigureAxis.Period:
                return PeriodLabel(key, dimension.Period, culture);
            case FigureAxis.Region:
                if (key.EndsWith("/" + FigureTable.UnknownKey, StringComparison.Ordinal))
                {
                    var country = key[..^(FigureTable.UnknownKey.Length + 1)];
                    var name = regions.TryGetValue(country, out var c) ? c.Label(CultureFor(culture)) : country;
                    return culture switch
                    {
                        "en" => $"{name}, region unknown",
                        "ru" => $"{name}, регион неизвестен",
                        _ => null,
                    };
                }

                return regions.TryGetValue(key, out var region) ? (region.Labels.TryGetValue(culture, out var own) ? own : culture == "en" ? region.Label(CultureInfo.InvariantCulture) : null) : null;
            default:
                return terms.TryGetValue(key, out var term) ? (term.Labels.TryGetValue(culture, out var label) ? label : culture == "en" ? term.Label(CultureInfo.InvariantCulture) : null) : null;
        }
    }

    /// <summary>"April 2017", "апрель 2017", "2017 Q2", "2017, II кв.", "2017".</summary>
    public static string? PeriodLabel(string key, PeriodLevel level, string culture)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (FigureTabulator.PeriodStart(key, level) is not { } start)
        {
            return null;
        }

        var year = start.Year.ToString("D4", CultureInfo.InvariantCulture);
        switch (level)
        {
            case PeriodLevel.Month:
                var month = CultureFor(culture).DateTimeFormat.MonthNames[start.Month - 1];
                return month.Length == 0 ? null : $"{month} {year}";
            case PeriodLevel.Quarter:
                var quarter = ((start.Month - 1) / 3) + 1;
                return culture == "ru" ? $"{year}, {RomanQuarters[quarter - 1]} кв." : $"{year} Q{quarter}";
            default:
                return year;
        }
    }

    private static CultureInfo CultureFor(string culture)
    {
        try
        {
            return CultureInfo.GetCultureInfo(culture);
        }
        catch (CultureNotFoundException)
        {
            return CultureInfo.InvariantCulture;
        }
    }
}
