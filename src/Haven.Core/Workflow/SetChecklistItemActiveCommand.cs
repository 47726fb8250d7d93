using System.Globalization;
using Haven.Accounts;
using Haven.Audit;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Workflow;

/// <summary>
/// Deactivates or reactivates an item; audited as <c>checklist.deactivated</c> or <c>checklist.activated</c>.
/// An inactive item is no longer required; ticks given earlier are kept.
/// </summary>
internal sealed class SetChecklistItemActiveCommand(IDbContextFactory<HavenDbContext> dbFactory, AuditedWriter writer)
{
    /// <summary>
    /// Deactivates or reactivates an item, audited as <c>checklist.deactivated</c> or <c>checklist.activated</c>.
    /// Refuses a responder who may not configure the checklist (NotFound), an unknown item and deactivating the last
    /// active one.
    /// </summary>
    public async Task<ChecklistOutcome> ExecuteAsync(int itemId, bool active, UnlockedResponder responder, CancellationToken cancellationToken)
    {
        if (!ChecklistRoles.CanConfigure(responder.Role))
        {
            return ChecklistOutcome.NotFound;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var item = await db.ChecklistItems.SingleOrDefaultAsync(i => i.Id == itemId, cancellationToken);
        if (item is null)
        {
            return ChecklistOutcome.NoSuchItem;
        }

        if (item.Active == active)
        {
            return ChecklistOutcome.None;
        }

        if (!active && !await db.ChecklistItems.AnyAsync(i => i.Active && i.Id != itemId, cancellationToken))
        {
            return ChecklistOutcome.LastActiveItem;
        }

        item.Active = active;
        await writer.SaveAsync(db, AuditActor.For(responder), new AuditEvent(active ? "checklist.activated" : "checklist.deactivated", null, itemId.ToString(CultureInfo.InvariantCulture)), cancellationToken);
        return ChecklistOutcome.None;
    }
}
