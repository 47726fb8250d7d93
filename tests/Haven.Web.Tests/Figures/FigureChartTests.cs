using System.Globalization;
using System.Xml.Linq;
using Haven.Web.Figures;

namespace Haven.Web.Tests.Figures;

/// <summary>
/// The chart's SVG parsed as XML (issue 17, point 4): an accessible image with a referenced title and description,
/// bands drawn as ranges on the bars' scale, suppressed counts written out, labels escaped, no script or style.
/// </summary>
public sealed class FigureChartTests
{
    private static readonly XNamespace Svg = FigureChart.SvgNamespace;

    [Theory]
    [InlineData("en", "Victims by act type", "Bar chart")]
    [InlineData("ru", "Пострадавшие по видам деяний", "Столбчатая диаграмма")]
    public void The_svg_is_an_image_named_by_its_title_and_described_by_its_desc(string culture, string title, string descStart)
    {
        var root = Parse(culture, new FigureChartView(FigureSamples.Bars(), FigureSamples.OneDimension, title));

        Assert.Equal(Svg + "svg", root.Name);
        Assert.Equal("img", (string?)root.Attribute("role"));
        var ids = ((string?)root.Attribute("aria-labelledby") ?? "").Split(' ');
        Assert.Equal(2, ids.Length);
        var titleElement = Assert.Single(root.Elements(Svg + "title"));
        var desc = Assert.Single(root.Elements(Svg + "desc"));
        Assert.Equal(ids[0], (string?)titleElement.Attribute("id"));
        Assert.Equal(ids[1], (string?)desc.Attribute("id"));
        Assert.Equal(title, titleElement.Value);
        Assert.StartsWith(descStart, desc.Value, StringComparison.Ordinal);
        Assert.Contains(culture == "en" ? "Arbitrary detention: 1–10" : "Произвольное задержание: 1–10", desc.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void A_band_is_a_range_from_its_low_to_its_high_end_on_the_scale_of_the_bars()
    {
        var root = Parse("en", new FigureChartView(FigureSamples.Bars(), FigureSamples.OneDimension, "T"));
        var rows = root.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "fig-row").ToList();
        Assert.Equal(4, rows.Count);

        // Row 0: the bar of the exact 40 gives the scale (its start is 0 and its width 40 units).
        var bar = Assert.Single(rows[0].Elements(Svg + "rect"), r => (string?)r.Attribute("class") == "fig-bar");
        var zero = Number(bar, "x");
        var unit = Number(bar, "width") / 40;
        Assert.True(unit > 1);

        // Row 1: the band 1–10 spans from 1 to 10 on that scale, with its label; it is not a point.
        var band = Assert.Single(rows[1].Elements(Svg + "rect"));
        Assert.Equal("fig-band", (string?)band.Attribute("class"));
        Assert.Equal(zero + unit, Number(band, "x"), 1);
        Assert.Equal(9 * unit, Number(band, "width"), 1);
        Assert.Contains(rows[1].Elements(Svg + "text"), t => t.Value == "1–10");
        Assert.DoesNotContain(root.Descendants(Svg + "circle"), _ => true);
    }

    [Theory]
    [InlineData("en", "suppressed")]
    [InlineData("ru", "скрыто")]
    public void A_suppressed_count_is_written_out_and_drawn_as_nothing(string culture, string word)
    {
        var root = Parse(culture, new FigureChartView(FigureSamples.Bars(), FigureSamples.OneDimension, "T"));
        var row = root.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "fig-row").ElementAt(2);

        Assert.Empty(row.Elements(Svg + "rect"));
        var text = Assert.Single(row.Elements(Svg + "text"), t => (string?)t.Attribute("class") == "fig-suppressed");
        Assert.Equal(word, text.Value);
    }

    [Fact]
    public void A_zero_has_no_bar_and_says_zero()
    {
        var root = Parse("en", new FigureChartView(FigureSamples.Bars(), FigureSamples.OneDimension, "T"));
        var row = root.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "fig-row").ElementAt(3);

        Assert.Empty(row.Elements(Svg + "rect"));
        Assert.Contains(row.Elements(Svg + "text"), t => t.Value == "0");
    }

    [Fact]
    public void A_heat_table_draws_each_band_as_a_range_and_writes_out_suppressed_cells()
    {
        var root = Parse("en", new FigureChartView(FigureSamples.Heat(), FigureSamples.TwoDimensions, "Acts by country and year"));
        Assert.Contains("heat", (string?)root.Attribute("class"), StringComparison.Ordinal);
        var rows = root.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "fig-row").ToList();
        Assert.Equal(2, rows.Count);

        var band = Assert.Single(rows[0].Elements(Svg + "rect"), r => (string?)r.Attribute("class") == "fig-band");
        Assert.True(Number(band, "width") > 2, "a band is drawn with a length, not as a point");
        Assert.Contains(rows[0].Elements(Svg + "text"), t => t.Value == "1–10");
        Assert.Contains(rows[0].Elements(Svg + "text"), t => t.Value == "25");
        Assert.Contains(rows[1].Elements(Svg + "text"), t => t.Value == "suppressed" && (string?)t.Attribute("class") == "fig-suppressed");
        Assert.Contains(root.Descendants(Svg + "text"), t => t.Value.Contains("Country A", StringComparison.Ordinal));
        Assert.Contains(root.Descendants(Svg + "text"), t => t.Value == "2018");
    }

    [Fact]
    public void Labels_and_the_title_are_escaped()
    {
        var svg = FigureSamples.InCulture("en", () => FigureChart.Svg(new FigureChartView(FigureSamples.Bars(FigureSamples.HostileLabel), FigureSamples.OneDimension, FigureSamples.HostileLabel), "c", FigureSamples.Localizer, CultureInfo.CurrentUICulture));

        Assert.DoesNotContain("<script", svg, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;", svg, StringComparison.Ordinal);
        Assert.Contains("&amp;", svg, StringComparison.Ordinal);
        var root = XElement.Parse(svg);
        Assert.Equal(FigureSamples.HostileLabel, root.Element(Svg + "title")!.Value);
        Assert.Empty(root.Descendants(Svg + "script"));

        // The long label is shortened on the chart and whole in its tooltip.
        var label = root.Descendants(Svg + "text").First(t => (string?)t.Attribute("class") == "fig-label");
        Assert.Equal(FigureSamples.HostileLabel, label.Element(Svg + "title")!.Value);
        Assert.EndsWith("…", label.Nodes().OfType<XText>().Single().Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Characters_xml_cannot_carry_do_not_break_the_svg()
    {
        var label = "Bad\u0001 label \uD800 with 🙂 emoji and a very long tail after it 🙂🙂🙂";
        var svg = FigureSamples.InCulture("en", () => FigureChart.Svg(new FigureChartView(FigureSamples.Bars(label), FigureSamples.OneDimension, label), "c", FigureSamples.Localizer, CultureInfo.CurrentUICulture));

        var root = XElement.Parse(svg);
        Assert.Contains("🙂", root.Element(Svg + "title")!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void No_element_has_a_style_attribute_or_a_script_and_ids_stay_apart()
    {
        var root = Parse("en", new FigureChartView(FigureSamples.Heat(), FigureSamples.TwoDimensions, "T"), "one");
        var other = Parse("en", new FigureChartView(FigureSamples.Bars(), FigureSamples.OneDimension, "T"), "two");

        foreach (var element in root.DescendantsAndSelf().Concat(other.DescendantsAndSelf()))
        {
            Assert.Null(element.Attribute("style"));
            Assert.DoesNotContain(element.Attributes(), a => a.Name.LocalName.StartsWith("on", StringComparison.OrdinalIgnoreCase));
            Assert.NotEqual("script", element.Name.LocalName);
            Assert.NotEqual("style", element.Name.LocalName);
        }

        var ids = root.DescendantsAndSelf().Concat(other.DescendantsAndSelf()).Select(e => (string?)e.Attribute("id")).OfType<string>().ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    private static XElement Parse(string culture, FigureChartView view, string id = "figure-chart") =>
        XElement.Parse(FigureSamples.InCulture(culture, () => FigureChart.Svg(view, id, FigureSamples.Localizer, CultureInfo.CurrentUICulture)));

    private static double Number(XElement element, string attribute) =>
        double.Parse((string?)element.Attribute(attribute) ?? "NaN", CultureInfo.InvariantCulture);
}
