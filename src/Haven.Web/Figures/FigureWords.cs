using Haven.Figures.Definition;
using Microsoft.Extensions.Localization;

namespace Haven.Web.Figures;

/// <summary>
/// The localized names of a figure's parts (its unit, its dimensions), shared by the chart, the method text and
/// the pages (resx keys <c>Figures.Unit.*</c> and <c>Figures.Axis.*</c>).
/// </summary>
internal static class FigureWords
{
    /// <summary>"Victims", "Acts", "Events" (what one count is).</summary>
    public static string Unit(FigureUnit unit, IStringLocalizer t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return t["Figures.Unit." + unit];
    }

    /// <summary>A dimension's name with its level: "Act type", "Period (by month)", "Region (countries)".</summary>
    public static string Dimension(FigureDimension dimension, IStringLocalizer t)
    {
        ArgumentNullException.ThrowIfNull(dimension);
        ArgumentNullException.ThrowIfNull(t);
        return dimension.Axis switch
        {
            FigureAxis.Period => t["Figures.Axis.Period." + dimension.Period],
            FigureAxis.Region => t["Figures.Axis.Region." + dimension.Region],
            var axis => t["Figures.Axis." + axis],
        };
    }
}
