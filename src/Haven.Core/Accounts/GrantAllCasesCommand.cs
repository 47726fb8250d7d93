using Haven.Cases;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Accounts;

/// <summary>
/// Gives a responder access to every case the granter holds (for a coordinator or administrator who joins
/// after cases exist), one <see cref="GrantCaseCommand"/> per case. Each run handles at most
/// <see cref="MaxPerRun"/> cases so that a request stays short; the page offers to continue.
/// </summary>
internal sealed class GrantAllCasesCommand(IDbContextFactory<HavenDbContext> dbFactory, GrantCaseCommand grant)
{
    public const int MaxPerRun = 100;

    /// <summary>
    /// Grants <paramref name="granteeId"/> the cases <paramref name="granter"/> holds, up to the bound of one run.
    /// Refuses a granter who may not manage cases and a grantee who cannot hold cases; granting oneself changes
    /// nothing.
    /// </summary>
    public async Task<GrantAllResult> ExecuteAsync(string granteeId, UnlockedResponder granter, CancellationToken cancellationToken)
    {
        if (!CaseRoles.CanManage(granter.Role))
        {
            return new GrantAllResult(GrantOutcome.NotAllowed);
        }

        if (granteeId == granter.Id)
        {
            return new GrantAllResult(GrantOutcome.Unchanged);
        }

        List<string> batch;
        int missing;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var grantee = await db.Responders.AsNoTracking().SingleOrDefaultAsync(r => r.Id == granteeId && r.Active, cancellationToken);
            if (grantee is null || !CaseRoles.CanHoldCases(grantee.Role))
            {
                return new GrantAllResult(GrantOutcome.NoSuchResponder);
            }

            var theirs = db.CaseKeySeals.Where(s => s.ResponderId == granteeId).Select(s => s.CaseId);
            var todo = db.CaseKeySeals.Where(s => s.ResponderId == granter.Id && !theirs.Contains(s.CaseId)).Select(s => s.CaseId).Distinct();
            missing = await todo.CountAsync(cancellationToken);
            batch = await todo.OrderBy(id => id).Take(MaxPerRun).ToListAsync(cancellationToken);
        }

        var granted = 0;
        foreach (var caseId in batch)
        {
            if (await grant.ExecuteAsync(caseId, granteeId, granter, cancellationToken) == GrantOutcome.Done)
            {
                granted++;
            }
        }

        return new GrantAllResult(batch.Count == 0 ? GrantOutcome.Unchanged : GrantOutcome.Done, granted, missing - batch.Count);
    }
}
