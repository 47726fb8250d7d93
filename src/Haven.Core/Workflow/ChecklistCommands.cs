using System.Globalization;
using Haven.Accounts;
using Haven.Audit;
using Haven.Cases;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Workflow;

/// <summary>Why a checklist change was refused.</summary>
internal enum ChecklistProblem
{
    None,

    /// <summary>The case is not granted to the responder, or the responder may not configure the checklist.</summary>
    NotFound,

    /// <summary>Items are ticked only while the case is in Verification.</summary>
    NotInVerification,

    /// <summary>No such item, or the item is not active.</summary>
    NoSuchItem,
    TextMissing,
    TextTooLong,

    /// <summary>At least one item stays active: an empty checklist would let any case through.</summary>
    LastActiveItem,
}

/// <summary>
/// Ticks or unticks a checklist item for a case, recording who and which day; audited as
/// <c>case.check</c> or <c>case.uncheck</c> with the item id as subject. Only while the case is in
/// Verification, and only by responders holding the case.
/// </summary>
internal sealed class CheckItemCommand(IDbContextFactory<HavenDbContext> dbFactory, TimeProvider clock, AuditLog audit)
{
    public async Task<ChecklistProblem> ExecuteAsync(string caseId, int itemId, bool ticked, UnlockedResponder responder, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await CaseRecords.HoldsAsync(db, caseId, responder.Id, cancellationToken))
        {
            return ChecklistProblem.NotFound;
        }

        var state = await db.Cases.Where(c => c.Id == caseId).Select(c => c.State).SingleAsync(cancellationToken);
        if (state != CaseState.Verification)
        {
            return ChecklistProblem.NotInVerification;
        }

        if (!await db.ChecklistItems.AnyAsync(i => i.Id == itemId && i.Active, cancellationToken))
        {
            return ChecklistProblem.NoSuchItem;
        }

        var existing = await db.CaseChecks.SingleOrDefaultAsync(c => c.CaseId == caseId && c.ItemId == itemId, cancellationToken);
        if (ticked == (existing is not null))
        {
            return ChecklistProblem.None;
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
            await audit.SaveWithAsync(db, AuditActor.For(responder), new AuditEvent(ticked ? "case.check" : "case.uncheck", caseId, itemId.ToString(CultureInfo.InvariantCulture)), cancellationToken);
        }
        catch (DbUpdateException) when (ticked)
        {
            // Someone ticked the same item at the same moment: it is ticked, which is what was asked.
        }

        return ChecklistProblem.None;
    }
}

/// <summary>The checklist items in their order, active or all.</summary>
internal sealed class ChecklistItemsQuery(IDbContextFactory<HavenDbContext> dbFactory)
{
    public async Task<IReadOnlyList<ChecklistItem>> ExecuteAsync(bool activeOnly, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var items = db.ChecklistItems.AsNoTracking();
        if (activeOnly)
        {
            items = items.Where(i => i.Active);
        }

        return await items.OrderBy(i => i.Position).ThenBy(i => i.Id).ToListAsync(cancellationToken);
    }
}

/// <summary>Who may change the checklist: administrators only, because it is the gate of every case.</summary>
internal static class ChecklistRoles
{
    public static bool CanConfigure(ResponderRole role) => role == ResponderRole.Admin;
}

/// <summary>Adds a custom item at the end of the checklist; audited as <c>checklist.added</c>.</summary>
internal sealed class AddChecklistItemCommand(IDbContextFactory<HavenDbContext> dbFactory, AuditLog audit)
{
    public async Task<ChecklistProblem> ExecuteAsync(string? text, UnlockedResponder responder, CancellationToken cancellationToken)
    {
        if (!ChecklistRoles.CanConfigure(responder.Role))
        {
            return ChecklistProblem.NotFound;
        }

        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return ChecklistProblem.TextMissing;
        }

        if (trimmed.Length > WorkflowOptions.MaxItemLength)
        {
            return ChecklistProblem.TextTooLong;
        }

        for (var attempt = 0; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);

            // The id is chosen here so that the audit entry, saved with the item, can name it.
            var id = (await db.ChecklistItems.MaxAsync(i => (int?)i.Id, cancellationToken) ?? 0) + 1;
            var position = (await db.ChecklistItems.MaxAsync(i => (int?)i.Position, cancellationToken) ?? 0) + 1;
            db.ChecklistItems.Add(new ChecklistItem { Id = id, Text = trimmed, Position = position, Active = true });
            try
            {
                await audit.SaveWithAsync(db, AuditActor.For(responder), new AuditEvent("checklist.added", null, id.ToString(CultureInfo.InvariantCulture)), cancellationToken);
                return ChecklistProblem.None;
            }
            catch (DbUpdateException) when (attempt < 5)
            {
                // Another item took the id: try again.
            }
        }
    }
}

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

/// <summary>Moves an item one place up or down the checklist; audited as <c>checklist.moved</c>.</summary>
internal sealed class MoveChecklistItemCommand(IDbContextFactory<HavenDbContext> dbFactory, AuditLog audit)
{
    public async Task<ChecklistProblem> ExecuteAsync(int itemId, bool up, UnlockedResponder responder, CancellationToken cancellationToken)
    {
        if (!ChecklistRoles.CanConfigure(responder.Role))
        {
            return ChecklistProblem.NotFound;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var items = await db.ChecklistItems.OrderBy(i => i.Position).ThenBy(i => i.Id).ToListAsync(cancellationToken);
        var index = items.FindIndex(i => i.Id == itemId);
        if (index < 0)
        {
            return ChecklistProblem.NoSuchItem;
        }

        var other = up ? index - 1 : index + 1;
        if (other < 0 || other >= items.Count)
        {
            return ChecklistProblem.None;
        }

        // Renumber the whole list so that equal positions left by hand edits cannot make a move a no-op.
        (items[index], items[other]) = (items[other], items[index]);
        for (var i = 0; i < items.Count; i++)
        {
            items[i].Position = i + 1;
        }

        await audit.SaveWithAsync(db, AuditActor.For(responder), new AuditEvent("checklist.moved", null, itemId.ToString(CultureInfo.InvariantCulture)), cancellationToken);
        return ChecklistProblem.None;
    }
}
