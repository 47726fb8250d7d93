using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Cluster;

/// <summary>
/// How a copy read once and kept in memory (<see cref="Record.Vocabulary.RecordVocabulary"/>) learns that another
/// node changed what it copied, on PostgreSQL: every such change is an audited write, committed with its audit
/// entry, and audited writes commit one at a time in the order of their numbers (the write lock,
/// <see cref="ClusterLocks.Write"/>). So the copy remembers the newest audit number it has seen; a use asks for the
/// newest number now (one look at the primary key), and only when it moved, whether an entry since then has one of
/// the watched action prefixes (a range of the primary key). No new column, no timer.
/// </summary>
internal sealed class AuditChangeWatch(params string[] prefixes)
{
    /// <summary>The newest audit entry's number, 0 when there is none.</summary>
    public static async Task<long> NewestAsync(HavenDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.AuditEntries.MaxAsync(e => (long?)e.Seq, cancellationToken) ?? 0;
    }

    /// <summary>
    /// Whether an entry after <paramref name="seen"/> and up to <paramref name="newest"/> has a watched action
    /// prefix: a change of the copied data committed since the copy's last look.
    /// </summary>
    public async Task<bool> ChangedAsync(HavenDbContext db, long seen, long newest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (newest <= seen)
        {
            return false;
        }

        foreach (var prefix in prefixes)
        {
            if (await db.AuditEntries.AnyAsync(e => e.Seq > seen && e.Seq <= newest && e.Action.StartsWith(prefix), cancellationToken))
            {
                return true;
            }
        }

        return false;
    }
}
