using Haven.Accounts;
using Haven.Storage;
using Haven.Workflow;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Haven.Cases;

/// <summary>
/// Adds an internal note of the team: a <c>note</c> record sealed to the case key only, so the person can
/// never read it, whatever they hold.
/// </summary>
internal sealed class AddNoteCommand(IOptions<WorkflowOptions> options, TeamRecordWriter records)
{
    /// <summary>
    /// Adds the note <paramref name="text"/> to the case. Refuses an expired form, an empty text, a text over the
    /// length limit and a case the responder does not hold (NotFound); a repeated form adds nothing.
    /// </summary>
    public Task<CaseWriteOutcome> ExecuteAsync(string caseId, string recordId, string? text, UnlockedResponder responder, CancellationToken cancellationToken)
    {
        if (!CaseRecords.IsValidId(recordId))
        {
            return Task.FromResult(CaseWriteOutcome.FormExpired);
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return Task.FromResult(CaseWriteOutcome.TextMissing);
        }

        if (text.Length > options.Value.MaxTextLength)
        {
            return Task.FromResult(CaseWriteOutcome.TextTooLong);
        }

        return records.AppendAsync(caseId, recordId, RecordKinds.Note, "case.note", responder, PrepareAsync, cancellationToken);

        async Task<(CaseWriteOutcome, RecordContent?)> PrepareAsync(HavenDbContext db)
        {
            if (!await CaseRecords.HoldsAsync(db, caseId, responder.Id, cancellationToken))
            {
                return (CaseWriteOutcome.NotFound, null);
            }

            if (await db.Records.AnyAsync(r => r.Id == recordId, cancellationToken))
            {
                return (CaseWriteOutcome.None, null);
            }

            return (CaseWriteOutcome.None, new RecordContent { Text = text });
        }
    }
}
