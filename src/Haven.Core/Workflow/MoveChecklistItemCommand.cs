using Haven.Accounts;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Workflow;

/// <summary>Moves an item one place up or down the checklist; audited as <c>checklist.moved</c>.</summary>
internal sealed class MoveChecklistItemCommand(ChecklistItemEditor editor)
{
    /// <summary>
    /// Swaps the item with the one above it (<paramref name="up"/>) or below it and renumbers the list. Refuses a
    /// responder who may not configure the checklist (NotFound) and an unknown item; moving the first up or the last
    /// down changes nothing.
    /// </summary>
    public Task<ChecklistOutcome> ExecuteAsync(int itemId, bool up, UnlockedResponder responder, CancellationToken cancellationToken) =>
        editor.EditAsync(itemId, responder, db => MoveAsync(db, itemId, up, cancellationToken), cancellationToken);

    private static async Task<(ChecklistOutcome, string?)> MoveAsync(HavenDbContext db, int itemId, bool up, CancellationToken cancellationToken)
    {
        var items = await db.ChecklistItems.OrderBy(i => i.Position).ThenBy(i => i.Id).ToListAsync(cancellationToken);
        var index = items.FindIndex(i => i.Id == itemId);
        if (index < 0)
        {
            return (ChecklistOutcome.NoSuchItem, null);
        }

        var other = up ? index - 1 : index + 1;
        if (other < 0 || other >= items.Count)
        {
            return (ChecklistOutcome.None, null);
        }

        // Renumber the whole list so that equal positions left by hand edits cannot make a move a no-op.
        (items[index], items[other]) = (items[other], items[index]);
        for (var i = 0; i < items.Count; i++)
        {
            items[i].Position = i + 1;
        }

        return (ChecklistOutcome.None, "checklist.moved");
    }
}
