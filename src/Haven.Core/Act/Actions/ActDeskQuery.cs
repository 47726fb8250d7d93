using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Act.Actions;

/// <summary>The desk's reads of Urgent Actions (no secret is opened here: a target's address is only "stored" or not).</summary>
internal sealed class ActDeskQuery(IDbContextFactory<HavenDbContext> dbFactory)
{
    /// <summary>Every action: drafts, then live, then ended, newest first within each.</summary>
    public async Task<IReadOnlyList<ActionListRow>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var actions = await db.UrgentActions.AsNoTracking().ToListAsync(cancellationToken);
        return [.. actions
            .OrderBy(a => a.Status).ThenByDescending(a => a.UpdatedAt)
            .Select(a =>
            {
                var texts = ActJson.ReadMap<ActionText>(a.Texts);
                var title = ActionTexts.LanguagesOf(a).Select(l => texts.GetValueOrDefault(l)?.Title).FirstOrDefault(t => !string.IsNullOrEmpty(t)) ?? "";
                return new ActionListRow(a.Id, a.Status, ActionNumber.Of(a), title, a.UpdatedAt, a.Deadline);
            })];
    }

    /// <summary>One action with everything the desk shows of it; null when there is none with that id.</summary>
    public async Task<ActionOnDesk?> GetAsync(string? id, CancellationToken cancellationToken)
    {
        if (id is not { Length: 32 })
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var action = await db.UrgentActions.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (action is null)
        {
            return null;
        }

        var targets = await db.ActionTargets.AsNoTracking().Where(t => t.ActionId == id).OrderBy(t => t.Kind).ThenBy(t => t.Position).ToListAsync(cancellationToken);
        var updates = await db.ActionUpdates.AsNoTracking().Where(u => u.ActionId == id).OrderBy(u => u.Number).ToListAsync(cancellationToken);
        var counts = await db.ActionCounts.AsNoTracking().Where(c => c.ActionId == id).ToListAsync(cancellationToken);
        var held = await db.HeldSubmissions.CountAsync(h => h.ActionId == id, cancellationToken);
        return new ActionOnDesk(action, targets, updates, counts, held);
    }

    /// <summary>The held letters and declarations of an action, oldest first (still sealed).</summary>
    public async Task<IReadOnlyList<HeldSubmission>> HeldAsync(string actionId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // Ordered here: SQLite cannot order by a DateTimeOffset column.
        var held = await db.HeldSubmissions.AsNoTracking().Where(h => h.ActionId == actionId).ToListAsync(cancellationToken);
        return [.. held.OrderBy(h => h.CreatedAt).ThenBy(h => h.Id, StringComparer.Ordinal)];
    }
}
