using Haven.Accounts;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Cases;

/// <summary>
/// A responder's reply: sealed to the case key and to the source's key, so the person can read it. A reply to a
/// New case moves it to Triage, audited as that workflow step (<c>case.state</c>, <c>New&gt;Triage</c>).
/// </summary>
internal sealed class ReplyCommand(IDbContextFactory<HavenDbContext> dbFactory, Microsoft.Extensions.Options.IOptions<Intake.IntakeOptions> options, TimeProvider clock, Audit.AuditedWriter writer)
{
    /// <summary>
    /// Sends the reply: text, <paramref name="files"/> or both. Refuses an expired form, a reply with neither text nor
    /// files, a text over the length limit and a case the responder does not hold (NotFound); a repeated form is
    /// reported as sent and stores nothing twice.
    /// </summary>
    /// <param name="caseId">The case.</param>
    /// <param name="recordId">The form's record id (a double submit stores one reply).</param>
    /// <param name="text">The reply; may be empty when files come with it.</param>
    /// <param name="responder">Who replies.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <param name="files">Files already received into pending blobs; made final only if this reply is stored.</param>
    public async Task<ReplyOutcome> ExecuteAsync(string caseId, string recordId, string? text, UnlockedResponder responder, CancellationToken cancellationToken, Files.FileBatch? files = null)
    {
        if (!CaseRecords.IsValidId(recordId))
        {
            return ReplyOutcome.FormExpired;
        }

        if (string.IsNullOrWhiteSpace(text) && (files is null || files.Count == 0))
        {
            return ReplyOutcome.TextMissing;
        }

        if (text is not null && text.Length > options.Value.MaxTextLength)
        {
            return ReplyOutcome.TextTooLong;
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            if (!await CaseRecords.HoldsAsync(db, caseId, responder.Id, cancellationToken))
            {
                return ReplyOutcome.NotFound;
            }

            if (await db.Records.AnyAsync(r => r.Id == recordId, cancellationToken))
            {
                return ReplyOutcome.Sent;
            }

            var @case = await db.Cases.SingleAsync(c => c.Id == caseId, cancellationToken);
            var source = await db.Sources.AsNoTracking().FirstOrDefaultAsync(s => s.CaseId == caseId, cancellationToken);
            CaseRecords.Append(db, @case, recordId, RecordKinds.Reply, new RecordContent { Text = text ?? "", Files = files?.Attachments() }, source?.PublicKey, today);
            if (files is not null)
            {
                db.Files.AddRange(files.Rows(caseId, recordId, today));
            }

            @case.LastActivityOn = today;
            @case.AwaitingReply = false;
            List<Audit.AuditEvent> events = [new("case.replied", caseId)];
            if (@case.State == CaseState.New)
            {
                // A reply means the case has been looked at: the step to Triage is recorded as the workflow
                // records a manual one (case.state, the replying responder, in the same transaction).
                @case.State = CaseState.Triage;
                events.Add(new Audit.AuditEvent("case.state", caseId, Workflow.CaseTransitions.Step(CaseState.New, CaseState.Triage)));
            }

            // The custody log of each file sent with the reply begins with its receipt, by the responder.
            events.AddRange(files?.ReceivedEvents(caseId) ?? []);

            try
            {
                files?.Publish();
                await writer.SaveAsync(db, Audit.AuditActor.For(responder), events, cancellationToken);
                files?.Commit();
                return ReplyOutcome.Sent;
            }
            catch (DbUpdateException) when (attempt < 5)
            {
                // A concurrent record took the sequence number: try again, the blobs pending again meanwhile.
                files?.Unpublish();
            }
        }
    }
}
