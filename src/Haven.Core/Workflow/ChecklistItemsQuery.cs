using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Workflow;

/// <summary>The checklist items in their order, active or all.</summary>
internal sealed class ChecklistItemsQuery(IDbContextFactory<HavenDbContext> dbFactory)
{
    /// <summary>
    /// The checklist items in their order: only the active ones when <paramref name="activeOnly"/> is set, otherwise
    /// all.
    /// </summary>
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
