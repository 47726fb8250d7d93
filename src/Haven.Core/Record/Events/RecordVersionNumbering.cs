using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Record.Events;

/// <summary>
/// Gives the versions about to be added their instance-wide <see cref="RecordVersion.Seq"/> and their number
/// within their subject, read from the database under the write lock (a save step of the audited writer). A
/// number taken meanwhile by another process fails the unique index, and the writer tries again.
/// </summary>
internal sealed class RecordVersionNumbering : ISaveStep
{
    public async Task BeforeSaveAsync(HavenDbContext db, CancellationToken cancellationToken)
    {
        var pending = db.ChangeTracker.Entries<RecordVersion>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        if (pending.Count == 0)
        {
            return;
        }

        var seq = await db.RecordVersions.MaxAsync(v => (long?)v.Seq, cancellationToken) ?? 0;
        foreach (var subject in pending.GroupBy(v => v.SubjectId, StringComparer.Ordinal))
        {
            var number = await db.RecordVersions.Where(v => v.SubjectId == subject.Key).MaxAsync(v => (int?)v.Number, cancellationToken) ?? 0;
            foreach (var version in subject)
            {
                version.Number = ++number;
            }
        }

        foreach (var version in pending)
        {
            version.Seq = ++seq;
        }
    }
}
