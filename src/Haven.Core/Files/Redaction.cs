namespace Haven.Files;

/// <summary>
/// What a responder asked to black out of an image: rectangles typed in pixels, and cells of a
/// <see cref="GridSize"/> by <see cref="GridSize"/> grid laid over the upright image (row and column from 0). Both
/// are in the image as it is shown (turned upright by its EXIF orientation), which is also how the copy is saved.
/// </summary>
internal sealed record Redaction(IReadOnlyList<PixelRectangle> Rectangles, IReadOnlyCollection<(int Row, int Column)> Cells)
{
    /// <summary>Most rectangles one redaction may have, typed and grid cells together (the whole grid is 100).</summary>
    public const int MaxRectangles = 100;

    /// <summary>Rows and columns of the grid.</summary>
    public const int GridSize = 10;

    /// <summary>Why this redaction cannot be made before the image is even decoded (none, too many, a cell off the grid), or null.</summary>
    public WorkingCopyOutcome? Problem() =>
        Rectangles.Count + Cells.Count > MaxRectangles ? WorkingCopyOutcome.TooManyRectangles
        : Rectangles.Count + Cells.Count == 0 ? WorkingCopyOutcome.BadRectangles
        : Cells.Any(c => c.Row is < 0 or >= GridSize || c.Column is < 0 or >= GridSize) ? WorkingCopyOutcome.BadRectangles
        : Rectangles.Any(r => r.Width <= 0 || r.Height <= 0 || r.X < 0 || r.Y < 0) ? WorkingCopyOutcome.BadRectangles
        : null;

    /// <summary>Every area to black out in pixels of an upright image of this size; null when a typed rectangle is not wholly inside it.</summary>
    public List<PixelRectangle>? InPixels(long width, long height)
    {
        if (Rectangles.Any(r => !r.FitsIn(width, height)))
        {
            return null;
        }

        var areas = new List<PixelRectangle>(Rectangles);
        foreach (var (row, column) in Cells.Distinct())
        {
            var cell = Cell(row, column, width, height);
            if (cell.Width > 0 && cell.Height > 0)
            {
                areas.Add(cell);
            }
        }

        return areas;
    }

    /// <summary>The pixels of one grid cell: the grid's lines fall on whole pixels, and together the cells cover the image exactly.</summary>
    public static PixelRectangle Cell(int row, int column, long width, long height)
    {
        long Edge(int index, long size) => index * size / GridSize;
        var (left, top) = (Edge(column, width), Edge(row, height));
        return new PixelRectangle(left, top, Edge(column + 1, width) - left, Edge(row + 1, height) - top);
    }
}
