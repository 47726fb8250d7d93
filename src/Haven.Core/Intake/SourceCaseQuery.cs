using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Intake;

/// <summary>The case a receipt already has, if any: for a session resumed from a form that can both start a case and add to one.</summary>
internal sealed class SourceCaseQuery(IDbContextFactory<HavenDbContext> dbFactory)
{
    /// <summary>The id of the case the receipt with <paramref name="lookupId"/> sent its first record to; null when it has none yet.</summary>
    public async Task<string?> ExecuteAsync(string lookupId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Sources.AsNoTracking().Where(s => s.LookupId == lookupId).Select(s => s.CaseId).SingleOrDefaultAsync(cancellationToken);
    }
}
