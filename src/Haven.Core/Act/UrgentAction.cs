namespace Haven.Act;

/// <summary>
/// An Urgent Action (table <c>urgent_actions</c>): public by nature, so its texts are stored in plaintext. It has
/// a number given when it first goes live ("UA 12/26": <see cref="Sequence"/> within <see cref="Year"/>, see
/// <see cref="ActionNumber"/>), and keeps it through its updates (<see cref="ActionUpdate"/>). It never links to a
/// case: there is no case id here, on purpose. It names a person at risk only when <see cref="PersonConsented"/>.
/// </summary>
internal sealed class UrgentAction
{
    /// <summary>Random, 32 lowercase hex.</summary>
    public string Id { get; set; } = "";

    /// <summary>The number within its year, given when the action first goes live; 0 for a draft never published.</summary>
    public int Sequence { get; set; }

    /// <summary>The year of the number (e.g. 2026); 0 for a draft never published.</summary>
    public int Year { get; set; }

    public ActionStatus Status { get; set; }

    /// <summary>The languages of the action, in order, comma-separated culture names ("en,ru,tr"); the first is its own.</summary>
    public string Languages { get; set; } = "en";

    /// <summary>The texts per language as JSON: <c>{"en": ActionText, "ru": ActionText}</c> (<see cref="ActJson"/>).</summary>
    public string Texts { get; set; } = "{}";

    /// <summary>Ticked by the campaigner: the person at risk consented to be named. Without it the texts must not name them.</summary>
    public bool PersonConsented { get; set; }

    /// <summary>The last day letters are asked for (inclusive), in the action's own terms; null for none.</summary>
    public DateOnly? Deadline { get; set; }

    /// <summary>When on, supporters' letters and declarations wait for a campaigner's approval before they are sent or counted.</summary>
    public bool Moderated { get; set; }

    public ActionOutcome Outcome { get; set; }

    /// <summary>The public note on the outcome per language as JSON, <c>{"en": "...", "ru": "..."}</c>; null before it ends.</summary>
    public string? OutcomeTexts { get; set; }

    /// <summary>How many held letters and declarations a campaigner refused (counted, never kept).</summary>
    public int Refused { get; set; }

    /// <summary>Increased by every edit: an edit made on an older page is refused instead of overwriting another person's.</summary>
    public int Revision { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public string CreatedBy { get; set; } = "";

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>When it first went live (the public "issued" date).</summary>
    public DateTimeOffset? PublishedAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }
}
