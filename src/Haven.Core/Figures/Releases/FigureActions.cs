namespace Haven.Figures.Releases;

/// <summary>The audit log's actions for figures (content-free: the release id is the subject).</summary>
internal static class FigureActions
{
    public const string Prepared = "figure.prepared";

    public const string Published = "figure.published";

    public const string Discarded = "figure.discarded";

    public const string Withdrawn = "figure.withdrawn";
}
