using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Files;

/// <summary>
/// Settles the blob folder against the database. The database is the truth; a blob is never kept without a row
/// that can open it.
/// <list type="bullet">
/// <item><see cref="SweepAllAsync"/>, when the web host starts (before it takes requests), lists the whole folder:
/// a pending blob whose row exists (left by a crash in a version that renamed after the commit) is made final; a
/// pending blob of an upload that never completed, and any final blob the database does not know (its case
/// purged before a crash deleted the blob, or its record's commit failed before a crash), is deleted. A blob in
/// flight (published, its record being committed) is left alone.</item>
/// <item><see cref="CheckMarkedAsync"/>, after each retention run, looks only at the blobs this process marked
/// for a check (<see cref="BlobStore.MarkForCheck"/>: a commit whose outcome was not reported, a purge cut short),
/// never listing the folder nor reading every row: each is kept if its row exists and deleted if not.</item>
/// </list>
/// On PostgreSQL several nodes may share the folder, and a node knows only its own uploads in flight: a blob the
/// database does not know is deleted only when <see cref="BlobStore.MayBeInUse"/> says it is nobody's upload any more
/// (untouched for <see cref="BlobStore.Grace"/> and, pending, not held open by a writer). With that rule the whole
/// folder may be swept while the nodes take uploads, so <see cref="CheckMarkedAsync"/> sweeps it too: the node that
/// runs the retention job settles what the other nodes marked or left behind when they died.
/// </summary>
internal sealed class BlobSweep(BlobStore store, IDbContextFactory<HavenDbContext> dbFactory)
{
    /// <summary>The start-up sweep: every blob in the folder, pending ones too; never while uploads may be in flight.</summary>
    public async Task<SweepResult> SweepAllAsync(CancellationToken cancellationToken)
    {
        var (final, pending) = store.List();
        var now = DateTime.UtcNow;

        // Taken after listing and before reading the rows: a blob listed here was published before this point, so
        // either it is still in flight now (kept) or its record's commit has returned (its row is read below).
        var inFlight = store.InFlight();
        final.RemoveAll(inFlight.Contains);

        if (final.Count == 0 && pending.Count == 0)
        {
            return new SweepResult(0, 0);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var known = (await db.Files.Select(f => f.Id).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        int completed = 0, deleted = 0;
        foreach (var id in pending)
        {
            if (known.Contains(id) && !final.Contains(id))
            {
                completed += store.Commit(id) ? 1 : 0;
            }
            else if (known.Contains(id) || !store.MayBeInUse(id, pending: true, now))
            {
                store.DeletePending(id);
                deleted++;
            }
        }

        foreach (var id in final.Where(id => !known.Contains(id) && !store.MayBeInUse(id, pending: false, now)))
        {
            store.Delete(id);
            deleted++;
        }

        return new SweepResult(completed, deleted);
    }

    /// <summary>
    /// The periodic sweep: only the blobs marked for a check, each kept if its row exists and deleted if not. A blob
    /// stays marked until it was checked, so one the sweep could not delete is tried again by the next. On PostgreSQL
    /// (a folder several nodes may share) the whole folder is swept as well, with the grace rule.
    /// </summary>
    public async Task<SweepResult> CheckMarkedAsync(CancellationToken cancellationToken)
    {
        var checkedMarks = await CheckMarksAsync(cancellationToken);
        if (store.Grace == TimeSpan.Zero)
        {
            return checkedMarks;
        }

        var swept = await SweepAllAsync(cancellationToken);
        return new SweepResult(swept.Completed, checkedMarks.Deleted + swept.Deleted);
    }

    private async Task<SweepResult> CheckMarksAsync(CancellationToken cancellationToken)
    {
        var marked = store.MarkedForCheck();
        if (marked.Count == 0)
        {
            return new SweepResult(0, 0);
        }

        List<string> known;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var ids = marked.ToList();
            known = await db.Files.Where(f => ids.Contains(f.Id)).Select(f => f.Id).ToListAsync(cancellationToken);
        }

        var deleted = 0;
        foreach (var id in marked)
        {
            if (!known.Contains(id, StringComparer.Ordinal))
            {
                store.Delete(id);
                deleted++;
            }

            store.Unmark(id);
        }

        return new SweepResult(0, deleted);
    }
}
