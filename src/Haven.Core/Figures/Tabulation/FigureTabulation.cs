using Haven.Figures.Definition;
using Haven.Figures.Tables;

namespace Haven.Figures.Tabulation;

/// <summary>
/// What <see cref="FigureTabulator.TabulateAsync"/> gives: the true table, or the dimension that has too many
/// categories (the analyst coarsens it or narrows the period).
/// </summary>
internal sealed record FigureTabulation(FigureTable? Table, TooManyCategories? TooMany)
{
    public static FigureTabulation Of(FigureTable table) => new(table, null);
}

/// <summary>A dimension with more categories than <see cref="FiguresOptions.MaxCategories"/>.</summary>
/// <param name="Rows">True for the rows, false for the columns.</param>
/// <param name="Dimension">The dimension refused.</param>
/// <param name="Count">How many categories it would have.</param>
/// <param name="Max">The most allowed.</param>
internal sealed record TooManyCategories(bool Rows, FigureDimension Dimension, int Count, int Max);
