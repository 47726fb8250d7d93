using Haven.Accounts;
using Haven.Cases;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Workflow;

/// <summary>The responders a case can be granted or assigned to: active, and not analysts.</summary>
internal sealed class GrantCandidatesQuery(IDbContextFactory<HavenDbContext> dbFactory)
{
    /// <summary>The active responders who can hold cases, by name.</summary>
    public async Task<IReadOnlyList<(string Id, string Name, ResponderRole Role)>> ExecuteAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Responders.AsNoTracking().Where(r => r.Active && r.Role != ResponderRole.Analyst).OrderBy(r => r.Name).Select(r => new { r.Id, r.Name, r.Role }).ToListAsync(cancellationToken);
        return rows.Where(r => CaseRoles.CanHoldCases(r.Role)).Select(r => (r.Id, r.Name, r.Role)).ToList();
    }
}
