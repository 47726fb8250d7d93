using System.Globalization;
using System.Text;
using System.Xml;
using Haven.Figures.Tables;
using Microsoft.Extensions.Localization;

namespace Haven.Web.Figures;

/// <summary>
/// Writes a figure's published table as an accessible SVG, on the server (issue 17, point 4): horizontal bars for
/// a one-dimensional figure, a heat table for two dimensions. A band ("1–10") is drawn as a range from its low
/// to its high end on the same scale as the exact counts, never as a point; a suppressed count is written out as
/// such. The SVG is written by an <see cref="XmlWriter"/>, so every label is escaped; it has no script and no
/// <c>style</c> attribute (the site's CSP is <c>style-src 'self'</c>): colours are presentation attributes, and
/// the classes are hooks for the site's stylesheet. Its <c>title</c> and <c>desc</c> are referenced by
/// <c>aria-labelledby</c> on the <c>svg</c>, whose role is <c>img</c>: the table beside it carries every count
/// for a screen reader.
/// </summary>
internal static class FigureChart
{
    public const string SvgNamespace = "http://www.w3.org/2000/svg";

    private const double Width = 720;
    private const double LabelWidth = 210;
    private const double PlotX = LabelWidth + 10;
    private const double PlotWidth = 380;
    private const double RowHeight = 26;
    private const double BarHeight = 16;
    private const double Top = 10;
    private const double CellWidth = 84;
    private const double CellHeight = 34;
    private const double HeaderHeight = 120;
    private const int MaxLabelLength = 30;

    private static readonly int[] StepMultiples = [1, 2, 5, 10];

    private const string Ink = "#1d1d1f";
    private const string Muted = "#5a5a60";
    private const string GridColour = "#d4d4d8";
    private const string Accent = "#1f5f8b";
    private const string BandFill = "#dbe8f1";
    private const string SuppressedFill = "#f0f0f2";
    private const string Font = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";

    /// <summary>
    /// The SVG of <paramref name="view"/> as markup to put in a page as is. <paramref name="id"/> prefixes the ids
    /// of its title, description and pattern, so that two charts on one page stay apart.
    /// </summary>
    public static string Svg(FigureChartView view, string id, IStringLocalizer t, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(culture);
        id = SafeId(id);
        var builder = new StringBuilder();
        var settings = new XmlWriterSettings { OmitXmlDeclaration = true, ConformanceLevel = ConformanceLevel.Fragment, Indent = false };
        using (var writer = XmlWriter.Create(builder, settings))
        {
            var chart = new Writer(writer, view, id, t, culture);
            chart.Write();
        }

        return builder.ToString();
    }

    /// <summary>A band's label, "1–10" (an en dash; the CSV writes a hyphen).</summary>
    public static string BandLabel(int low, int high, CultureInfo culture) =>
        low.ToString("N0", culture) + "\u2013" + high.ToString("N0", culture);

    /// <summary>How a count is shown in a chart or a table: the number, the band, or the word for suppressed.</summary>
    public static string CountLabel(PublishedCount count, IStringLocalizer t, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(count);
        ArgumentNullException.ThrowIfNull(t);
        return count.Kind switch
        {
            PublishedCountKind.Exact => (count.Value ?? 0).ToString("N0", culture),
            PublishedCountKind.Band => BandLabel(count.Low ?? 0, count.High ?? 0, culture),
            _ => t["Figures.Chart.Suppressed"],
        };
    }

    /// <summary>Characters XML cannot carry (controls, lone surrogates) replaced, so that no label can break the SVG.</summary>
    internal static string Clean(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[i + 1]);
                i++;
            }
            else
            {
                builder.Append(XmlConvert.IsXmlChar(c) ? c : '\uFFFD');
            }
        }

        return builder.ToString();
    }

    private static string SafeId(string id)
    {
        var safe = new string([.. (id ?? "").Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')]);
        return safe.Length == 0 || !char.IsAsciiLetter(safe[0]) ? "chart-" + safe : safe;
    }

    private static string Number(double value) => Math.Round(value, 2).ToString(CultureInfo.InvariantCulture);

    /// <summary>At most <see cref="MaxLabelLength"/> letters (whole ones: a surrogate pair or an accent is never cut).</summary>
    private static string Shorten(string label)
    {
        var letters = new StringInfo(label);
        return letters.LengthInTextElements <= MaxLabelLength ? label : letters.SubstringByTextElements(0, MaxLabelLength - 1).TrimEnd() + "\u2026";
    }

    /// <summary>The largest published count (a band by its high end), and a round scale above it with its ticks.</summary>
    private static (double Max, int Step) Scale(IEnumerable<PublishedCount> counts)
    {
        var largest = 1;
        foreach (var count in counts)
        {
            largest = Math.Max(largest, count.Kind switch
            {
                PublishedCountKind.Exact => count.Value ?? 0,
                PublishedCountKind.Band => count.High ?? 0,
                _ => 0,
            });
        }

        var rough = largest / 5.0;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(Math.Max(rough, 1))));
        var step = (int)Math.Max(1, StepMultiples.Select(m => m * magnitude).First(s => s >= rough));
        return (Math.Ceiling(largest / (double)step) * step, step);
    }

    /// <summary>One chart being written.</summary>
    private sealed class Writer(XmlWriter xml, FigureChartView view, string id, IStringLocalizer t, CultureInfo culture)
    {
        private readonly PublishedTable _table = view.Table;

        private string TitleId => id + "-title";

        private string DescId => id + "-desc";

        private string HatchId => id + "-band";

        public void Write()
        {
            var oneDimensional = _table.OneDimensional || view.Definition.Columns is null;
            var (height, width) = oneDimensional
                ? (Top + (_table.Rows.Count * RowHeight) + 34 + 64, Width)
                : (HeaderHeight + (_table.Rows.Count * CellHeight) + 16 + 64, Math.Max(Width, LabelWidth + 10 + (_table.Columns.Count * CellWidth) + 10));

            xml.WriteStartElement("svg", SvgNamespace);
            xml.WriteAttributeString("class", oneDimensional ? "figure-chart bars" : "figure-chart heat");
            xml.WriteAttributeString("role", "img");
            xml.WriteAttributeString("aria-labelledby", TitleId + " " + DescId);
            xml.WriteAttributeString("width", Number(width));
            xml.WriteAttributeString("height", Number(height));
            xml.WriteAttributeString("viewBox", $"0 0 {Number(width)} {Number(height)}");
            xml.WriteAttributeString("font-family", Font);
            xml.WriteAttributeString("font-size", "12");
            xml.WriteAttributeString("fill", Ink);

            xml.WriteStartElement("title", SvgNamespace);
            xml.WriteAttributeString("id", TitleId);
            xml.WriteString(Clean(view.Title));
            xml.WriteEndElement();
            xml.WriteStartElement("desc", SvgNamespace);
            xml.WriteAttributeString("id", DescId);
            xml.WriteString(Clean(Description(oneDimensional)));
            xml.WriteEndElement();

            // The band's fill: light, hatched, so that a range never reads as a bar of a known length.
            xml.WriteStartElement("defs", SvgNamespace);
            xml.WriteStartElement("pattern", SvgNamespace);
            xml.WriteAttributeString("id", HatchId);
            xml.WriteAttributeString("patternUnits", "userSpaceOnUse");
            xml.WriteAttributeString("width", "6");
            xml.WriteAttributeString("height", "6");
            xml.WriteAttributeString("patternTransform", "rotate(45)");
            Rect(0, 0, 6, 6, BandFill, null);
            Line(0, 0, 0, 6, Accent, "2");
            xml.WriteEndElement();
            xml.WriteEndElement();

            if (oneDimensional)
            {
                Bars();
            }
            else
            {
                Heat();
            }

            xml.WriteEndElement();
        }

        private string Description(bool oneDimensional)
        {
            var unit = FigureWords.Unit(view.Definition.Unit, t);
            var rows = FigureWords.Dimension(view.Definition.Rows, t);
            var threshold = _table.Threshold.ToString("N0", culture);
            var text = new StringBuilder();
            if (oneDimensional)
            {
                text.Append(t["Figures.Chart.DescBars", unit, rows].Value);
                text.Append(' ');
                text.Append(string.Join("; ", _table.Rows.Select((row, r) => row.Label(culture) + ": " + CountLabel(_table.Cells[r][0], t, culture))));
                text.Append('.');
            }
            else
            {
                var columns = view.Definition.Columns is { } c ? FigureWords.Dimension(c, t) : "";
                text.Append(t["Figures.Chart.DescHeat", unit, rows, columns].Value);
            }

            text.Append(' ');
            text.Append(t["Figures.Chart.DescRules", threshold].Value);
            return text.ToString();
        }

        private void Bars()
        {
            var (max, step) = Scale(_table.Cells.Select(row => row[0]));
            double X(double value) => PlotX + (value / max * PlotWidth);
            var bottom = Top + (_table.Rows.Count * RowHeight);

            // The scale: grid lines and their numbers.
            xml.WriteStartElement("g", SvgNamespace);
            xml.WriteAttributeString("class", "fig-axis");
            for (var tick = 0; tick <= max; tick += step)
            {
                Line(X(tick), Top - 4, X(tick), bottom, GridColour, "1");
                Text(X(tick), bottom + 16, tick.ToString("N0", culture), "middle", Muted, null);
            }

            xml.WriteEndElement();

            for (var r = 0; r < _table.Rows.Count; r++)
            {
                var y = Top + (r * RowHeight);
                var barY = y + ((RowHeight - BarHeight) / 2);
                var textY = y + (RowHeight / 2) + 4;
                var count = _table.Cells[r][0];
                xml.WriteStartElement("g", SvgNamespace);
                xml.WriteAttributeString("class", "fig-row");
                Label(LabelWidth, textY, _table.Rows[r].Label(culture), "end");
                switch (count.Kind)
                {
                    case PublishedCountKind.Exact:
                        var value = count.Value ?? 0;
                        if (value > 0)
                        {
                            Rect(PlotX, barY, X(value) - PlotX, BarHeight, Accent, "fig-bar");
                        }

                        Text(X(value) + 6, textY, CountLabel(count, t, culture), "start", Ink, "fig-value");
                        break;
                    case PublishedCountKind.Band:
                        var low = count.Low ?? 0;
                        var high = count.High ?? 0;
                        Band(X(low), barY, X(high) - X(low), BarHeight);
                        Text(X(high) + 6, textY, CountLabel(count, t, culture), "start", Ink, "fig-value fig-band-label");
                        break;
                    default:
                        Text(PlotX + 2, textY, CountLabel(count, t, culture), "start", Muted, "fig-suppressed");
                        break;
                }

                xml.WriteEndElement();
            }

            Legend(bottom + 34);
        }

        private void Heat()
        {
            var (max, _) = Scale(_table.Cells.SelectMany(row => row));
            var left = LabelWidth + 10;

            // Column headers, turned so that long names fit.
            for (var c = 0; c < _table.Columns.Count; c++)
            {
                var x = left + (c * CellWidth) + (CellWidth / 2);
                var y = HeaderHeight - 8;
                xml.WriteStartElement("text", SvgNamespace);
                xml.WriteAttributeString("class", "fig-label");
                xml.WriteAttributeString("x", Number(x));
                xml.WriteAttributeString("y", Number(y));
                xml.WriteAttributeString("transform", $"rotate(-40 {Number(x)} {Number(y)})");
                LabelContent(_table.Columns[c].Label(culture));
                xml.WriteEndElement();
            }

            for (var r = 0; r < _table.Rows.Count; r++)
            {
                var y = HeaderHeight + (r * CellHeight);
                xml.WriteStartElement("g", SvgNamespace);
                xml.WriteAttributeString("class", "fig-row");
                Label(LabelWidth, y + (CellHeight / 2) + 4, _table.Rows[r].Label(culture), "end");
                for (var c = 0; c < _table.Columns.Count; c++)
                {
                    Cell(left + (c * CellWidth), y, _table.Cells[r][c], max);
                }

                xml.WriteEndElement();
            }

            Legend(HeaderHeight + (_table.Rows.Count * CellHeight) + 24);
        }

        private void Cell(double x, double y, PublishedCount count, double max)
        {
            var textX = x + (CellWidth / 2);
            var textY = y + (CellHeight / 2);
            switch (count.Kind)
            {
                case PublishedCountKind.Exact:
                    var value = count.Value ?? 0;
                    var share = value / max;
                    Rect(x, y, CellWidth - 2, CellHeight - 2, Shade(share), "fig-cell");
                    Text(textX, textY + 4, CountLabel(count, t, culture), "middle", share > 0.5 ? "#ffffff" : Ink, "fig-value");
                    break;
                case PublishedCountKind.Band:
                    // The hatched cell says "a range"; the mark at its foot draws that range on the table's scale.
                    var low = count.Low ?? 0;
                    var high = count.High ?? 0;
                    double MarkX(double v) => x + 4 + (v / max * (CellWidth - 10));
                    Rect(x, y, CellWidth - 2, CellHeight - 2, "#ffffff", "fig-cell");
                    Band(MarkX(low), y + CellHeight - 10, Math.Max(MarkX(high) - MarkX(low), 2), 5);
                    Text(textX, textY, CountLabel(count, t, culture), "middle", Ink, "fig-value fig-band-label");
                    break;
                default:
                    Rect(x, y, CellWidth - 2, CellHeight - 2, SuppressedFill, "fig-cell");
                    Text(textX, textY + 4, CountLabel(count, t, culture), "middle", Muted, "fig-suppressed");
                    break;
            }
        }

        private void Legend(double y)
        {
            xml.WriteStartElement("g", SvgNamespace);
            xml.WriteAttributeString("class", "fig-legend");
            Rect(10, y - 10, 18, 12, Accent, null);
            Text(34, y, t["Figures.Chart.LegendExact"], "start", Ink, null);
            Band(10, y + 10, 18, 12);
            Text(34, y + 20, t["Figures.Chart.LegendBand", BandLabel(1, _table.Threshold, culture)], "start", Ink, null);
            xml.WriteStartElement("text", SvgNamespace);
            xml.WriteAttributeString("x", "10");
            xml.WriteAttributeString("y", Number(y + 40));
            xml.WriteStartElement("tspan", SvgNamespace);
            xml.WriteAttributeString("class", "fig-suppressed");
            xml.WriteAttributeString("fill", Muted);
            xml.WriteString(Clean(t["Figures.Chart.Suppressed"]));
            xml.WriteEndElement();
            xml.WriteString(" \u2014 " + Clean(t["Figures.Chart.LegendSuppressed"]));
            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        /// <summary>A light blue for few, the accent for the most (exact counts of a heat table).</summary>
        private static string Shade(double share)
        {
            share = Math.Clamp(share, 0, 1);
            static int Mix(int from, int to, double s) => (int)Math.Round(from + ((to - from) * s));
            return $"#{Mix(0xf4, 0x1f, share):x2}{Mix(0xf8, 0x5f, share):x2}{Mix(0xfb, 0x8b, share):x2}";
        }

        private void Band(double x, double y, double width, double height)
        {
            xml.WriteStartElement("rect", SvgNamespace);
            xml.WriteAttributeString("class", "fig-band");
            xml.WriteAttributeString("x", Number(x));
            xml.WriteAttributeString("y", Number(y));
            xml.WriteAttributeString("width", Number(width));
            xml.WriteAttributeString("height", Number(height));
            xml.WriteAttributeString("fill", $"url(#{HatchId})");
            xml.WriteAttributeString("stroke", Accent);
            xml.WriteAttributeString("stroke-width", "1.5");
            xml.WriteEndElement();
        }

        private void Rect(double x, double y, double width, double height, string fill, string? cssClass)
        {
            xml.WriteStartElement("rect", SvgNamespace);
            if (cssClass is not null)
            {
                xml.WriteAttributeString("class", cssClass);
            }

            xml.WriteAttributeString("x", Number(x));
            xml.WriteAttributeString("y", Number(y));
            xml.WriteAttributeString("width", Number(Math.Max(width, 0)));
            xml.WriteAttributeString("height", Number(height));
            xml.WriteAttributeString("fill", fill);
            xml.WriteEndElement();
        }

        private void Line(double x1, double y1, double x2, double y2, string stroke, string width)
        {
            xml.WriteStartElement("line", SvgNamespace);
            xml.WriteAttributeString("x1", Number(x1));
            xml.WriteAttributeString("y1", Number(y1));
            xml.WriteAttributeString("x2", Number(x2));
            xml.WriteAttributeString("y2", Number(y2));
            xml.WriteAttributeString("stroke", stroke);
            xml.WriteAttributeString("stroke-width", width);
            xml.WriteEndElement();
        }

        private void Text(double x, double y, string text, string anchor, string fill, string? cssClass)
        {
            xml.WriteStartElement("text", SvgNamespace);
            if (cssClass is not null)
            {
                xml.WriteAttributeString("class", cssClass);
            }

            xml.WriteAttributeString("x", Number(x));
            xml.WriteAttributeString("y", Number(y));
            xml.WriteAttributeString("text-anchor", anchor);
            xml.WriteAttributeString("fill", fill);
            xml.WriteString(Clean(text));
            xml.WriteEndElement();
        }

        /// <summary>A category's name, shortened when long (the whole name as its tooltip).</summary>
        private void Label(double x, double y, string label, string anchor)
        {
            xml.WriteStartElement("text", SvgNamespace);
            xml.WriteAttributeString("class", "fig-label");
            xml.WriteAttributeString("x", Number(x));
            xml.WriteAttributeString("y", Number(y));
            xml.WriteAttributeString("text-anchor", anchor);
            LabelContent(label);
            xml.WriteEndElement();
        }

        private void LabelContent(string label)
        {
            label = Clean(label);
            var shown = Shorten(label);
            if (shown != label)
            {
                xml.WriteStartElement("title", SvgNamespace);
                xml.WriteString(label);
                xml.WriteEndElement();
            }

            xml.WriteString(shown);
        }
    }
}
