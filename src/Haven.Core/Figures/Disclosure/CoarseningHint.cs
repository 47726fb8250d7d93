using Haven.Figures.Definition;

namespace Haven.Figures.Disclosure;

/// <summary>
/// A suggestion for the analyst: most non-zero cells are protected, and the period or region dimension
/// (<paramref name="Rows"/> true for the rows, false for the columns) would lose less at the coarser level
/// <paramref name="Coarser"/> (a month to a quarter, a quarter to a year, a region to its country).
/// </summary>
/// <param name="Rows">True for the rows' dimension, false for the columns'.</param>
/// <param name="Coarser">The dimension at its coarser level.</param>
/// <param name="ProtectedPercent">The share of the table's non-zero cells published only as a band, 0..100.</param>
internal sealed record CoarseningHint(bool Rows, FigureDimension Coarser, int ProtectedPercent);
