using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Files;

/// <summary>
/// Settles the blob folder against the database, run when the web host starts (before it takes requests)
/// and after each retention run: a pending blob whose row exists (left by a crash in a version that renamed
/// after the commit) is made final; a pending blob of an upload that never completed, and any final blob
/// the database does not know (its case purged, or its record's commit failed), is deleted. A blob in flight
/// (published, its record being committed) is left alone. The database is the truth; a blob is never kept
/// without a row that can open it.
/// </summary>
internal sealed class BlobSweep(BlobStore store, IDbContextFactory<HavenDbContext> dbFactory)
{
    /// <param name="pendingToo">At start-up, also settle pending blobs; never while uploads may be in flight.</param>
    /// <param name="cancellationToken">Cancels the sweep.</param>
    public async Task<SweepResult> ExecuteAsync(bool pendingToo, CancellationToken cancellationToken)
    {
        var (final, pending) = store.List();
        if (!pendingToo)
        {
            pending.Clear();
        }

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
            else
            {
                store.DeletePending(id);
                deleted++;
            }
        }

        foreach (var id in final.Where(id => !known.Contains(id)))
        {
            store.Delete(id);
            deleted++;
        }

        return new SweepResult(completed, deleted);
    }
}
