namespace Haven.Files;

/// <summary>
/// An image's size turned upright (the coordinates a redaction uses) and a small JPEG of it, made in memory for one
/// page and never stored; <see cref="Jpeg"/> is null when the preview could not be made (the size alone is shown).
/// </summary>
internal sealed record ImagePreview(long Width, long Height, byte[]? Jpeg);
