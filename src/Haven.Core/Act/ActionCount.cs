namespace Haven.Act;

/// <summary>
/// The count of letters and messages for one Urgent Action, target, channel, language and self-declared country
/// (table <c>action_counts</c>): all that Haven keeps of supporters. Incremented only through
/// <see cref="ActCounts.IncrementAsync"/> (an upsert that two requests or two nodes cannot lose).
/// </summary>
internal sealed class ActionCount
{
    public long Id { get; set; }

    public string ActionId { get; set; } = "";

    /// <summary>The target written to; "" when none was named (a declaration for the action as a whole).</summary>
    public string TargetId { get; set; } = "";

    public LetterChannel Channel { get; set; }

    /// <summary>The letter's language (culture name).</summary>
    public string Language { get; set; } = "";

    /// <summary>The supporter's self-declared country (ISO 3166-1 alpha-2, upper case), "" when not given.</summary>
    public string Country { get; set; } = "";

    public int Count { get; set; }

    public DateTimeOffset FirstAt { get; set; }

    public DateTimeOffset LastAt { get; set; }
}
