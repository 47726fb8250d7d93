using Haven.Figures.Definition;
using Haven.Figures.Tables;

namespace Haven.Web.Figures;

/// <summary>
/// What the chart partial <c>Pages/Shared/_FigureChart.cshtml</c> draws: a release's published table (or the
/// desk's preview of one) as an accessible SVG, bars or a heat table, bands as ranges. Used by the public pages
/// and the desk alike.
/// </summary>
internal sealed record FigureChartView(PublishedTable Table, FigureDefinition Definition, string Title);
