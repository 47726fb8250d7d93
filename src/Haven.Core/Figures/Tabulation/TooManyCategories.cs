using Haven.Figures.Definition;

namespace Haven.Figures.Tabulation;

/// <summary>A dimension with more categories than <see cref="FiguresOptions.MaxCategories"/>.</summary>
/// <param name="Rows">True for the rows, false for the columns.</param>
/// <param name="Dimension">The dimension refused.</param>
/// <param name="Count">How many categories it would have.</param>
/// <param name="Max">The most allowed.</param>
internal sealed record TooManyCategories(bool Rows, FigureDimension Dimension, int Count, int Max);
