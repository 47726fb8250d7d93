using Haven.Accounts;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Cases;

/// <summary>A case with its conversation decrypted by the responder's own seal of the case key; null when not granted.</summary>
internal sealed class CaseQuery(IDbContextFactory<HavenDbContext> dbFactory)
{
    /// <summary>
    /// The case and its conversation, decrypted with <paramref name="responder"/>'s seals of the case key; null when
    /// they hold none.
    /// </summary>
    public async Task<CaseView?> ExecuteAsync(string caseId, UnlockedResponder responder, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var keys = await CaseRecords.OpenCaseKeysAsync(db, caseId, responder.Id, responder.BoxKeys, cancellationToken);
        try
        {
            if (keys.Count == 0)
            {
                return null;
            }

            var @case = await db.Cases.AsNoTracking().SingleAsync(c => c.Id == caseId, cancellationToken);
            var records = await db.Records.AsNoTracking().Where(r => r.CaseId == caseId).OrderBy(r => r.Seq).ToListAsync(cancellationToken);
            var entries = records.Select(r => new CaseEntry(r.Id, r.Kind, r.CreatedOn, keys.TryGetValue(r.KeyGeneration, out var key) ? CaseRecords.Open(r, r.KeyForCase, key) : null)).ToList();
            return new CaseView(new InboxItem(@case.Id, @case.State, @case.Urgency, @case.CreatedOn, @case.LastActivityOn, @case.AwaitingReply), entries);
        }
        finally
        {
            foreach (var key in keys.Values)
            {
                key.Dispose();
            }
        }
    }
}
