namespace Haven.Cases;

/// <summary>How the inbox is ordered. Every order ends with the case id, so that pages never overlap.</summary>
internal enum InboxSort
{
    /// <summary>Most urgent first, then the longest without activity: what needs someone now (the default).</summary>
    Urgency,

    /// <summary>Most recent activity first.</summary>
    Activity,

    /// <summary>Most recently opened first.</summary>
    Opened,
}
