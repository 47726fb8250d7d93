namespace Haven.Files;

/// <summary>A rectangle in pixels of an image turned upright: left, top, width and height (what a redaction blacks out).</summary>
internal readonly record struct PixelRectangle(long X, long Y, long Width, long Height)
{
    /// <summary>Whether it is not empty and lies wholly inside an image of <paramref name="width"/> by <paramref name="height"/> pixels.</summary>
    public bool FitsIn(long width, long height) =>
        X >= 0 && Y >= 0 && Width > 0 && Height > 0 && Width <= width - X && Height <= height - Y;
}
