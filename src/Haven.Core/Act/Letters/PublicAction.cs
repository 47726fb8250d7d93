namespace Haven.Act.Letters;

/// <summary>One published Urgent Action as its public page shows it.</summary>
internal sealed record PublicAction(
    UrgentAction Action,
    IReadOnlyList<PublicTarget> Targets,
    IReadOnlyList<ActionUpdate> Updates,
    long Count,
    int OnTheirWay)
{
    public ActionNumber Number => new(Action.Sequence, Action.Year);
}
