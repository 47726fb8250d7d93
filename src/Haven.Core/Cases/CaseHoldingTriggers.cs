namespace Haven.Cases;

/// <summary>
/// The names of the triggers that keep <see cref="CaseHolding"/> and <see cref="HoldingCount"/> (their SQL is
/// in the migration <c>CaseHoldings</c> of each provider). Declared in the model so that EF Core does not read
/// values back through a RETURNING clause on tables whose writes fire them.
/// </summary>
internal static class CaseHoldingTriggers
{
    /// <summary>On <c>case_key_seals</c>: a responder's first seal of a case adds the holding.</summary>
    public const string OnSealAdded = "case_holdings_on_seal_added";

    /// <summary>On <c>case_key_seals</c>: a responder's last seal of a case removed removes the holding.</summary>
    public const string OnSealRemoved = "case_holdings_on_seal_removed";

    /// <summary>On <c>cases</c>: a change of state, urgency, days, reply flag or assignee is copied to every holding.</summary>
    public const string OnCaseChanged = "case_holdings_on_case_changed";

    /// <summary>On <c>case_holdings</c>: one more case held in its state.</summary>
    public const string OnHoldingAdded = "holding_counts_on_holding_added";

    /// <summary>On <c>case_holdings</c>: one fewer case held in its state.</summary>
    public const string OnHoldingRemoved = "holding_counts_on_holding_removed";

    /// <summary>On <c>case_holdings</c>: a held case moved from one state to another.</summary>
    public const string OnHoldingMoved = "holding_counts_on_holding_moved";
}
