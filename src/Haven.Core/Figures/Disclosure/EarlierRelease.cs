using Haven.Figures.Tables;

namespace Haven.Figures.Disclosure;

/// <summary>
/// An earlier version of the same figure (published, or withdrawn: a withdrawn table may have been copied) and its
/// true table, read from its encrypted basis. The audit of a new version takes every earlier one into account: what
/// it published, and which of its counts the new version repeats unchanged.
/// </summary>
internal sealed record EarlierRelease(PublishedTable Published, FigureTable Truth)
{
    /// <summary>
    /// The version's number, as <see cref="AuditedCount.Version"/> reports it; 0 (not set) for its position in the
    /// list plus one (the list in version order from version 1).
    /// </summary>
    public int Version { get; init; }
}
