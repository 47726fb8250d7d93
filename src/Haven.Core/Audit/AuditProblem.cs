namespace Haven.Audit;

/// <summary>One problem found in the audit log; <see cref="Seq"/> is 0 for a problem of the log as a whole.</summary>
internal sealed record AuditProblem(long Seq, string Problem)
{
    /// <summary>What kind of problem, for a localized description.</summary>
    public AuditProblemKind Kind { get; init; }
}
