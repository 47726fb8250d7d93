namespace Haven.Cluster;

/// <summary>
/// The PostgreSQL advisory locks of several web nodes on one database, in one place. Their keys are constant
/// bigints ("haven" in ASCII, then a number), so that every node and the CLI name the same lock.
/// <para>
/// Lock order (also in docs/operations.md, "Running several nodes"); a flow takes them in this order only, and
/// may skip any:
/// </para>
/// <list type="number">
/// <item>the process write lock (the semaphore of <see cref="Storage.PostgresWriteLock"/> or <see cref="Storage.ProcessWriteLock"/>);</item>
/// <item><see cref="Write"/>, <c>haven.write</c>, session-level on the write lock's own connection, held for the audited write;</item>
/// <item><see cref="Quota"/>, <c>haven.quota</c>, transaction-level, may be taken while holding <see cref="Write"/>, never the reverse;</item>
/// <item>row locks (<c>FOR UPDATE</c>, <c>SKIP LOCKED</c>, conditional updates) inside transactions.</item>
/// </list>
/// <para>
/// <see cref="KeyRing"/> stands apart: taken alone, never while holding another, and no other is taken under it.
/// </para>
/// </summary>
internal static class ClusterLocks
{
    /// <summary><c>haven.write</c>: one audited writer for the instance (the audit chain head, record numbers, set-up).</summary>
    public const long Write = 0x68_61_76_65_6E_00_00_01;

    /// <summary><c>haven.quota</c>: one reservation against the storage quota at a time, for the instance.</summary>
    public const long Quota = 0x68_61_76_65_6E_00_00_02;

    /// <summary>
    /// <c>/keyring</c>: one node at a time stores a data-protection key (Haven.Web's <c>DatabaseKeyRingRepository</c>),
    /// transaction-level. Its value (the ASCII of <c>/keyring</c>) predates the <c>haven</c> numbering and is kept, so
    /// that nodes of the version before and after an upgrade take the same lock.
    /// </summary>
    public const long KeyRing = 0x2F6B_6579_7269_6E67;
}
