using System.Linq.Expressions;
using Haven.Audit;
using Haven.Cases;
using Haven.Progress;
using Haven.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Haven.Retention;

/// <summary>
/// Deletes for good the cases <see cref="RetentionPolicy"/> says are due: the case row and, through the
/// database's cascades, its records, key seals, source, checklist ticks and file rows; then the files'
/// encrypted blobs. Each case is audited by the
/// system as <c>case.purged</c> (subject: <c>closed</c> or <c>inactive</c>, the rule that applied) in the
/// same transaction as its deletion. Afterwards the write-ahead log is checkpointed and truncated: with
/// <c>secure_delete</c> on, the deleted pages are overwritten in the database file, and truncating the WAL
/// removes the older copies of those pages it still held. PostgreSQL has neither: there the tables are
/// vacuumed instead, which makes the dead rows' space reusable but does not overwrite it (docs/operations.md,
/// "On PostgreSQL").
/// </summary>
/// <remarks>
/// Each batch is read and deleted holding the write lock (<see cref="AuditedWriter.WriteAsync{T}"/>), so a case
/// that came back to life since the candidates were counted is kept, and no message can add a file to a case
/// between the read of its files and its deletion: the blobs deleted afterwards are all those of the purged
/// files, without a sweep of the folder.
/// </remarks>
internal sealed class PurgeCommand(IDbContextFactory<HavenDbContext> dbFactory, RetentionPolicy policy, AuditedWriter writer, Files.BlobStore blobs, Files.StorageQuota quota, Record.Index.CodingIndex codingIndex)
{
    public const string Action = "case.purged";

    private const int BatchSize = 200;

    /// <summary>How long the checkpoint waits for readers and writers before it gives up until the next purge.</summary>
    private static readonly TimeSpan CheckpointPatience = TimeSpan.FromMilliseconds(250);

    /// <summary>Purges (or with <paramref name="dryRun"/> only counts) the cases due on <paramref name="today"/>.</summary>
    public Task<PurgeResult> ExecuteAsync(DateOnly today, bool dryRun, CancellationToken cancellationToken) => ExecuteAsync(today, dryRun, null, cancellationToken);

    /// <summary>
    /// Purges (or with <paramref name="dryRun"/> only counts) the cases due on <paramref name="today"/>, reporting the
    /// cases purged of those due (<paramref name="progress"/>: counts only). A cancellation stops it between two
    /// batches, or rolls back the batch being deleted: every case is purged whole or not at all.
    /// </summary>
    public async Task<PurgeResult> ExecuteAsync(DateOnly today, bool dryRun, IProgress<WorkProgress>? progress, CancellationToken cancellationToken)
    {
        var due = policy.DueBy<Cases.Case>(today);
        if (dryRun)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            return new PurgeResult(await db.Cases.CountAsync(due, cancellationToken), Checkpointed: false);
        }

        var tally = new ProgressTally(progress);
        if (progress is not null)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            tally.Start(await db.Cases.CountAsync(due, cancellationToken), 0);
        }

        var purged = 0;
        for (var attempt = 0; ;)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Batch? batch;
            try
            {
                batch = await writer.WriteAsync(scope => PurgeBatchAsync(scope, due, today, cancellationToken), cancellationToken);
            }
            catch (DbUpdateException) when (++attempt < 5)
            {
                // A case changed under the batch, or another process appended to the audit log: read again.
                continue;
            }

            if (batch is null)
            {
                break;
            }

            // The rows are gone (cascade); now the encrypted blobs. A crash in between leaves blobs without rows,
            // which the start-up sweep deletes; a blob that cannot be deleted now is left to the next periodic sweep.
            foreach (var (id, _) in batch.Files)
            {
                try
                {
                    blobs.Delete(id);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    blobs.MarkForCheck(id);
                }
            }

            // The cases' documentation went with them; the decrypted coding in memory goes now.
            await codingIndex.ForgetCasesAsync(batch.CaseIds);
            purged += batch.CaseIds.Count;
            tally.Items(batch.CaseIds.Count);
            quota.AddUsed(-batch.Files.Sum(f => f.Length));
            attempt = 0;
        }

        return new PurgeResult(purged, await CheckpointAsync(purged, cancellationToken));
    }

    /// <summary>
    /// Deletes the next batch of due cases with their audit entries, holding the write lock from the read on, so
    /// that no message can add a file to a case between the read of its files and its deletion; null when none
    /// is due. When the commit fails without the database's refusal (whether it deleted the rows is not known),
    /// the files' blobs are marked for the next periodic sweep, which deletes them if their rows are gone.
    /// </summary>
    private async Task<Batch?> PurgeBatchAsync(WriteScope scope, Expression<Func<Case, bool>> due, DateOnly today, CancellationToken cancellationToken)
    {
        var db = scope.Db;
        var cases = await db.Cases.Where(due).OrderBy(c => c.Id).Take(BatchSize).ToListAsync(cancellationToken);
        if (cases.Count == 0)
        {
            return null;
        }

        var caseIds = cases.Select(c => c.Id).ToList();
        var files = (await db.Files.Where(f => caseIds.Contains(f.CaseId)).Select(f => new { f.Id, f.Length }).ToListAsync(cancellationToken)).Select(f => (f.Id, f.Length)).ToList();
        db.Cases.RemoveRange(cases);
        var events = cases.Select(c => new AuditEvent(Action, c.Id, policy.Reason(c.State, c.ClosedOn, c.LastActivityOn, today))).ToList();
        try
        {
            await scope.SaveAsync(writer.System(dayOnly: false), events, cancellationToken);
        }
        catch (Exception e) when (e is not DbUpdateException)
        {
            foreach (var (id, _) in files)
            {
                blobs.MarkForCheck(id);
            }

            throw;
        }

        return new Batch(caseIds, files);
    }

    /// <summary>
    /// SQLite: copies the WAL into the database and truncates it to zero bytes; false if a reader prevented
    /// it. This runs after every purge, even one that deleted nothing, so that one a reader prevented is done
    /// by the next. It waits for readers only briefly: a truncating checkpoint holds off writers while it waits,
    /// and a long reader (a backup's snapshot) must not stop people from writing.
    /// Before that, SQLite gets fresh planner statistics (<see cref="SqlitePragmas.Optimize"/>).
    /// PostgreSQL: vacuums the tables rows were deleted from, when rows were deleted.
    /// </summary>
    private async Task<bool> CheckpointAsync(int purged, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!db.Database.IsSqlite())
        {
            if (purged == 0)
            {
                return false;
            }

            // VACUUM cannot run inside a transaction; ExecuteSqlRaw starts none.
            await db.Database.ExecuteSqlRawAsync("VACUUM cases, records, case_key_seals, case_holdings, holding_counts, sources, files, case_checks;", cancellationToken);
            return true;
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        try
        {
            // Fresh planner statistics for the tables that changed much (a few milliseconds, sampled).
            command.CommandText = SqlitePragmas.Optimize;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 5 or 6)
        {
            // A writer held the lock for longer than the busy timeout: the next purge tries again.
        }

        try
        {
            command.CommandText = $"PRAGMA busy_timeout={CheckpointPatience.TotalMilliseconds:F0};";
            await command.ExecuteNonQueryAsync(cancellationToken);
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) && reader.GetInt64(0) == 0;
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 5 or 6)
        {
            // SQLITE_BUSY or SQLITE_LOCKED: another connection kept it out; the next purge tries again.
            return false;
        }
        finally
        {
            // The native connection goes back to the pool with the pragmas it was given once (SqlitePragmas).
            command.CommandText = SqlitePragmas.BusyTimeout;
            await command.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    /// <summary>A purged batch: how many cases, and the files whose blobs are to be deleted.</summary>
    private sealed record Batch(List<string> CaseIds, List<(string Id, long Length)> Files);
}
