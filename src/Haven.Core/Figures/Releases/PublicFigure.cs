namespace Haven.Figures.Releases;

/// <summary>A figure as the public sees it: the version asked for (or the current one) and every public version, newest first.</summary>
internal sealed record PublicFigure(PublicFigureRelease Shown, PublicFigureRelease Current, IReadOnlyList<PublicFigureRelease> Versions);
