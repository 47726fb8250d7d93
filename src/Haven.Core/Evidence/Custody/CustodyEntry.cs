namespace Haven.Evidence.Custody;

/// <summary>
/// One entry of a file's custody log: an audit entry of the signed hash chain as it stands in
/// <c>audit_entries</c> (its number, time, actor, action and subject), with the actor's display name resolved and
/// the entry's own hash in lowercase hex, so that anyone holding a copy of the log can find the entry again in the
/// chain that <c>haven audit verify</c> checks.
/// </summary>
/// <param name="Seq">The entry's number in the audit chain.</param>
/// <param name="At">When: to the minute for responders, to the day for what arrived from a person.</param>
/// <param name="ActorId">A responder id, or <c>system</c> for the instance.</param>
/// <param name="ActorName">The responder's display name; null for the instance (or a responder no longer known).</param>
/// <param name="Action">One of <see cref="CustodyActions"/>.</param>
/// <param name="SubjectId">The file id, or for a change of holders the responder it concerns.</param>
/// <param name="HashHex">The entry's hash (protocol.md, "Audit log"), 64 lowercase hex digits.</param>
internal sealed record CustodyEntry(long Seq, DateTimeOffset At, string ActorId, string? ActorName, string Action, string? SubjectId, string HashHex);
