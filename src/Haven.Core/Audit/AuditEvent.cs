namespace Haven.Audit;

/// <summary>An entry to append: what happened, to which case, and who else it concerns.</summary>
internal sealed record AuditEvent(string Action, string? CaseId = null, string? SubjectId = null);
