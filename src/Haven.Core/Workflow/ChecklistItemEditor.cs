using System.Globalization;
using Haven.Accounts;
using Haven.Audit;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Workflow;

/// <summary>
/// What <see cref="MoveChecklistItemCommand"/> and <see cref="SetChecklistItemActiveCommand"/> share: only an
/// administrator edits an item of the checklist (anyone else is answered <see cref="ChecklistOutcome.NotFound"/>),
/// and the edit is saved with its audit entry, the item id as subject.
/// </summary>
internal sealed class ChecklistItemEditor(IDbContextFactory<HavenDbContext> dbFactory, AuditedWriter writer)
{
    /// <summary>
    /// Runs <paramref name="edit"/> on a new context: it changes the items it reads and returns the audit action
    /// to save them under, or no action and the outcome to answer without saving anything.
    /// </summary>
    public async Task<ChecklistOutcome> EditAsync(int itemId, UnlockedResponder responder, Func<HavenDbContext, Task<(ChecklistOutcome Outcome, string? Action)>> edit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(responder);
        ArgumentNullException.ThrowIfNull(edit);
        if (!ChecklistRoles.CanConfigure(responder.Role))
        {
            return ChecklistOutcome.NotFound;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (outcome, action) = await edit(db);
        if (action is null)
        {
            return outcome;
        }

        await writer.SaveAsync(db, AuditActor.For(responder), new AuditEvent(action, null, itemId.ToString(CultureInfo.InvariantCulture)), cancellationToken);
        return ChecklistOutcome.None;
    }
}
