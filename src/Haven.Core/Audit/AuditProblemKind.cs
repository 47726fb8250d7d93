namespace Haven.Audit;

/// <summary>The kinds of problem <see cref="AuditVerifier"/> reports.</summary>
internal enum AuditProblemKind
{
    Sequence,
    Link,
    Hash,
    Signature,
    HeadMissing,
}
