using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Accounts;

/// <summary>Every responder, by name: no secret, only what an administrator needs to manage accounts.</summary>
internal sealed class ResponderListQuery(IDbContextFactory<HavenDbContext> dbFactory)
{
    /// <summary>Every responder, by name.</summary>
    public async Task<IReadOnlyList<ResponderSummary>> ExecuteAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await ExecuteAsync(db, cancellationToken);
    }

    /// <summary>
    /// Every responder, by name, read through <paramref name="db"/> (for a caller that already holds a context).
    /// </summary>
    public static async Task<IReadOnlyList<ResponderSummary>> ExecuteAsync(HavenDbContext db, CancellationToken cancellationToken) =>
        await db.Responders.AsNoTracking().OrderBy(r => r.Name).Select(r => new ResponderSummary(r.Id, r.Name, r.Role, r.Active, r.CreatedOn)).ToListAsync(cancellationToken);
}
