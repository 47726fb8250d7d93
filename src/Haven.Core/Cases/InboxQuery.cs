using Haven.Retention;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Cases;

/// <summary>
/// The team inbox: the cases a responder holds a key for, filtered, ordered and paged, with counts per
/// state. Everything — rows and counts alike — is restricted to the cases the responder holds a seal for,
/// so a case not granted to the responder is neither listed nor counted, and no figure reveals that it exists.
/// </summary>
/// <remarks>
/// Measured with 100,000 cases in docs/benchmarks.md. Counting every granted case costs in proportion to what
/// the responder holds: little for a caseworker, most of the time for someone holding every case. The page,
/// and the counts of a narrowing filter, are found from whichever side is cheaper, see <see cref="SourcesAsync"/>.
/// </remarks>
internal sealed class InboxQuery(IDbContextFactory<HavenDbContext> dbFactory, RetentionPolicy retention)
{
    public const int PageSize = 50;

    /// <summary>The longest idle filter accepted, in days.</summary>
    public const int MaxIdleDays = RetentionOptions.MaxDays;

    /// <summary>
    /// From one case in this many held, a responder's cases are found by walking the cases rather than the
    /// responder's seals (see <see cref="SourcesAsync"/>).
    /// </summary>
    private const int LargeShare = 4;

    /// <summary>
    /// One page of the cases <paramref name="responderId"/> holds, under <paramref name="filter"/>, with the counts per
    /// state; <paramref name="today"/> dates the retention warnings.
    /// </summary>
    public async Task<InboxPage> ExecuteAsync(string responderId, InboxFilter filter, DateOnly today, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (counted, listed) = await SourcesAsync(db, responderId, filter, today, cancellationToken);

        var counts = await CountAsync(counted, cancellationToken);
        var total = counts.Where(c => InScope(filter, c.Key)).Sum(c => c.Value);
        var pages = Math.Max(1, (total + PageSize - 1) / PageSize);
        var page = Math.Clamp(filter.Page, 1, pages);

        var scoped = filter.Scope switch
        {
            InboxScope.Open => listed.Where(c => c.State != CaseState.Safe && c.State != CaseState.Closed),
            InboxScope.One => listed.Where(c => c.State == filter.State),
            _ => listed,
        };
        var ordered = filter.Sort switch
        {
            InboxSort.Activity => scoped.OrderByDescending(c => c.LastActivityOn).ThenBy(c => c.Id),
            InboxSort.Opened => scoped.OrderByDescending(c => c.CreatedOn).ThenBy(c => c.Id),
            _ => scoped.OrderBy(c => c.Urgency).ThenBy(c => c.LastActivityOn).ThenBy(c => c.Id),
        };
        var rows = total == 0 ? [] : await ordered
            .Skip((page - 1) * PageSize)
            .Take(PageSize)
            .Select(c => new { c.Id, c.State, c.Urgency, c.CreatedOn, c.LastActivityOn, c.AwaitingReply, c.AssignedTo, c.ClosedOn })
            .ToListAsync(cancellationToken);

        var assignees = rows.Select(r => r.AssignedTo).OfType<string>().Distinct().ToList();
        var names = assignees.Count == 0
            ? []
            : await db.Responders.Where(r => assignees.Contains(r.Id)).Select(r => new { r.Id, r.Name }).ToDictionaryAsync(r => r.Id, r => r.Name, cancellationToken);
        var items = rows.Select(r => new InboxRow(
            new InboxItem(r.Id, r.State, r.Urgency, r.CreatedOn, r.LastActivityOn, r.AwaitingReply),
            r.AssignedTo,
            r.AssignedTo is null ? null : names.GetValueOrDefault(r.AssignedTo),
            retention.WarningFor(r.State, r.ClosedOn, r.LastActivityOn, today))).ToList();
        return new InboxPage(items, counts, total, page, pages);
    }

    /// <summary>Only the counts per state (every state present, zero or not) of what the filters other than state match.</summary>
    public async Task<IReadOnlyDictionary<CaseState, int>> CountsAsync(string responderId, InboxFilter filter, DateOnly today, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (counted, _) = await SourcesAsync(db, responderId, filter, today, cancellationToken);
        return await CountAsync(counted, cancellationToken);
    }

    public static bool InScope(InboxFilter filter, CaseState state) => filter.Scope switch
    {
        InboxScope.Open => !RetentionPolicy.IsFinal(state),
        InboxScope.One => state == filter.State,
        _ => true,
    };

    private static async Task<Dictionary<CaseState, int>> CountAsync(IQueryable<Case> matching, CancellationToken cancellationToken)
    {
        var counted = await matching.GroupBy(c => c.State).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        return Enum.GetValues<CaseState>().ToDictionary(s => s, s => counted.FirstOrDefault(c => c.Key == s)?.Count ?? 0);
    }

    /// <summary>
    /// The same set of cases — granted to the responder, passing every filter except the state scope — written
    /// two ways for SQLite's planner, one to count and one to list. "By seal" walks the responder's seals and
    /// looks each case up: cheap when the responder holds few cases. "By case" walks the cases (in the order
    /// asked for, or through a filter's index) and probes the seal index for each: it finds a page after a
    /// few rows, and counts a narrow filter without visiting every case, when the responder holds many.
    /// </summary>
    private async Task<(IQueryable<Case> Counted, IQueryable<Case> Listed)> SourcesAsync(HavenDbContext db, string responderId, InboxFilter filter, DateOnly today, CancellationToken cancellationToken)
    {
        var (held, total) = await HoldingAsync(db, responderId, cancellationToken);
        if (held > 0 && held == total)
        {
            // Restricting to the granted cases would restrict nothing: skip the per-case seal check entirely.
            var all = Narrow(db.Cases.AsNoTracking(), responderId, filter, today);
            return (all, all);
        }

        var granted = db.CaseKeySeals.Where(s => s.ResponderId == responderId).Select(s => s.CaseId);
        var bySeal = Narrow(db.Cases.AsNoTracking().Where(c => granted.Contains(c.Id)), responderId, filter, today);
        if (held < total / LargeShare || held == 0)
        {
            return (bySeal, bySeal);
        }

        var byCase = Narrow(db.Cases.AsNoTracking().Where(c => db.CaseKeySeals.Any(s => s.CaseId == c.Id && s.ResponderId == responderId)), responderId, filter, today);
        var narrowed = filter.Urgency is not null || filter.Mine || filter.Unassigned || filter.AwaitingReply || filter.IdleDays is not null || filter.PurgeSoon;
        return (narrowed ? byCase : bySeal, byCase);
    }

    /// <summary>
    /// How many cases the responder holds a seal for, and how many there are. Seals only exist for existing
    /// cases (a foreign key), so equal numbers mean every case, as administrators and coordinators usually
    /// hold (new cases are sealed to them); both counts walk a covering index.
    /// </summary>
    public static async Task<(int Held, int Total)> HoldingAsync(HavenDbContext db, string responderId, CancellationToken cancellationToken)
    {
        var held = await db.CaseKeySeals.Where(s => s.ResponderId == responderId).Select(s => s.CaseId).Distinct().CountAsync(cancellationToken);
        return (held, await db.Cases.CountAsync(cancellationToken));
    }

    /// <summary>The given granted cases narrowed by every filter except the state scope.</summary>
    private IQueryable<Case> Narrow(IQueryable<Case> query, string responderId, InboxFilter filter, DateOnly today)
    {
        if (filter.Urgency is { } urgency)
        {
            query = query.Where(c => c.Urgency == urgency);
        }

        if (filter.Mine)
        {
            query = query.Where(c => c.AssignedTo == responderId);
        }

        if (filter.Unassigned)
        {
            query = query.Where(c => c.AssignedTo == null);
        }

        if (filter.AwaitingReply)
        {
            query = query.Where(c => c.AwaitingReply);
        }

        if (filter.IdleDays is { } days)
        {
            var lastActiveBy = today.AddDays(-Math.Clamp(days, 0, MaxIdleDays));
            query = query.Where(c => c.LastActivityOn <= lastActiveBy);
        }

        if (filter.PurgeSoon)
        {
            query = query.Where(retention.DueBy(retention.WarningUntil(today)));
        }

        return query;
    }
}
