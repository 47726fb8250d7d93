namespace Haven.Workflow;

/// <summary>
/// Workflow options (<c>Haven:Workflow</c>), validated at start-up. The defaults are the safe ones: a team
/// that works alone may switch the second person off, knowingly.
/// </summary>
internal sealed class WorkflowOptions
{
    /// <summary>
    /// When true (the default), the responder who moves a case from Verification to Planning must not have
    /// ticked every checklist item alone: at least one item must have been ticked by someone else.
    /// </summary>
    public bool RequireSecondPerson { get; set; } = true;

    /// <summary>The longest note, reason or case data field, in characters.</summary>
    public int MaxTextLength { get; set; } = 8000;

    /// <summary>The longest custom checklist item, in characters (the column holds 300).</summary>
    public const int MaxItemLength = 300;

    /// <summary>The most plan steps one version of the case data may hold.</summary>
    public const int MaxPlanSteps = 40;

    /// <summary>The most tags one version of the case data may hold.</summary>
    public const int MaxTags = 20;

    /// <summary>The longest tag, in characters.</summary>
    public const int MaxTagLength = 40;
}
