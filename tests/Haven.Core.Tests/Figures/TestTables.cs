using Haven.Figures.Disclosure;
using Haven.Figures.Tables;

namespace Haven.Core.Tests.Figures;

/// <summary>True tables for the disclosure tests: rows r0, r1, ..., columns c0, c1, ...</summary>
internal static class TestTables
{
    public static FigureTable Additive(int[,] cells)
    {
        var rows = cells.GetLength(0);
        var columns = cells.GetLength(1);
        var rowTotals = Enumerable.Range(0, rows).Select(r => Enumerable.Range(0, columns).Sum(c => cells[r, c])).ToArray();
        var columnTotals = Enumerable.Range(0, columns).Select(c => Enumerable.Range(0, rows).Sum(r => cells[r, c])).ToArray();
        return new FigureTable(Keys("r", rows), Keys("c", columns), cells, rowTotals, columnTotals, rowTotals.Sum(), rowsAdditive: true, columnsAdditive: true);
    }

    public static FigureTable OneDimensional(params int[] counts)
    {
        var cells = new int[counts.Length, 1];
        for (var r = 0; r < counts.Length; r++)
        {
            cells[r, 0] = counts[r];
        }

        return new FigureTable(Keys("r", counts.Length), [FigureTable.AllKey], cells, counts, [counts.Sum()], counts.Sum(), rowsAdditive: true, columnsAdditive: true);
    }

    public static List<string> Keys(string prefix, int count) =>
        Enumerable.Range(0, count).Select(i => prefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();

    /// <summary>A published table with every count as given by <paramref name="publish"/>.</summary>
    public static PublishedTable Publish(FigureTable truth, int threshold, Func<CellRef, int, PublishedCount> publish) =>
        DisclosureControl.Build(truth, truth.AllCells().ToDictionary(c => c, c => publish(c, truth[c])), threshold);

    /// <summary>Primary banding only: 1..threshold as a band, everything else exact.</summary>
    public static PublishedTable PrimaryOnly(FigureTable truth, int threshold) =>
        Publish(truth, threshold, (_, v) => v >= 1 && v <= threshold ? PublishedCount.Band(1, threshold) : PublishedCount.Exact(v));
}
