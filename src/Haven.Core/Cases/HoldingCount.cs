namespace Haven.Cases;

/// <summary>
/// How many cases in one state a responder holds: the inbox's counts per state without a filter, kept by
/// triggers on <c>case_holdings</c> as holdings come, go and change state, rather than counted per page.
/// Derived, like <see cref="CaseHolding"/>: never backed up, rebuilt on restore.
/// </summary>
internal sealed class HoldingCount
{
    public required string ResponderId { get; init; }

    public CaseState State { get; init; }

    public int Held { get; init; }
}
