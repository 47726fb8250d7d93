namespace Haven.Figures.Releases;

/// <summary>Where a release stands. Published and withdrawn releases are public; the others are only on the desk.</summary>
internal enum FigureReleaseStatus
{
    /// <summary>Prepared by an analyst, waiting for a second person.</summary>
    Prepared = 0,

    /// <summary>Approved by a second person: public.</summary>
    Published = 1,

    /// <summary>Published, then withdrawn with a reason: the public page says so and no longer shows its counts.</summary>
    Withdrawn = 2,

    /// <summary>Prepared, then discarded (by its preparer, or refused by the second person) without being published.</summary>
    Discarded = 3,
}
