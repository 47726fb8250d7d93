namespace Haven.Figures.Releases;

/// <summary>
/// One version of a figure (table <c>figure_releases</c>). A figure is the series of versions with the same
/// <see cref="Number"/>; a correction is a new version that says what changed (<see cref="ChangeNote"/>).
/// What is public is stored in plaintext (definition, titles, the published table, dates, the withdrawal
/// reason); the true counts behind it are stored only encrypted (<see cref="Basis"/>), for the audit of later
/// versions and for the desk's "what was protected and why". A published row is never edited except to
/// withdraw it.
/// </summary>
internal sealed class FigureRelease
{
    /// <summary>Random, 32 lowercase hex.</summary>
    public string Id { get; set; } = "";

    /// <summary>The figure's public number (<c>/figures/{Number}</c>), given to version 1 and kept by its corrections.</summary>
    public int Number { get; set; }

    /// <summary>1, 2, ...: unique per <see cref="Number"/>.</summary>
    public int Version { get; set; }

    public FigureReleaseStatus Status { get; set; }

    /// <summary>The <see cref="Definition.FigureDefinition"/> as JSON (FiguresJson).</summary>
    public string Definition { get; set; } = "";

    /// <summary>The title per culture as JSON, <c>{"en": "...", "ru": "..."}</c>; "en" always there.</summary>
    public string Titles { get; set; } = "";

    /// <summary>What changed since the previous version (null for version 1).</summary>
    public string? ChangeNote { get; set; }

    /// <summary>The threshold it was prepared with.</summary>
    public int Threshold { get; set; }

    /// <summary>The <see cref="Tables.PublishedTable"/> as JSON (FiguresJson).</summary>
    public string Published { get; set; } = "";

    /// <summary>
    /// The audit's public result as JSON: the rules applied, whether it passed and, for each protected count, its band
    /// and the smallest and largest value consistent with everything published. Never a true count.
    /// </summary>
    public string Audit { get; set; } = "";

    /// <summary>
    /// The true table and the reason each count was protected, encrypted: <c>n || AEAD(K, n, json,
    /// "haven/v1/figure-basis:" || id)</c>, K sealed to the documentation key of <see cref="DocumentationGeneration"/>.
    /// </summary>
    public byte[] Basis { get; set; } = [];

    public byte[] BasisKeyForDocumentation { get; set; } = [];

    public int DocumentationGeneration { get; set; }

    /// <summary>When the data was read (the true table's time).</summary>
    public DateTimeOffset PreparedAt { get; set; }

    public string PreparedBy { get; set; } = "";

    /// <summary>When it was published (the second person's approval); null before.</summary>
    public DateTimeOffset? PublishedAt { get; set; }

    public string? ApprovedBy { get; set; }

    public DateTimeOffset? WithdrawnAt { get; set; }

    public string? WithdrawnBy { get; set; }

    /// <summary>Public: why it was withdrawn.</summary>
    public string? WithdrawnReason { get; set; }

    /// <summary>When it was discarded and by whom (prepared versions only).</summary>
    public DateTimeOffset? DiscardedAt { get; set; }

    public string? DiscardedBy { get; set; }
}
