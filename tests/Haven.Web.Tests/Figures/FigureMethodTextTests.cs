using Haven.Figures.Definition;
using Haven.Web.Figures;

namespace Haven.Web.Tests.Figures;

/// <summary>The method in plain words says what the definition and the threshold say, in English and Russian.</summary>
public sealed class FigureMethodTextTests
{
    [Fact]
    public void The_method_names_the_unit_the_dimensions_the_filters_the_dates_and_the_band()
    {
        var text = string.Join("\n", FigureSamples.InCulture("en", () => FigureMethodText.Paragraphs(FigureSamples.TwoDimensions, FigureSamples.Heat(), FigureSamples.Localizer)));

        Assert.Contains("Each count is a number of acts", text, StringComparison.Ordinal);
        Assert.Contains("Acts are counted by “Region (by country)” (rows) and by “Period (by year)” (columns).", text, StringComparison.Ordinal);
        Assert.Contains("from 2017-01-01 to 2018-12-31", text, StringComparison.Ordinal);
        Assert.Contains("violation status is one of: Confirmed", text, StringComparison.Ordinal);
        Assert.Contains("reliability 3 or higher", text, StringComparison.Ordinal);
        Assert.Contains("two or more distinct sources", text, StringComparison.Ordinal);
        Assert.Contains("published only as the range \"1–10\"", text, StringComparison.Ordinal);
        Assert.Contains("The true numbers are higher.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("several categories", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dimension_a_unit_can_fall_in_twice_is_said_and_an_open_period_is_said()
    {
        var definition = FigureSamples.OneDimension;
        var text = string.Join("\n", FigureSamples.InCulture("en", () => FigureMethodText.Paragraphs(definition, 5, rowsAdditive: false, columnsAdditive: true, FigureSamples.Localizer)));

        Assert.Contains("Some of the victims counted fall in several categories of “Act type”", text, StringComparison.Ordinal);
        Assert.Contains("Events of every date documented.", text, StringComparison.Ordinal);
        Assert.Contains("\"1–5\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("violation status", text, StringComparison.Ordinal);
        Assert.DoesNotContain("reliability", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_method_is_in_russian_with_every_text_found()
    {
        var definition = FigureSamples.TwoDimensions with { From = null, Columns = new FigureDimension { Axis = FigureAxis.PerpetratorType } };
        var paragraphs = FigureSamples.InCulture("ru", () => FigureMethodText.Paragraphs(definition, 10, rowsAdditive: true, columnsAdditive: false, FigureSamples.Localizer));
        var text = string.Join("\n", paragraphs);

        Assert.Contains("Каждое число — это число деяний", text, StringComparison.Ordinal);
        Assert.Contains("не позже 2018-12-31", text, StringComparison.Ordinal);
        Assert.Contains("Подтверждено", text, StringComparison.Ordinal);
        Assert.Contains("признака «Тип исполнителя»", text, StringComparison.Ordinal);
        Assert.Contains("«1–10»", text, StringComparison.Ordinal);
        Assert.Contains("Настоящие числа выше.", text, StringComparison.Ordinal);
        Assert.DoesNotContain(paragraphs, p => p.StartsWith("Figures.", StringComparison.Ordinal) || p.Contains('{', StringComparison.Ordinal));
    }
}
