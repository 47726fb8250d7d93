using Haven.Accounts;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Workflow;

/// <summary>
/// Deactivates or reactivates an item; audited as <c>checklist.deactivated</c> or <c>checklist.activated</c>.
/// An inactive item is no longer required; ticks given earlier are kept.
/// </summary>
internal sealed class SetChecklistItemActiveCommand(ChecklistItemEditor editor)
{
    /// <summary>
    /// Deactivates or reactivates an item, audited as <c>checklist.deactivated</c> or <c>checklist.activated</c>.
    /// Refuses a responder who may not configure the checklist (NotFound), an unknown item and deactivating the last
    /// active one.
    /// </summary>
    public Task<ChecklistOutcome> ExecuteAsync(int itemId, bool active, UnlockedResponder responder, CancellationToken cancellationToken) =>
        editor.EditAsync(itemId, responder, db => SetAsync(db, itemId, active, cancellationToken), cancellationToken);

    private static async Task<(ChecklistOutcome, string?)> SetAsync(HavenDbContext db, int itemId, bool active, CancellationToken cancellationToken)
    {
        var item = await db.ChecklistItems.SingleOrDefaultAsync(i => i.Id == itemId, cancellationToken);
        if (item is null)
        {
            return (ChecklistOutcome.NoSuchItem, null);
        }

        if (item.Active == active)
        {
            return (ChecklistOutcome.None, null);
        }

        if (!active && !await db.ChecklistItems.AnyAsync(i => i.Active && i.Id != itemId, cancellationToken))
        {
            return (ChecklistOutcome.LastActiveItem, null);
        }

        item.Active = active;
        return (ChecklistOutcome.None, active ? "checklist.activated" : "checklist.deactivated");
    }
}
