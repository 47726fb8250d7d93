namespace Haven.Audit;

/// <summary>
/// One audit entry as the desk shows it: names resolved for responders, and whether the viewer holds the
/// case (only then is it linked).
/// </summary>
internal sealed record AuditRow(long Seq, DateTimeOffset At, string ActorId, string? ActorName, string Action, string? CaseId, bool CaseHeld, string? SubjectId, string? SubjectName);
