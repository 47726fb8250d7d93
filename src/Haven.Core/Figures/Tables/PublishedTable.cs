using System.Text.Json.Serialization;

namespace Haven.Figures.Tables;

/// <summary>
/// A figure's table as a release publishes it, after disclosure control: public, stored in plaintext, never
/// edited. Same shape as <see cref="FigureTable"/> (a one-dimensional figure has the one column
/// <see cref="FigureTable.AllKey"/>), each count published as a number, a band or nothing.
/// </summary>
internal sealed record PublishedTable
{
    [JsonPropertyName("rows")]
    public IReadOnlyList<PublishedCategory> Rows { get; init; } = [];

    [JsonPropertyName("columns")]
    public IReadOnlyList<PublishedCategory> Columns { get; init; } = [];

    /// <summary>By row, then column.</summary>
    [JsonPropertyName("cells")]
    public IReadOnlyList<IReadOnlyList<PublishedCount>> Cells { get; init; } = [];

    [JsonPropertyName("row_totals")]
    public IReadOnlyList<PublishedCount> RowTotals { get; init; } = [];

    [JsonPropertyName("column_totals")]
    public IReadOnlyList<PublishedCount> ColumnTotals { get; init; } = [];

    [JsonPropertyName("total")]
    public PublishedCount Total { get; init; } = PublishedCount.Suppressed;

    /// <summary>See <see cref="FigureTable.RowsAdditive"/>: said in the method, and used by the audit.</summary>
    [JsonPropertyName("rows_additive")]
    public bool RowsAdditive { get; init; }

    [JsonPropertyName("columns_additive")]
    public bool ColumnsAdditive { get; init; }

    /// <summary>The threshold the release was prepared with: counts from 1 to it are published as a band.</summary>
    [JsonPropertyName("threshold")]
    public int Threshold { get; init; }

    [JsonIgnore]
    public bool OneDimensional => Columns.Count == 1 && Columns[0].Key == FigureTable.AllKey;

    /// <summary>A cell's or a margin's published count.</summary>
    public PublishedCount this[CellRef cell] => (cell.Row, cell.Column) switch
    {
        (CellRef.Margin, CellRef.Margin) => Total,
        (CellRef.Margin, var c) => ColumnTotals[c],
        (var r, CellRef.Margin) => RowTotals[r],
        (var r, var c) => Cells[r][c],
    };
}
