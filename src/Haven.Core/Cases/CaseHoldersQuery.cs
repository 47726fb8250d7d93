using Haven.Accounts;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Cases;

/// <summary>The responders who hold a case (for the case page's grants panel).</summary>
internal sealed class CaseHoldersQuery(IDbContextFactory<HavenDbContext> dbFactory)
{
    /// <summary>
    /// The responders who hold a seal of <paramref name="caseId"/>, by name. It checks no role: the caller shows it
    /// only to those who may manage the case.
    /// </summary>
    public async Task<IReadOnlyList<(string Id, string Name, ResponderRole Role)>> ExecuteAsync(string caseId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var current = await db.Cases.Where(c => c.Id == caseId).Select(c => c.KeyGeneration).SingleAsync(cancellationToken);
        var holders = db.CaseKeySeals.Where(s => s.CaseId == caseId && s.Generation == current && s.ResponderId != null).Select(s => s.ResponderId);
        var rows = await db.Responders.AsNoTracking().Where(r => holders.Contains(r.Id)).OrderBy(r => r.Name).Select(r => new { r.Id, r.Name, r.Role }).ToListAsync(cancellationToken);
        return rows.Select(r => (r.Id, r.Name, r.Role)).ToList();
    }
}
