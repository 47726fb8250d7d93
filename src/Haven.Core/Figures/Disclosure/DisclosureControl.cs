using Haven.Figures.Definition;
using Haven.Figures.Tables;

namespace Haven.Figures.Disclosure;

/// <summary>
/// Disclosure control of a figure (issue 17, point 2): from the true table, the table a release publishes. A count
/// (cell or margin) from 1 to the threshold is published only as the band "1–threshold" (primary protection), a zero
/// as 0, a larger count as it is unless it must be suppressed so that no banded count, of this release or of an
/// earlier version, can be narrowed from everything published (secondary suppression, checked by
/// <see cref="DisclosureAuditor"/>). Suppressing every count above the threshold always passes, so a protection
/// that fails its audit is never returned.
/// </summary>
internal sealed class DisclosureControl(DisclosureAuditor auditor)
{
    /// <summary>Protects <paramref name="truth"/> for publishing with <paramref name="threshold"/>, given the earlier versions of the figure.</summary>
    public Protection Protect(FigureTable truth, FigureDefinition definition, int threshold, IReadOnlyList<EarlierRelease> earlier)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(earlier);
        ArgumentOutOfRangeException.ThrowIfLessThan(threshold, FiguresOptions.MinThreshold);

        var counts = new Dictionary<CellRef, PublishedCount>();
        var reasons = new Dictionary<CellRef, ProtectionReason>();
        foreach (var cell in truth.AllCells())
        {
            var value = truth[cell];
            (counts[cell], reasons[cell]) = value switch
            {
                0 => (PublishedCount.Exact(0), ProtectionReason.None),
                _ when value <= threshold => (PublishedCount.Band(1, threshold), ProtectionReason.Primary),
                _ => (PublishedCount.Exact(value), ProtectionReason.None),
            };
        }

        var secondary = new SecondarySuppression(truth, threshold, earlier, counts, reasons);
        secondary.Run();
        var published = Build(truth, counts, threshold);
        var audit = auditor.Audit(published, truth, earlier);
        if (!audit.Passed)
        {
            // Never expected (each step is checked by the same program), but a failing protection is never returned.
            secondary.SuppressEverything();
            published = Build(truth, counts, threshold);
            audit = auditor.Audit(published, truth, earlier);
        }

        return new Protection(published, reasons, audit, Hints(truth, definition, reasons));
    }

    /// <summary>The table as published: categories with their keys only, counts as decided.</summary>
    public static PublishedTable Build(FigureTable truth, IReadOnlyDictionary<CellRef, PublishedCount> counts, int threshold)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(counts);
        return new PublishedTable
        {
            Rows = truth.RowKeys.Select(Category).ToList(),
            Columns = truth.ColumnKeys.Select(Category).ToList(),
            Cells = Enumerable.Range(0, truth.RowKeys.Count).Select(r => (IReadOnlyList<PublishedCount>)Enumerable.Range(0, truth.ColumnKeys.Count).Select(c => counts[new CellRef(r, c)]).ToList()).ToList(),
            RowTotals = Enumerable.Range(0, truth.RowKeys.Count).Select(r => counts[CellRef.RowTotal(r)]).ToList(),
            ColumnTotals = Enumerable.Range(0, truth.ColumnKeys.Count).Select(c => counts[CellRef.ColumnTotal(c)]).ToList(),
            Total = counts[CellRef.Total],
            RowsAdditive = truth.RowsAdditive,
            ColumnsAdditive = truth.ColumnsAdditive,
            Threshold = threshold,
        };
    }

    private static PublishedCategory Category(string key) => new() { Key = key };

    /// <summary>A coarser level for each period or region dimension when more than half the non-zero cells are banded.</summary>
    private static List<CoarseningHint> Hints(FigureTable truth, FigureDefinition definition, Dictionary<CellRef, ProtectionReason> reasons)
    {
        var hints = new List<CoarseningHint>();
        var nonZero = 0;
        var primary = 0;
        foreach (var cell in truth.AllCells().Where(c => !c.IsMargin && truth[c] > 0))
        {
            nonZero++;
            primary += reasons[cell] == ProtectionReason.Primary ? 1 : 0;
        }

        if (nonZero == 0 || primary * 2 <= nonZero)
        {
            return hints;
        }

        var percent = primary * 100 / nonZero;
        if (Coarser(definition.Rows) is { } rows)
        {
            hints.Add(new CoarseningHint(true, rows, percent));
        }

        if (definition.Columns is { } columns && Coarser(columns) is { } coarserColumns)
        {
            hints.Add(new CoarseningHint(false, coarserColumns, percent));
        }

        return hints;
    }

    /// <summary>The next coarser level of a period (month, quarter, year) or region (region, country) dimension.</summary>
    private static FigureDimension? Coarser(FigureDimension dimension) => dimension.Axis switch
    {
        FigureAxis.Period when dimension.Period == PeriodLevel.Month => dimension with { Period = PeriodLevel.Quarter },
        FigureAxis.Period when dimension.Period == PeriodLevel.Quarter => dimension with { Period = PeriodLevel.Year },
        FigureAxis.Region when dimension.Region == RegionLevel.Region => dimension with { Region = RegionLevel.Country },
        _ => null,
    };
}
