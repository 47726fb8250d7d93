using Haven.Accounts;
using Haven.Audit;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Cases;

/// <summary>
/// What <see cref="AddNoteCommand"/> and <see cref="SaveCaseDataCommand"/> share: a record of the team, sealed to
/// the case key only (never to the person), appended and saved with its audit entry through
/// <see cref="AuditedWriter.SaveAsync(HavenDbContext, AuditActor, AuditEvent, CancellationToken)"/>, tried again
/// with a fresh context when a concurrent record took the sequence number.
/// </summary>
internal sealed class TeamRecordWriter(IDbContextFactory<HavenDbContext> dbFactory, TimeProvider clock, AuditedWriter writer)
{
    /// <summary>
    /// Appends a record of <paramref name="kind"/>, audited as <paramref name="action"/> with the record id as
    /// subject. <paramref name="prepare"/> reads, in each attempt's context, whether the record is to be written:
    /// it returns its content, or null content and the outcome to answer instead (a refusal, or
    /// <see cref="CaseWriteOutcome.None"/> when the record is already stored).
    /// </summary>
    public async Task<CaseWriteOutcome> AppendAsync(
        string caseId,
        string recordId,
        string kind,
        string action,
        UnlockedResponder responder,
        Func<HavenDbContext, Task<(CaseWriteOutcome Outcome, RecordContent? Content)>> prepare,
        CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var (outcome, content) = await prepare(db);
            if (content is null)
            {
                return outcome;
            }

            var @case = await db.Cases.SingleAsync(c => c.Id == caseId, cancellationToken);
            CaseRecords.Append(db, @case, recordId, kind, content, null, today);
            try
            {
                await writer.SaveAsync(db, AuditActor.For(responder), new AuditEvent(action, caseId, recordId), cancellationToken);
                return CaseWriteOutcome.None;
            }
            catch (DbUpdateException) when (attempt < 5)
            {
                // A concurrent record took the sequence number: try again.
            }
        }
    }
}
