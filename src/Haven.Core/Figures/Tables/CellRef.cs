namespace Haven.Figures.Tables;

/// <summary>
/// A cell of a figure's table, or one of its margins: <see cref="Margin"/> as the column is a row's total, as the
/// row a column's total, as both the grand total.
/// </summary>
internal readonly record struct CellRef(int Row, int Column)
{
    public const int Margin = -1;

    public static CellRef Total => new(Margin, Margin);

    public static CellRef RowTotal(int row) => new(row, Margin);

    public static CellRef ColumnTotal(int column) => new(Margin, column);

    public bool IsMargin => Row == Margin || Column == Margin;
}
