using Haven.Figures.Definition;
using Haven.Figures.Tables;
using Haven.Web.Pages;
using Microsoft.Extensions.Localization;

namespace Haven.Web.Figures;

/// <summary>
/// A figure's method in plain words (issue 17, point 4), generated from its definition, its threshold and the
/// rules of disclosure control, so that what a page says is always what was counted: what one count is, by what,
/// over which dates, with which filters, what "unknown" and the totals mean, and how small counts are protected.
/// The public pages and the desk show the same text (resx keys <c>Figures.Method.*</c>).
/// </summary>
internal static class FigureMethodText
{
    /// <summary>The method of a release: one sentence or two per paragraph, in the current UI language.</summary>
    public static IReadOnlyList<string> Paragraphs(FigureDefinition definition, PublishedTable table, IStringLocalizer t)
    {
        ArgumentNullException.ThrowIfNull(table);
        return Paragraphs(definition, table.Threshold, table.RowsAdditive, table.ColumnsAdditive && definition?.Columns is not null, t);
    }

    /// <summary>The method of a figure not published yet (the desk's preview): one sentence or two per paragraph.</summary>
    /// <param name="definition">What was counted.</param>
    /// <param name="threshold">Counts from 1 to it are published as a band.</param>
    /// <param name="rowsAdditive">Whether each unit falls in one row only (else the totals count each unit once).</param>
    /// <param name="columnsAdditive">The same for the columns of a two-dimensional figure.</param>
    /// <param name="t">The site's texts.</param>
    public static IReadOnlyList<string> Paragraphs(FigureDefinition definition, int threshold, bool rowsAdditive, bool columnsAdditive, IStringLocalizer t)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(t);
        var paragraphs = new List<string>();
        var unit = FigureWords.Unit(definition.Unit, t);

        // What one count is, and by what.
        paragraphs.Add(t["Figures.Method.Unit." + definition.Unit]);
        paragraphs.Add(definition.Columns is { } columns
            ? t["Figures.Method.ByTwo", unit, FigureWords.Dimension(definition.Rows, t), FigureWords.Dimension(columns, t)]
            : t["Figures.Method.ByOne", unit, FigureWords.Dimension(definition.Rows, t)]);

        // The period covered and the filters.
        paragraphs.Add((definition.From, definition.To) switch
        {
            ({ } from, { } to) => t["Figures.Method.Between", DateText.Day(from), DateText.Day(to)],
            ({ } from, null) => t["Figures.Method.From", DateText.Day(from)],
            (null, { } to) => t["Figures.Method.To", DateText.Day(to)],
            _ => t["Figures.Method.AllDates"],
        });
        if (definition.Statuses.Count > 0)
        {
            paragraphs.Add(t["Figures.Method.Statuses", string.Join(", ", definition.Statuses.Select(s => t["Record.ViolationStatus." + s].Value))]);
        }

        if (definition.MinReliability > 0)
        {
            paragraphs.Add(t["Figures.Method.Reliability", definition.MinReliability]);
        }

        if (definition.CorroboratedOnly)
        {
            paragraphs.Add(t["Figures.Method.Corroborated"]);
        }

        // What the categories and the totals mean.
        paragraphs.Add(t["Figures.Method.Unknown"]);
        var several = new List<string>();
        if (!rowsAdditive)
        {
            several.Add(FigureWords.Dimension(definition.Rows, t));
        }

        if (definition.Columns is { } second && !columnsAdditive)
        {
            several.Add(FigureWords.Dimension(second, t));
        }

        if (several.Count > 0)
        {
            var culture = System.Globalization.CultureInfo.CurrentUICulture;
            paragraphs.Add(t["Figures.Method.NotAdditive", culture.TextInfo.ToLower(unit), string.Join(", ", several.Select(s => t["Figures.Quoted", s].Value))]);
        }

        // How small counts are protected.
        paragraphs.Add(t["Figures.Method.Bands", threshold, FigureChart.BandLabel(1, threshold, System.Globalization.CultureInfo.CurrentUICulture)]);
        paragraphs.Add(t["Figures.Method.Suppression"]);
        paragraphs.Add(t["Figures.Method.Minimum"]);
        return paragraphs;
    }
}
