using Haven.Accounts;
using Haven.Audit;
using Haven.Storage;
using Haven.Workflow;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Haven.Cases;

/// <summary>
/// Adds an internal note of the team: a <c>note</c> record sealed to the case key only, so the person can
/// never read it, whatever they hold.
/// </summary>
internal sealed class AddNoteCommand(IDbContextFactory<HavenDbContext> dbFactory, IOptions<WorkflowOptions> options, TimeProvider clock, AuditedWriter writer)
{
    /// <summary>
    /// Adds the note <paramref name="text"/> to the case. Refuses an expired form, an empty text, a text over the
    /// length limit and a case the responder does not hold (NotFound); a repeated form adds nothing.
    /// </summary>
    public async Task<CaseWriteOutcome> ExecuteAsync(string caseId, string recordId, string? text, UnlockedResponder responder, CancellationToken cancellationToken)
    {
        if (!CaseRecords.IsValidId(recordId))
        {
            return CaseWriteOutcome.FormExpired;
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return CaseWriteOutcome.TextMissing;
        }

        if (text.Length > options.Value.MaxTextLength)
        {
            return CaseWriteOutcome.TextTooLong;
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            if (!await CaseRecords.HoldsAsync(db, caseId, responder.Id, cancellationToken))
            {
                return CaseWriteOutcome.NotFound;
            }

            if (await db.Records.AnyAsync(r => r.Id == recordId, cancellationToken))
            {
                return CaseWriteOutcome.None;
            }

            var @case = await db.Cases.SingleAsync(c => c.Id == caseId, cancellationToken);
            CaseRecords.Append(db, @case, recordId, RecordKinds.Note, new RecordContent { Text = text }, null, today);
            try
            {
                await writer.SaveAsync(db, AuditActor.For(responder), new AuditEvent("case.note", caseId, recordId), cancellationToken);
                return CaseWriteOutcome.None;
            }
            catch (DbUpdateException) when (attempt < 5)
            {
                // A concurrent record took the sequence number: try again.
            }
        }
    }
}
