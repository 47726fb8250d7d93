using System.Threading.Channels;
using Haven.Abuse;
using Haven.Cases;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Intake;

/// <summary>
/// Writes people's follow-up messages (and testimonies given from their conversation) with group commit. Every acknowledged message must survive a crash,
/// so each commit is flushed to disk (SQLite <c>synchronous=FULL</c>, PostgreSQL's default), and a disk
/// flushes only a few hundred times a second. Messages that arrive together are therefore written by one
/// writer in one transaction with one flush, and each sender is answered only after that commit. A batch
/// that fails as a whole (a record id stored meanwhile by another path, say) is written again message by
/// message, so one conflict never costs anyone their message.
/// </summary>
internal sealed class MessageWriter : IDisposable
{
    /// <summary>Most messages in one transaction.</summary>
    public const int MaxBatch = 256;

    private readonly Channel<Pending> _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(4 * MaxBatch) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly IDbContextFactory<HavenDbContext> _dbFactory;
    private readonly TimeProvider _clock;
    private readonly Audit.AuditedWriter _writer;
    private readonly SubmissionThrottle _throttle;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;

    public MessageWriter(IDbContextFactory<HavenDbContext> dbFactory, TimeProvider clock, Audit.AuditedWriter writer, SubmissionThrottle throttle)
    {
        _dbFactory = dbFactory;
        _clock = clock;
        _writer = writer;
        _throttle = throttle;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Queues a validated message and completes once it is durably stored (or refused).</summary>
    /// <remarks>Deliberately not cancellable once queued: the files of the message must stay alive until the writer is done with them.</remarks>
    public Task<IntakeOutcome> WriteAsync(string caseId, string recordId, string text, Files.FileBatch? files, CancellationToken cancellationToken) =>
        WriteAsync(caseId, recordId, text, testimony: null, files, cancellationToken);

    /// <summary>
    /// Queues a validated message, or with <paramref name="testimony"/> a <c>testimony</c> record (the guided
    /// form, already checked), and completes once it is durably stored (or refused).
    /// </summary>
    public async Task<IntakeOutcome> WriteAsync(string caseId, string recordId, string text, Testimony? testimony, Files.FileBatch? files, CancellationToken cancellationToken)
    {
        var pending = new Pending(caseId, recordId, text, testimony, files);
        await _queue.Writer.WriteAsync(pending, cancellationToken);
        return await pending.Done.Task;
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _stopping.Cancel();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
        }

        _stopping.Dispose();
    }

    private async Task LoopAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            try
            {
                await WriteBatchAsync(batch);
            }
#pragma warning disable CA1031 // The writer must outlive any failure: each sender gets the failure instead.
            catch (Exception e)
#pragma warning restore CA1031
            {
                foreach (var pending in batch)
                {
                    pending.Done.TrySetException(e);
                }
            }
        }
    }

    private async Task WriteBatchAsync(List<Pending> batch)
    {
        if (batch.Count > 1)
        {
            try
            {
                await WriteTogetherAsync(batch);
                return;
            }
            catch (DbUpdateException)
            {
                // One of them conflicted with a write made meanwhile: one by one, so that only that one is affected.
                // Nothing of the batch was stored: its blobs are pending again until each message is written.
                // (One already answered, its file not put in place, may be in its sender's hands again: not touched.)
                foreach (var pending in batch.Where(p => !p.Done.Task.IsCompleted))
                {
                    pending.Files?.Unpublish();
                }
            }
        }

        foreach (var pending in batch.Where(p => !p.Done.Task.IsCompleted))
        {
            try
            {
                await WriteOneAsync(pending);
            }
#pragma warning disable CA1031 // One message's failure is its sender's, not the others'.
            catch (Exception e)
#pragma warning restore CA1031
            {
                pending.Done.TrySetException(e);
            }
        }
    }

    /// <summary>The whole batch in one transaction: one flush for all of them.</summary>
    private async Task WriteTogetherAsync(List<Pending> batch)
    {
        var today = DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime);
        // No explicit transaction: the single SaveChanges of the audited writer stores everything atomically (it
        // refuses a context with a transaction of its own, which would be begun before its write lock).
        await using var db = await _dbFactory.CreateDbContextAsync(_stopping.Token);
        var ids = batch.Select(p => p.RecordId).ToList();
        var existing = (await db.Records.AsNoTracking().Where(r => ids.Contains(r.Id)).Select(r => r.Id).ToListAsync(_stopping.Token)).ToHashSet(StringComparer.Ordinal);
        var caseIds = batch.Select(p => p.CaseId).Distinct().ToList();
        var cases = await db.Cases.Where(c => caseIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, StringComparer.Ordinal, _stopping.Token);
        var outcomes = new List<(Pending Pending, IntakeOutcome Problem, bool Stored)>(batch.Count);
        var events = new List<Audit.AuditEvent>();
        foreach (var pending in batch)
        {
            // Already stored (a double submit, now or earlier): acknowledged without counting against the throttle.
            // Its files are copies of the stored message's: never made final nor counted, they are deleted with its form.
            if (!existing.Add(pending.RecordId))
            {
                outcomes.Add((pending, IntakeOutcome.None, false));
                continue;
            }

            if (!cases.TryGetValue(pending.CaseId, out var @case))
            {
                // The case was purged while the person was writing.
                outcomes.Add((pending, IntakeOutcome.FormExpired, false));
                continue;
            }

            if (!pending.Counted && !await _throttle.TryMessageAsync(pending.CaseId, _stopping.Token))
            {
                outcomes.Add((pending, IntakeOutcome.Throttled, false));
                continue;
            }

            try
            {
                // Its blobs in place before the commit that acknowledges it; a file that cannot be put in place
                // fails this message alone, before anything of it is stored.
                pending.Files?.Publish();
            }
            catch (Files.BlobNotInPlaceException e)
            {
                pending.Done.TrySetException(e);
                continue;
            }

            pending.Counted = true;
            Append(db, @case, pending, today);
            CaseRecords.Append(db, @case, pending.RecordId, pending.Kind, Content(pending), null, today);
            events.AddRange(pending.AuditEvents());
            outcomes.Add((pending, IntakeOutcome.None, true));
        }

        if (events.Count > 0)
        {
            await _writer.SaveAsync(db, _writer.System(dayOnly: true), events, _stopping.Token);
        }

        foreach (var (pending, problem, stored) in outcomes)
        {
            if (stored)
            {
                pending.Files?.Commit();
            }

            pending.Done.TrySetResult(problem);
        }
    }

    /// <summary>One message in its own transaction, retried when another writer took its sequence number.</summary>
    private async Task WriteOneAsync(Pending pending)
    {
        var today = DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime);
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await _dbFactory.CreateDbContextAsync(_stopping.Token);
            if (await db.Records.AnyAsync(r => r.Id == pending.RecordId, _stopping.Token))
            {
                pending.Done.TrySetResult(IntakeOutcome.None);
                return;
            }

            var @case = await db.Cases.SingleOrDefaultAsync(c => c.Id == pending.CaseId, _stopping.Token);
            if (@case is null)
            {
                pending.Done.TrySetResult(IntakeOutcome.FormExpired);
                return;
            }

            // A message counted in a batch that failed, or in an earlier attempt, is not counted again.
            if (!pending.Counted && !await _throttle.TryMessageAsync(pending.CaseId, _stopping.Token))
            {
                pending.Done.TrySetResult(IntakeOutcome.Throttled);
                return;
            }

            pending.Counted = true;

            Append(db, @case, pending, today);
            CaseRecords.Append(db, @case, pending.RecordId, pending.Kind, Content(pending), null, today);
            try
            {
                pending.Files?.Publish();
                await _writer.SaveAsync(db, _writer.System(dayOnly: true), pending.AuditEvents(), _stopping.Token);
                pending.Files?.Commit();
                pending.Done.TrySetResult(IntakeOutcome.None);
                return;
            }
            catch (DbUpdateException) when (attempt < 5)
            {
                // This message was stored meanwhile (the same form sent twice): look again, its blobs pending again.
                pending.Files?.Unpublish();
            }
        }
    }

    private static RecordContent Content(Pending pending) => new() { Text = pending.Text, Testimony = pending.Testimony, Files = pending.Files?.Attachments() };

    /// <summary>What a message changes on its case besides the record: files, activity, and a reopened case.</summary>
    private static void Append(HavenDbContext db, Case @case, Pending pending, DateOnly today)
    {
        if (pending.Files is not null)
        {
            db.Files.AddRange(pending.Files.Rows(pending.CaseId, pending.RecordId, today));
        }

        @case.LastActivityOn = today;
        @case.AwaitingReply = true;
        if (@case.State is CaseState.Closed or CaseState.Safe)
        {
            // The person wrote again after the case ended: it needs looking at.
            @case.State = CaseState.Triage;
            @case.Outcome = null;
            @case.ClosedOn = null;
        }
    }

    private sealed class Pending(string caseId, string recordId, string text, Testimony? testimony, Files.FileBatch? files)
    {
        public string CaseId { get; } = caseId;

        public string RecordId { get; } = recordId;

        public string Text { get; } = text;

        /// <summary>The answers of a testimony; null for a message.</summary>
        public Testimony? Testimony { get; } = testimony;

        public string Kind => Testimony is null ? RecordKinds.Message : RecordKinds.Testimony;

        public string AuditAction => Testimony is null ? "case.message_received" : "case.testimony_received";

        public Files.FileBatch? Files { get; } = files;

        /// <summary>The message's entry, then the receipt of each of its files (their custody logs begin here).</summary>
        public List<Audit.AuditEvent> AuditEvents() => [new(AuditAction, CaseId), .. Files?.ReceivedEvents(CaseId) ?? []];

        /// <summary>Whether the message was already counted by the throttle (a batch that failed is retried one by one).</summary>
        public bool Counted { get; set; }

        public TaskCompletionSource<IntakeOutcome> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
