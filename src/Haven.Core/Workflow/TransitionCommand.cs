using Haven.Accounts;
using Haven.Audit;
using Haven.Cases;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Haven.Workflow;

/// <summary>
/// Moves a case one step of the workflow (<see cref="CaseTransitions"/>). The step from Verification to
/// Planning is the gate before anything operational is told to the person: it needs every active checklist
/// item ticked and, unless switched off, a second person: the responder who approves must not have ticked
/// every item alone. Every step is audited as <c>case.state</c> with a content-free subject such as
/// <c>Triage&gt;Verification</c>; the reason, if any, is sealed to the case key only, never to the person.
/// </summary>
internal sealed class TransitionCommand(IDbContextFactory<HavenDbContext> dbFactory, IOptions<WorkflowOptions> options, TimeProvider clock, AuditedWriter writer)
{
    /// <summary>
    /// Moves the case to <c>request.To</c>. Refuses an expired form, a reason over the length limit, a case the
    /// responder does not hold (NotFound), a form shown before the case moved, a step the workflow does not allow,
    /// closing without an outcome and an approval the gate refuses; a double submit changes nothing.
    /// </summary>
    public async Task<TransitionOutcome> ExecuteAsync(string caseId, TransitionRequest request, UnlockedResponder responder, CancellationToken cancellationToken)
    {
        if (!CaseRecords.IsValidId(request.RecordId))
        {
            return TransitionOutcome.FormExpired;
        }

        var reason = string.IsNullOrWhiteSpace(request.Reason) ? null : request.Reason;
        if (reason?.Length > options.Value.MaxTextLength)
        {
            return TransitionOutcome.ReasonTooLong;
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            if (!await CaseRecords.HoldsAsync(db, caseId, responder.Id, cancellationToken))
            {
                return TransitionOutcome.NotFound;
            }

            var @case = await db.Cases.SingleAsync(c => c.Id == caseId, cancellationToken);
            var from = @case.State;
            if (request.From is { } shown && shown != from)
            {
                // A double submit finds the case already where it was sent; anything else is a stale form.
                return from == request.To ? TransitionOutcome.None : TransitionOutcome.Moved;
            }

            if (!CaseTransitions.IsAllowed(from, request.To))
            {
                return TransitionOutcome.NotAllowed;
            }

            if (request.To == CaseState.Closed && request.Outcome is null)
            {
                return TransitionOutcome.OutcomeRequired;
            }

            if (CaseTransitions.IsApproval(from, request.To))
            {
                var gate = await CheckApprovalAsync(db, caseId, responder.Id, cancellationToken);
                if (gate != TransitionOutcome.None)
                {
                    return gate;
                }
            }

            var step = CaseTransitions.Step(from, request.To);
            @case.State = request.To;
            if (CaseTransitions.IsFinal(request.To))
            {
                @case.ClosedOn = today;
                @case.Outcome = request.To == CaseState.Closed ? request.Outcome : null;
            }
            else if (CaseTransitions.IsFinal(from))
            {
                @case.ClosedOn = null;
                @case.Outcome = null;
            }

            if (reason is not null)
            {
                CaseRecords.Append(db, @case, request.RecordId, RecordKinds.Transition, new RecordContent { Text = reason, Step = step }, null, today);
            }

            try
            {
                await writer.SaveAsync(db, AuditActor.For(responder), new AuditEvent("case.state", caseId, step), cancellationToken);
                return TransitionOutcome.None;
            }
            catch (DbUpdateException) when (attempt < 5)
            {
                // A concurrent record took the sequence number: try again.
            }
        }
    }

    private async Task<TransitionOutcome> CheckApprovalAsync(HavenDbContext db, string caseId, string approverId, CancellationToken cancellationToken)
    {
        var active = await db.ChecklistItems.AsNoTracking().Where(i => i.Active).Select(i => i.Id).ToListAsync(cancellationToken);
        var checks = await db.CaseChecks.AsNoTracking().Where(c => c.CaseId == caseId && active.Contains(c.ItemId)).Select(c => c.CheckedBy).ToListAsync(cancellationToken);
        return CaseTransitions.ApprovalGate(active.Count, checks, approverId, options.Value.RequireSecondPerson);
    }
}
