using System.Globalization;
using Haven.Figures;
using Haven.Figures.Definition;
using Haven.Figures.Disclosure;
using Haven.Figures.Releases;
using Haven.Figures.Tables;
using Microsoft.Extensions.Localization;

namespace Haven.Web.Pages.Desk.Figures;

/// <summary>
/// How the desk's figure pages write a table's parts: a published count ("123", "1–10", "suppressed"), the name of
/// a cell or a margin from its categories' labels in the reader's language, why a count was protected, a status
/// and a title.
/// </summary>
internal static class FigureText
{
    /// <summary>A count as it is (or will be) published.</summary>
    public static string Published(IStringLocalizer text, PublishedCount count)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(count);
        return count.Kind switch
        {
            PublishedCountKind.Exact => (count.Value ?? 0).ToString(CultureInfo.CurrentCulture),
            PublishedCountKind.Band => Band(count.Low ?? 0, count.High ?? 0),
            _ => text["Figures.Desk.Suppressed"],
        };
    }

    /// <summary>A band or range "low–high".</summary>
    public static string Band(int low, int high) =>
        string.Create(CultureInfo.CurrentCulture, $"{low}–{high}");

    /// <summary>A feasible bound of the audit: a whole number when it is one, "∞" when there is none.</summary>
    public static string Bound(double value) =>
        double.IsPositiveInfinity(value) || value > 1e12 ? "∞" : Math.Round(value, 2).ToString("0.##", CultureInfo.CurrentCulture);

    /// <summary>The name of a cell or margin: "row × column", "row: total", "column: total", "Total".</summary>
    public static string Cell(IStringLocalizer text, PublishedTable table, CellRef cell)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(table);
        var culture = CultureInfo.CurrentUICulture;
        string Row(int r) => r < table.Rows.Count ? table.Rows[r].Label(culture) : r.ToString(CultureInfo.InvariantCulture);
        string Column(int c) => c < table.Columns.Count ? table.Columns[c].Label(culture) : c.ToString(CultureInfo.InvariantCulture);
        return (cell.Row, cell.Column) switch
        {
            (CellRef.Margin, CellRef.Margin) => text["Figures.Desk.Total"],
            (CellRef.Margin, var c) => text["Figures.Desk.ColumnTotal", Column(c)],
            (var r, CellRef.Margin) => table.OneDimensional ? Row(r) : text["Figures.Desk.RowTotal", Row(r)],
            (var r, var c) => table.OneDimensional ? Row(r) : $"{Row(r)} × {Column(c)}",
        };
    }

    /// <summary>Why a count was protected, in words; empty for one that was not.</summary>
    public static string Reason(IStringLocalizer text, ProtectionReason reason, int threshold)
    {
        ArgumentNullException.ThrowIfNull(text);
        return reason switch
        {
            ProtectionReason.Primary => text["Figures.Desk.Reason.Primary", threshold],
            ProtectionReason.Secondary => text["Figures.Desk.Reason.Secondary"],
            _ => "",
        };
    }

    /// <summary>What a figure counts, in words: "Acts by month and by region".</summary>
    public static string Describe(IStringLocalizer text, FigureDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(definition);
        var unit = text["Figures.Desk.Unit." + FigureForm.Units.First(u => u.Unit == definition.Unit).Value];
        var rows = text["Figures.Desk.By." + FigureForm.Value(definition.Rows)];
        return definition.Columns is { } columns
            ? text["Figures.Desk.Describe2", unit, rows, text["Figures.Desk.By." + FigureForm.Value(columns)]]
            : text["Figures.Desk.Describe1", unit, rows];
    }

    /// <summary>The release's title in the reader's language, or in English.</summary>
    public static string Title(FigureRelease release)
    {
        ArgumentNullException.ThrowIfNull(release);
        var titles = FiguresJson.FromJson<Dictionary<string, string>>(release.Titles) ?? [];
        return titles.TryGetValue(CultureInfo.CurrentUICulture.TwoLetterISOLanguageName, out var title) && !string.IsNullOrWhiteSpace(title)
            ? title
            : titles.GetValueOrDefault("en") ?? "";
    }

    /// <summary>The resx key of a status's name.</summary>
    public static string Status(FigureReleaseStatus status) => "Figures.Desk.Status." + status;
}
