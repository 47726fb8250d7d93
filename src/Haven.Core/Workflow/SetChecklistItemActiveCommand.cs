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
internal sealed class SetChecklistItemActiveCommand(IDbContextFactory<HavenDbContext> dbFactory, AuditLog audit)
{
    public async Task<ChecklistProblem> ExecuteAsync(int itemId, bool active, UnlockedResponder responder, CancellationToken cancellationToken)
    {
        if (!ChecklistRoles.CanConfigure(responder.Role))
        {
            return ChecklistProblem.NotFound;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var item = await db.ChecklistItems.SingleOrDefaultAsync(i => i.Id == itemId, cancellationToken);
        if (item is null)
        {
            return ChecklistProblem.NoSuchItem;
        }

        if (item.Active == active)
        {
            return ChecklistProblem.None;
        }

        if (!active && !await db.ChecklistItems.AnyAsync(i => i.Active && i.Id != itemId, cancellationToken))
        {
            return ChecklistProblem.LastActiveItem;
        }

        item.Active = active;
        await audit.SaveWithAsync(db, AuditActor.For(responder), new AuditEvent(active ? "checklist.activated" : "checklist.deactivated", null, itemId.ToString(CultureInfo.InvariantCulture)), cancellationToken);
        return ChecklistProblem.None;
    }
}
