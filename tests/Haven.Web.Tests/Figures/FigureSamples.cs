using System.Globalization;
using Haven.Figures.Definition;
using Haven.Figures.Tables;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Haven.Web.Tests.Figures;

/// <summary>Published tables for the figures' tests, and the site's own localizer (its resource files) to write them with.</summary>
internal static class FigureSamples
{
    /// <summary>A label that must come out escaped wherever it is written.</summary>
    public const string HostileLabel = "<script>alert(\"x\")</script> & 'quoted' </text>";

    public static IStringLocalizer Localizer { get; } =
        new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance).Create(typeof(SharedResource));

    public static FigureDefinition OneDimension { get; } = new() { Unit = FigureUnit.Victims, Rows = new FigureDimension { Axis = FigureAxis.ActType } };

    public static FigureDefinition TwoDimensions { get; } = new()
    {
        Unit = FigureUnit.Acts,
        Rows = new FigureDimension { Axis = FigureAxis.Region, Region = RegionLevel.Country },
        Columns = new FigureDimension { Axis = FigureAxis.Period, Period = PeriodLevel.Year },
        Statuses = [Haven.Record.Vocabulary.ViolationStatus.Confirmed],
        MinReliability = 3,
        CorroboratedOnly = true,
        From = new DateOnly(2017, 1, 1),
        To = new DateOnly(2018, 12, 31),
    };

    public static PublishedCategory Category(string key, string en, string ru) =>
        new() { Key = key, Labels = new Dictionary<string, string> { ["en"] = en, ["ru"] = ru } };

    /// <summary>Four act types: 40 exactly, a band 1–10, one suppressed, a zero; total 52 exactly.</summary>
    public static PublishedTable Bars(string label = "Torture") => new()
    {
        Rows =
        [
            Category("torture", label, "Пытки"),
            Category("detention", "Arbitrary detention", "Произвольное задержание"),
            Category("killing", "Killing", "Убийство"),
            Category(FigureTable.UnknownKey, "Unknown", "Неизвестно"),
        ],
        Columns = [Category(FigureTable.AllKey, "All", "Все")],
        Cells = [[PublishedCount.Exact(40)], [PublishedCount.Band(1, 10)], [PublishedCount.Suppressed], [PublishedCount.Exact(0)]],
        RowTotals = [PublishedCount.Exact(40), PublishedCount.Band(1, 10), PublishedCount.Suppressed, PublishedCount.Exact(0)],
        ColumnTotals = [PublishedCount.Exact(52)],
        Total = PublishedCount.Exact(52),
        RowsAdditive = false,
        ColumnsAdditive = true,
        Threshold = 10,
    };

    /// <summary>Two countries by two years: 25, a band, suppressed, 12; margins partly suppressed.</summary>
    public static PublishedTable Heat() => new()
    {
        Rows = [Category("AA", "Country A", "Страна А"), Category("BB", "Country B", "Страна Б")],
        Columns = [Category("2017", "2017", "2017"), Category("2018", "2018", "2018")],
        Cells = [[PublishedCount.Exact(25), PublishedCount.Band(1, 10)], [PublishedCount.Suppressed, PublishedCount.Exact(12)]],
        RowTotals = [PublishedCount.Suppressed, PublishedCount.Suppressed],
        ColumnTotals = [PublishedCount.Suppressed, PublishedCount.Suppressed],
        Total = PublishedCount.Exact(60),
        RowsAdditive = true,
        ColumnsAdditive = true,
        Threshold = 10,
    };

    /// <summary>Runs <paramref name="action"/> with <paramref name="culture"/> as the UI culture (the localizer follows it).</summary>
    public static T InCulture<T>(string culture, Func<T> action)
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            return action();
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }
}
