using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Haven.Act.Reports;

/// <summary>
/// Writes a <see cref="ReportDocument"/> as an A4 PDF with PDFsharp, in DejaVu Sans (embedded, Unicode, so that
/// Russian and every other script DejaVu covers prints as written). Lines are wrapped at word boundaries and pages
/// added as needed. The fonts must be present (<see cref="ReportFonts.Present"/>); the caller checks first.
/// </summary>
internal static class ReportPdf
{
    private const double Margin = 56;

    public static byte[] Write(ReportDocument document, string fontFolder, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(document);
        ReportFonts.Install();
        using var pdf = new PdfDocument();
        pdf.Info.Title = document.Title;
        pdf.Info.CreationDate = now.UtcDateTime;
        pdf.Info.ModificationDate = now.UtcDateTime;
        pdf.Language = document.Language;
        var options = new XPdfFontOptions(PdfFontEncoding.Unicode);
        var fonts = new Dictionary<ReportBlockKind, XFont>
        {
            [ReportBlockKind.Title] = new(fontFolder, 17, XFontStyleEx.Bold, options),
            [ReportBlockKind.Heading] = new(fontFolder, 12.5, XFontStyleEx.Bold, options),
            [ReportBlockKind.Lead] = new(fontFolder, 12.5, XFontStyleEx.Bold, options),
            [ReportBlockKind.Paragraph] = new(fontFolder, 11, XFontStyleEx.Regular, options),
            [ReportBlockKind.Item] = new(fontFolder, 11, XFontStyleEx.Regular, options),
        };

        var writer = new Writer(pdf);
        foreach (var block in document.Blocks)
        {
            var font = fonts[block.Kind];
            var before = block.Kind switch
            {
                ReportBlockKind.Title => 0,
                ReportBlockKind.Heading => 14,
                ReportBlockKind.Item => 2,
                _ => 8,
            };
            var indent = block.Kind == ReportBlockKind.Item ? 16 : 0;
            writer.Skip(before);
            var first = true;
            foreach (var paragraphLine in block.Text.Replace("\r", "", StringComparison.Ordinal).Split('\n'))
            {
                foreach (var line in Wrap(writer.Measure, paragraphLine, font, writer.Width - indent))
                {
                    writer.Line(line, font, indent, first && block.Kind == ReportBlockKind.Item ? "•" : null);
                    first = false;
                }
            }
        }

        writer.Finish();
        using var output = new MemoryStream();
        pdf.Save(output, closeStream: false);
        return output.ToArray();
    }

    /// <summary>The lines of <paramref name="text"/> that fit in <paramref name="width"/>; a word longer than a line is cut.</summary>
    private static IEnumerable<string> Wrap(Func<string, XFont, double> measure, string text, XFont font, double width)
    {
        if (text.Length == 0)
        {
            yield return "";
            yield break;
        }

        var line = "";
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = line.Length == 0 ? word : line + " " + word;
            if (measure(candidate, font) <= width)
            {
                line = candidate;
                continue;
            }

            if (line.Length > 0)
            {
                yield return line;
            }

            line = word;
            while (line.Length > 1 && measure(line, font) > width)
            {
                var cut = line.Length - 1;
                while (cut > 1 && measure(line[..cut], font) > width)
                {
                    cut--;
                }

                yield return line[..cut];
                line = line[cut..];
            }
        }

        if (line.Length > 0)
        {
            yield return line;
        }
    }

    /// <summary>The page being written and the position on it.</summary>
    private sealed class Writer(PdfDocument pdf)
    {
        private PdfPage? _page;
        private XGraphics? _graphics;
        private double _y;

        public double Width => (_page ?? NewPage()).Width.Point - (2 * Margin);

        public double Measure(string text, XFont font) => (_graphics ?? Graphics()).MeasureString(text, font).Width;

        public void Skip(double points) => _y += points;

        public void Line(string text, XFont font, double indent, string? bullet)
        {
            var height = font.GetHeight();
            var graphics = _graphics ?? Graphics();
            if (_y + height > _page!.Height.Point - Margin)
            {
                NewPage();
                graphics = _graphics!;
            }

            if (bullet is not null)
            {
                graphics.DrawString(bullet, font, XBrushes.Black, new XPoint(Margin, _y), XStringFormats.TopLeft);
            }

            graphics.DrawString(text, font, XBrushes.Black, new XPoint(Margin + indent, _y), XStringFormats.TopLeft);
            _y += height;
        }

        public void Finish()
        {
            _graphics?.Dispose();
            _graphics = null;
        }

        private XGraphics Graphics()
        {
            if (_page is null)
            {
                NewPage();
            }

            return _graphics!;
        }

        private PdfPage NewPage()
        {
            _graphics?.Dispose();
            _page = pdf.AddPage();
            _page.Size = PdfSharp.PageSize.A4;
            _graphics = XGraphics.FromPdfPage(_page);
            _y = Margin;
            return _page;
        }
    }
}
