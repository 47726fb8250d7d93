using Haven.Accounts;
using Haven.Audit;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Act.Reports;

/// <summary>Records that a responder made a report or the CSV of an action (<see cref="ActActions.ReportMade"/>, subject the action's id).</summary>
internal sealed class ReportAudit(AuditedWriter writer, IDbContextFactory<HavenDbContext> dbFactory)
{
    public async Task RecordAsync(UnlockedResponder responder, string actionId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await writer.SaveAsync(db, AuditActor.For(responder), new AuditEvent(ActActions.ReportMade, null, actionId), cancellationToken);
    }
}
