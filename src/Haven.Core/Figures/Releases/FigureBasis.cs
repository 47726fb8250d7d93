using System.Text.Json.Serialization;
using Haven.Crypto;
using Haven.Figures.Disclosure;
using Haven.Figures.Tables;
using Haven.Record.Keys;

namespace Haven.Figures.Releases;

/// <summary>
/// The plaintext of a release's basis (docs/protocol.md, "Figures: the basis of a release"): the true table and why
/// each protected count was protected. Only ever stored encrypted (<see cref="FigureBasisEnvelope"/>).
/// </summary>
internal sealed record FigureBasis
{
    [JsonPropertyName("v")]
    public int Version { get; init; } = 1;

    [JsonPropertyName("rows")]
    public IReadOnlyList<string> Rows { get; init; } = [];

    [JsonPropertyName("columns")]
    public IReadOnlyList<string> Columns { get; init; } = [];

    /// <summary>By row, then column.</summary>
    [JsonPropertyName("cells")]
    public IReadOnlyList<IReadOnlyList<int>> Cells { get; init; } = [];

    [JsonPropertyName("row_totals")]
    public IReadOnlyList<int> RowTotals { get; init; } = [];

    [JsonPropertyName("column_totals")]
    public IReadOnlyList<int> ColumnTotals { get; init; } = [];

    [JsonPropertyName("total")]
    public int Total { get; init; }

    [JsonPropertyName("rows_additive")]
    public bool RowsAdditive { get; init; }

    [JsonPropertyName("columns_additive")]
    public bool ColumnsAdditive { get; init; }

    /// <summary>Every protected count (row or column -1 for a margin) and why.</summary>
    [JsonPropertyName("reasons")]
    public IReadOnlyList<BasisReason> Reasons { get; init; } = [];

    public static FigureBasis Of(FigureTable truth, IReadOnlyDictionary<CellRef, ProtectionReason> reasons)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(reasons);
        return new FigureBasis
        {
            Rows = truth.RowKeys,
            Columns = truth.ColumnKeys,
            Cells = [.. Enumerable.Range(0, truth.RowKeys.Count).Select(r => (IReadOnlyList<int>)[.. Enumerable.Range(0, truth.ColumnKeys.Count).Select(c => truth[new CellRef(r, c)])])],
            RowTotals = truth.RowTotals,
            ColumnTotals = truth.ColumnTotals,
            Total = truth.Total,
            RowsAdditive = truth.RowsAdditive,
            ColumnsAdditive = truth.ColumnsAdditive,
            Reasons = [.. reasons.Where(r => r.Value != ProtectionReason.None).OrderBy(r => r.Key.Row).ThenBy(r => r.Key.Column).Select(r => new BasisReason(r.Key.Row, r.Key.Column, r.Value))],
        };
    }

    /// <summary>The true table and the reasons; null when the shapes do not agree.</summary>
    public (FigureTable Truth, IReadOnlyDictionary<CellRef, ProtectionReason> Reasons)? ToTable()
    {
        if (Cells.Count != Rows.Count || Cells.Any(r => r.Count != Columns.Count) || RowTotals.Count != Rows.Count || ColumnTotals.Count != Columns.Count)
        {
            return null;
        }

        var cells = new int[Rows.Count, Columns.Count];
        for (var r = 0; r < Rows.Count; r++)
        {
            for (var c = 0; c < Columns.Count; c++)
            {
                cells[r, c] = Cells[r][c];
            }
        }

        var table = new FigureTable(Rows, Columns, cells, [.. RowTotals], [.. ColumnTotals], Total, RowsAdditive, ColumnsAdditive);
        return (table, Reasons.ToDictionary(r => new CellRef(r.Row, r.Column), r => r.Reason));
    }

    /// <summary>
    /// Encrypts the basis of <paramref name="releaseId"/> to the documentation public key: the columns
    /// <c>basis</c> and <c>basis_key_for_documentation</c>. The plaintext is wiped before returning.
    /// </summary>
    public (byte[] Ciphertext, byte[] KeyForDocumentation) Seal(string releaseId, byte[] documentationPublicKey)
    {
        var json = FiguresJson.ToUtf8(this);
        try
        {
            return FigureBasisEnvelope.Seal(json, releaseId, documentationPublicKey);
        }
        finally
        {
            Array.Clear(json);
        }
    }

    /// <summary>The basis of <paramref name="release"/>, opened with the generation of <paramref name="keyring"/> it was sealed to; null when it does not open.</summary>
    public static FigureBasis? Open(FigureRelease release, DocumentationKeyring keyring)
    {
        ArgumentNullException.ThrowIfNull(release);
        ArgumentNullException.ThrowIfNull(keyring);
        if (release.Basis.Length == 0 || !keyring.TryGet(release.DocumentationGeneration, out var key)
            || !FigureBasisEnvelope.TryOpen(release.Basis, release.BasisKeyForDocumentation, key, release.Id, out var json))
        {
            return null;
        }

        try
        {
            return FiguresJson.FromUtf8<FigureBasis>(json);
        }
        finally
        {
            Array.Clear(json);
        }
    }
}
