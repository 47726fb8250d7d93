using System.Globalization;
using Haven.Accounts;
using Haven.Audit;
using Haven.Cases;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Workflow;

/// <summary>
/// Ticks or unticks a checklist item for a case, recording who and which day; audited as
/// <c>case.check</c> or <c>case.uncheck</c> with the item id as subject. Only while the case is in
/// Verification, and only by responders holding the case.
/// </summary>
internal sealed class CheckItemCommand(IDbContextFactory<HavenDbContext> dbFactory, TimeProvider clock, AuditedWriter writer)
{
    /// <summary>
    /// Ticks or unticks an active item on a case in Verification, audited as <c>case.check</c> or <c>case.uncheck</c>.
    /// Refuses a case the responder does not hold (NotFound), a case in another state and an item that is not active;
    /// asking for what is already so changes nothing.
    /// </summary>
    public async Task<ChecklistOutcome> ExecuteAsync(string caseId, int itemId, bool ticked, UnlockedResponder responder, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await CaseRecords.HoldsAsync(db, caseId, responder.Id, cancellationToken))
        {
            return ChecklistOutcome.NotFound;
        }

        var state = await db.Cases.Where(c => c.Id == caseId).Select(c => c.State).SingleAsync(cancellationToken);
        if (state != CaseState.Verification)
        {
            return ChecklistOutcome.NotInVerification;
        }

        if (!await db.ChecklistItems.AnyAsync(i => i.Id == itemId && i.Active, cancellationToken))
        {
            return ChecklistOutcome.NoSuchItem;
        }

        var existing = await db.CaseChecks.SingleOrDefaultAsync(c => c.CaseId == caseId && c.ItemId == itemId, cancellationToken);
        if (ticked == (existing is not null))
        {
            return ChecklistOutcome.None;
        }

        if (existing is null)
        {
            db.CaseChecks.Add(new CaseCheck { CaseId = caseId, ItemId = itemId, CheckedBy = responder.Id, CheckedOn = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime) });
        }
        else
        {
            db.CaseChecks.Remove(existing);
        }

        try
        {
            await writer.SaveAsync(db, AuditActor.For(responder), new AuditEvent(ticked ? "case.check" : "case.uncheck", caseId, itemId.ToString(CultureInfo.InvariantCulture)), cancellationToken);
        }
        catch (DbUpdateException) when (ticked)
        {
            // Someone ticked the same item at the same moment: it is ticked, which is what was asked.
        }

        return ChecklistOutcome.None;
    }
}
