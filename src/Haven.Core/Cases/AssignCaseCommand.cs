using Haven.Accounts;
using Haven.Audit;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Cases;

/// <summary>Assigns a case to a responder (granting it first when needed), or clears the assignment.</summary>
internal sealed class AssignCaseCommand(IDbContextFactory<HavenDbContext> dbFactory, GrantCaseCommand grant, AuditedWriter writer)
{
    /// <summary>
    /// Assigns the case to <paramref name="assigneeId"/>, granting it to them first when needed, or clears the
    /// assignment when it is null. Refuses an actor who may not manage cases or does not hold the case; a refused grant
    /// is returned as it is.
    /// </summary>
    public async Task<GrantOutcome> ExecuteAsync(string caseId, string? assigneeId, UnlockedResponder actor, CancellationToken cancellationToken)
    {
        if (!CaseRoles.CanManage(actor.Role))
        {
            return GrantOutcome.NotAllowed;
        }

        if (assigneeId is not null)
        {
            var granted = await grant.ExecuteAsync(caseId, assigneeId, actor, cancellationToken);
            if (granted is not (GrantOutcome.Done or GrantOutcome.Unchanged))
            {
                return granted;
            }
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await CaseRecords.HoldsAsync(db, caseId, actor.Id, cancellationToken))
        {
            return GrantOutcome.NotFound;
        }

        var @case = await db.Cases.SingleAsync(c => c.Id == caseId, cancellationToken);
        @case.AssignedTo = assigneeId;
        await writer.SaveAsync(db, AuditActor.For(actor), new AuditEvent(assigneeId is null ? "case.unassigned" : "case.assigned", caseId, assigneeId), cancellationToken);
        return GrantOutcome.Done;
    }
}
