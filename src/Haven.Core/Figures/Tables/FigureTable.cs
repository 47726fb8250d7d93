namespace Haven.Figures.Tables;

/// <summary>
/// The true counts of a figure, computed in memory from the coding an analyst can read; never stored in plaintext
/// and never shown outside the desk. A one-dimensional figure has one column, <see cref="AllKey"/>, and its row
/// totals equal its cells. Margins count distinct units: when a unit can fall in several categories of a
/// dimension (a victim who suffered two act types), that dimension is not additive and the margin across it is
/// at most the sum of its cells.
/// </summary>
internal sealed class FigureTable
{
    /// <summary>The key of the single column of a one-dimensional figure.</summary>
    public const string AllKey = "all";

    /// <summary>The key of the category of units with no value for a dimension (no date, no region, not coded).</summary>
    public const string UnknownKey = "unknown";

    private readonly int[,] _cells;

    public FigureTable(IReadOnlyList<string> rowKeys, IReadOnlyList<string> columnKeys, int[,] cells, int[] rowTotals, int[] columnTotals, int total, bool rowsAdditive, bool columnsAdditive)
    {
        ArgumentNullException.ThrowIfNull(rowKeys);
        ArgumentNullException.ThrowIfNull(columnKeys);
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(rowTotals);
        ArgumentNullException.ThrowIfNull(columnTotals);
        if (cells.GetLength(0) != rowKeys.Count || cells.GetLength(1) != columnKeys.Count || rowTotals.Length != rowKeys.Count || columnTotals.Length != columnKeys.Count)
        {
            throw new ArgumentException("The cells and margins must match the categories.", nameof(cells));
        }

        RowKeys = rowKeys;
        ColumnKeys = columnKeys;
        _cells = cells;
        RowTotals = rowTotals;
        ColumnTotals = columnTotals;
        Total = total;
        RowsAdditive = rowsAdditive;
        ColumnsAdditive = columnsAdditive;
    }

    public IReadOnlyList<string> RowKeys { get; }

    public IReadOnlyList<string> ColumnKeys { get; }

    public IReadOnlyList<int> RowTotals { get; }

    public IReadOnlyList<int> ColumnTotals { get; }

    public int Total { get; }

    /// <summary>Every unit falls in exactly one row category: a column's total is the sum of its cells.</summary>
    public bool RowsAdditive { get; }

    /// <summary>Every unit falls in exactly one column category: a row's total is the sum of its cells.</summary>
    public bool ColumnsAdditive { get; }

    public bool OneDimensional => ColumnKeys.Count == 1 && ColumnKeys[0] == AllKey;

    /// <summary>A cell's count, or a margin's (<see cref="CellRef.Margin"/>).</summary>
    public int this[CellRef cell] => (cell.Row, cell.Column) switch
    {
        (CellRef.Margin, CellRef.Margin) => Total,
        (CellRef.Margin, var c) => ColumnTotals[c],
        (var r, CellRef.Margin) => RowTotals[r],
        (var r, var c) => _cells[r, c],
    };

    /// <summary>Every cell and margin of the table: cells by row, then row totals, column totals and the total.</summary>
    public IEnumerable<CellRef> AllCells()
    {
        for (var r = 0; r < RowKeys.Count; r++)
        {
            for (var c = 0; c < ColumnKeys.Count; c++)
            {
                yield return new CellRef(r, c);
            }
        }

        for (var r = 0; r < RowKeys.Count; r++)
        {
            yield return CellRef.RowTotal(r);
        }

        for (var c = 0; c < ColumnKeys.Count; c++)
        {
            yield return CellRef.ColumnTotal(c);
        }

        yield return CellRef.Total;
    }
}
