namespace Haven.Figures.Tables;

/// <summary>How one count of a release is published.</summary>
internal enum PublishedCountKind
{
    /// <summary>The number itself (zeros may be shown).</summary>
    Exact,

    /// <summary>Only a range "Low–High" (a count from 1 to the threshold is published as "1–threshold").</summary>
    Band,

    /// <summary>Nothing: shown as "suppressed".</summary>
    Suppressed,
}
