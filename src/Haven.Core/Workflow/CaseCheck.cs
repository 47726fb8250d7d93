namespace Haven.Workflow;

/// <summary>A checklist item ticked for a case: who and which day.</summary>
internal sealed class CaseCheck
{
    public required string CaseId { get; init; }

    public int ItemId { get; init; }

    public required string CheckedBy { get; init; }

    public DateOnly CheckedOn { get; init; }
}
