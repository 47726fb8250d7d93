using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Audit;

/// <summary>Reads the audit log a page at a time, newest first, for administrators.</summary>
internal sealed class AuditPageQuery(IDbContextFactory<HavenDbContext> dbFactory)
{
    public const int PageSize = 50;

    /// <summary>
    /// Page <paramref name="page"/> of the audit log (clamped to the pages there are), newest first; a case shows as a
    /// link only when <paramref name="viewerId"/> holds it.
    /// </summary>
    public async Task<AuditPage> ExecuteAsync(int page, string viewerId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var total = await db.AuditEntries.LongCountAsync(cancellationToken);
        var pages = (int)Math.Max(1, (total + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pages);
        var entries = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Seq).Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(cancellationToken);

        var ids = entries.Select(e => e.ActorId).Concat(entries.Where(e => e.SubjectId is not null).Select(e => e.SubjectId!)).Distinct().ToList();
        var names = await db.Responders.AsNoTracking().Where(r => ids.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Name, cancellationToken);
        var caseIds = entries.Where(e => e.CaseId is not null).Select(e => e.CaseId!).Distinct().ToList();
        var held = (await db.CaseKeySeals.AsNoTracking().Where(s => s.ResponderId == viewerId && caseIds.Contains(s.CaseId)).Select(s => s.CaseId).Distinct().ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);

        var rows = entries.Select(e => new AuditRow(
            e.Seq,
            e.At,
            e.ActorId,
            names.GetValueOrDefault(e.ActorId),
            e.Action,
            e.CaseId,
            e.CaseId is not null && held.Contains(e.CaseId),
            e.SubjectId,
            e.SubjectId is null ? null : names.GetValueOrDefault(e.SubjectId))).ToList();
        return new AuditPage(rows, page, pages, total);
    }
}
