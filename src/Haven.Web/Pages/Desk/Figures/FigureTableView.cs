using Haven.Figures.Disclosure;
using Haven.Figures.Tables;

namespace Haven.Web.Pages.Desk.Figures;

/// <summary>
/// What the desk's partial <c>_FigureTable</c> shows: a table as it is (or will be) published and, for a
/// documentation holder, each count's true value and why it was protected. <paramref name="Id"/> prefixes the
/// element ids (<c>{Id}-{row}-{column}</c>, <c>t</c> for a total).
/// </summary>
internal sealed record FigureTableView(string Id, PublishedTable Published, FigureTable? Truth, IReadOnlyDictionary<CellRef, ProtectionReason>? Reasons)
{
    /// <summary>The page's one table, its cells' ids starting with <c>cell-</c>.</summary>
    public static FigureTableView Cells(PublishedTable published, FigureTable? truth, IReadOnlyDictionary<CellRef, ProtectionReason>? reasons) => new("cell", published, truth, reasons);

    /// <summary>The element id of a cell or margin.</summary>
    public string CellId(CellRef cell) => $"{Id}-{Part(cell.Row)}-{Part(cell.Column)}";

    public ProtectionReason Reason(CellRef cell) => Reasons?.GetValueOrDefault(cell) ?? ProtectionReason.None;

    private static string Part(int index) => index == CellRef.Margin ? "t" : index.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
