namespace Haven.Audit;

/// <summary>One page of the audit log, newest first.</summary>
internal sealed record AuditPage(IReadOnlyList<AuditRow> Rows, int Page, int Pages, long Total);
