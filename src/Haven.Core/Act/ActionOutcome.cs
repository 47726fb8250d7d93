namespace Haven.Act;

/// <summary>How an ended Urgent Action turned out, shown with its public note (<see cref="UrgentAction.OutcomeTexts"/>).</summary>
internal enum ActionOutcome
{
    /// <summary>Not ended yet.</summary>
    None = 0,

    /// <summary>What was asked happened (released, found, charges dropped).</summary>
    Achieved = 1,

    /// <summary>Part of it happened.</summary>
    Partial = 2,

    /// <summary>Nothing changed, or the situation worsened; the action ends anyway (deadline, another strategy).</summary>
    NotAchieved = 3,

    /// <summary>The outcome is not known.</summary>
    Unknown = 4,
}
