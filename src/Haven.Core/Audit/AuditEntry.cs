namespace Haven.Audit;

/// <summary>
/// One entry of the append-only audit log: who did what to which case, when. Content-free. Each entry's hash
/// covers the previous entry's hash, and the actor signs it (protocol.md, "Audit log").
/// </summary>
internal sealed class AuditEntry
{
    /// <summary>Position in the chain, from 1, without gaps.</summary>
    public long Seq { get; set; }

    /// <summary>When, to the minute for responders' actions and to the day for anything a person did.</summary>
    public DateTimeOffset At { get; set; }

    /// <summary>A responder id, or <see cref="AuditActors.System"/>.</summary>
    public required string ActorId { get; init; }

    public required string Action { get; init; }

    public string? CaseId { get; init; }

    /// <summary>Another party of the action, such as the responder granted a case.</summary>
    public string? SubjectId { get; init; }

    public required byte[] PrevHash { get; init; }

    public required byte[] Hash { get; init; }

    public required byte[] Signature { get; init; }
}
