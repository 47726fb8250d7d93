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
