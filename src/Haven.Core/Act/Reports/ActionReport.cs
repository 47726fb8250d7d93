namespace Haven.Act.Reports;

/// <summary>
/// What a report on one Urgent Action says, in one language (<see cref="ActionReportQuery"/>): the number, the
/// texts, the targets and copies, and the counts summed from <c>action_counts</c> (for one target when
/// <see cref="ForTarget"/> is set). <see cref="Total"/> is the sum of every count, <see cref="Countries"/> the
/// number of different countries named, <see cref="NoCountry"/> the letters whose supporter named none;
/// <see cref="FirstAt"/> and <see cref="LastAt"/> the first and last counted (null when nothing is counted).
/// </summary>
internal sealed record ActionReport(
    UrgentAction Action,
    ActionNumber? Number,
    string Language,
    ActionText? Text,
    IReadOnlyList<ActionTarget> Targets,
    IReadOnlyList<ActionTarget> Copies,
    ActionTarget? ForTarget,
    long Total,
    int Countries,
    long NoCountry,
    DateTimeOffset? FirstAt,
    DateTimeOffset? LastAt,
    IReadOnlyList<ReportLine> ByTarget,
    IReadOnlyList<ReportLine> ByChannel,
    IReadOnlyList<ActionCount> Rows,
    IReadOnlyDictionary<string, string> TargetNames)
{
    /// <summary>The recommended actions, one per line, blank lines left out.</summary>
    public IReadOnlyList<string> RecommendedActions =>
        Text is null ? [] : [.. Text.RecommendedActions.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)];

    /// <summary>A target's salutation in the report's language, or "".</summary>
    public string Salutation(ActionTarget target) =>
        ActJson.ReadMap<string>(target.Salutations).GetValueOrDefault(Language) ?? "";
}
