namespace Haven.Act;

/// <summary>The audit actions of Act (content-free; the subject is the action's id, or the held submission's).</summary>
internal static class ActActions
{
    public const string Created = "act.created";
    public const string Edited = "act.edited";
    public const string Published = "act.published";
    public const string Updated = "act.update";
    public const string Ended = "act.ended";
    public const string TargetChanged = "act.target";
    public const string ModerationChanged = "act.moderation";
    public const string Approved = "act.approved";
    public const string Refused = "act.refused";
    public const string ReportMade = "act.report";
}
