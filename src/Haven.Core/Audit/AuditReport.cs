namespace Haven.Audit;

/// <summary>What a verification of the audit log found: how many entries, the head hash, and every problem.</summary>
internal sealed record AuditReport(long Entries, byte[] Head, IReadOnlyList<AuditProblem> Problems)
{
    public bool Intact => Problems.Count == 0;
}
