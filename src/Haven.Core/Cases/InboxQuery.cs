using System.Linq.Expressions;
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
/// Every responder reads only their own rows of <see cref="CaseHolding"/> (kept by the database as seals and
/// cases change), in the order of one of its indexes, so the cost of a page does not depend on how many cases
/// the responder holds, nor on who else holds them: there is one path for every shape of responder. The counts
/// without a filter are read from <see cref="HoldingCount"/>; with a filter they are counted over the
/// filter's index. Measured in docs/benchmarks.md ("Desk inbox for every shape of responder").
/// </remarks>
internal sealed class InboxQuery(IDbContextFactory<HavenDbContext> dbFactory, RetentionPolicy retention)
{
    public const int PageSize = 50;

    /// <summary>The longest idle filter accepted, in days.</summary>
    public const int MaxIdleDays = RetentionOptions.MaxDays;

    /// <summary>
    /// One page of the cases <paramref name="responderId"/> holds, under <paramref name="filter"/>, with the counts per
    /// state; <paramref name="today"/> dates the retention warnings.
    /// </summary>
    public async Task<InboxPage> ExecuteAsync(string responderId, InboxFilter filter, DateOnly today, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var held = Narrow(Held(db, responderId), responderId, filter, today);
        var counts = await CountAsync(db, responderId, filter, today, Narrow(Held(db, responderId), responderId, filter with { PurgeSoon = false }, today), cancellationToken);
        var total = counts.Where(c => InScope(filter, c.Key)).Sum(c => c.Value);
        var pages = Math.Max(1, (total + PageSize - 1) / PageSize);
        var page = Math.Clamp(filter.Page, 1, pages);

        var scoped = filter.Scope switch
        {
            InboxScope.Open => held.Where(c => c.State != CaseState.Safe && c.State != CaseState.Closed),
            InboxScope.One => held.Where(c => c.State == filter.State),
            _ => held,
        };
        var ordered = Order(scoped, filter.Sort);
        // The page's case ids first, from the order's index alone, then only their rows: a deep page skips index
        // entries rather than rows (PostgreSQL would otherwise read every skipped row from the table).
        var pageIds = ordered.Skip((page - 1) * PageSize).Take(PageSize).Select(c => c.CaseId);
        var rows = total == 0 ? [] : await Order(Held(db, responderId).Where(c => pageIds.Contains(c.CaseId)), filter.Sort)
            .Select(c => new { c.CaseId, c.State, c.Urgency, c.CreatedOn, c.LastActivityOn, c.AwaitingReply, c.AssignedTo, c.ClosedOn })
            .ToListAsync(cancellationToken);

        var assignees = rows.Select(r => r.AssignedTo).OfType<string>().Distinct().ToList();
        var names = assignees.Count == 0
            ? []
            : await db.Responders.Where(r => assignees.Contains(r.Id)).Select(r => new { r.Id, r.Name }).ToDictionaryAsync(r => r.Id, r => r.Name, cancellationToken);
        var items = rows.Select(r => new InboxRow(
            new InboxItem(r.CaseId, r.State, r.Urgency, r.CreatedOn, r.LastActivityOn, r.AwaitingReply),
            r.AssignedTo,
            r.AssignedTo is null ? null : names.GetValueOrDefault(r.AssignedTo),
            retention.WarningFor(r.State, r.ClosedOn, r.LastActivityOn, today))).ToList();
        return new InboxPage(items, counts, total, page, pages);
    }

    /// <summary>
    /// The inbox's orders. Ties are broken by case id in the direction of the date, so that one index read forwards
    /// or backwards gives the order and nothing is sorted.
    /// </summary>
    private static IOrderedQueryable<CaseHolding> Order(IQueryable<CaseHolding> query, InboxSort sort) => sort switch
    {
        InboxSort.Activity => query.OrderByDescending(c => c.LastActivityOn).ThenByDescending(c => c.CaseId),
        InboxSort.Opened => query.OrderByDescending(c => c.CreatedOn).ThenByDescending(c => c.CaseId),
        _ => query.OrderBy(c => c.Urgency).ThenBy(c => c.LastActivityOn).ThenBy(c => c.CaseId),
    };

    /// <summary>Only the counts per state (every state present, zero or not) of what the filters other than state match.</summary>
    public async Task<IReadOnlyDictionary<CaseState, int>> CountsAsync(string responderId, InboxFilter filter, DateOnly today, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await CountAsync(db, responderId, filter, today, Narrow(Held(db, responderId), responderId, filter with { PurgeSoon = false }, today), cancellationToken);
    }

    public static bool InScope(InboxFilter filter, CaseState state) => filter.Scope switch
    {
        InboxScope.Open => !RetentionPolicy.IsFinal(state),
        InboxScope.One => state == filter.State,
        _ => true,
    };

    /// <summary>The cases the responder holds a seal for, as the responder's own rows.</summary>
    public static IQueryable<CaseHolding> Held(HavenDbContext db, string responderId) =>
        db.CaseHoldings.AsNoTracking().Where(c => c.ResponderId == responderId);

    private static readonly CaseState[] CountedStates = Enum.GetValues<CaseState>();

    /// <summary>For a group of holdings, <c>[count in the first state, count in the second, …]</c> in the order of <see cref="CountedStates"/>: one conditional count per state, so one row.</summary>
    private static readonly Expression<Func<IGrouping<string, CaseHolding>, int[]>> CountPerState = BuildCountPerState();

    private static Expression<Func<IGrouping<string, CaseHolding>, int[]>> BuildCountPerState()
    {
        var group = Expression.Parameter(typeof(IGrouping<string, CaseHolding>), "g");
        var count = typeof(Enumerable).GetMethods().Single(m => m.Name == nameof(Enumerable.Count) && m.GetParameters().Length == 2).MakeGenericMethod(typeof(CaseHolding));
        var perState = CountedStates.Select(state =>
        {
            var holding = Expression.Parameter(typeof(CaseHolding), "c");
            var inState = Expression.Lambda<Func<CaseHolding, bool>>(Expression.Equal(Expression.Property(holding, nameof(CaseHolding.State)), Expression.Constant(state)), holding);
            return (Expression)Expression.Call(count, group, inState);
        });
        return Expression.Lambda<Func<IGrouping<string, CaseHolding>, int[]>>(Expression.NewArrayInit(typeof(int), perState), group);
    }

    /// <summary>True when the filter narrows the held cases beyond the state scope.</summary>
    private static bool Narrows(InboxFilter filter) =>
        filter.Urgency is not null || filter.Mine || filter.Unassigned || filter.AwaitingReply || filter.IdleDays is not null || filter.PurgeSoon;

    /// <summary>
    /// The counts per state of the narrowed cases: read from the kept counts when nothing narrows them,
    /// counted over the filter's index otherwise.
    /// </summary>
    private async Task<Dictionary<CaseState, int>> CountAsync(HavenDbContext db, string responderId, InboxFilter filter, DateOnly today, IQueryable<CaseHolding> narrowed, CancellationToken cancellationToken)
    {
        if (!Narrows(filter))
        {
            var kept = await db.HoldingCounts.AsNoTracking().Where(c => c.ResponderId == responderId).ToDictionaryAsync(c => c.State, c => c.Held, cancellationToken);
            return CountedStates.ToDictionary(s => s, s => kept.GetValueOrDefault(s));
        }

        // "To be deleted soon" is an OR of the retention rules that no index serves as a whole: counted as the sum
        // of its disjoint parts, each over an index (as the retention warning counts), not by visiting every case.
        var parts = filter.PurgeSoon ? [.. retention.DueByParts<CaseHolding>(retention.WarningUntil(today)).Select(narrowed.Where)] : new[] { narrowed };
        var total = new int[CountedStates.Length];
        foreach (var part in parts)
        {
            // One row of counts, grouped by the responder (fixed by the filter) rather than by state: grouped by
            // state, SQLite walks the index that starts with the state, through every case the responder holds,
            // instead of the index of the filter.
            var counts = await part.GroupBy(c => c.ResponderId).Select(CountPerState).FirstOrDefaultAsync(cancellationToken);
            for (var i = 0; counts is not null && i < counts.Length; i++)
            {
                total[i] += counts[i];
            }
        }

        return CountedStates.Select((state, i) => (state, i)).ToDictionary(x => x.state, x => total[x.i]);
    }

    /// <summary>The given held cases narrowed by every filter except the state scope.</summary>
    private IQueryable<CaseHolding> Narrow(IQueryable<CaseHolding> query, string responderId, InboxFilter filter, DateOnly today)
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
            query = query.Where(retention.DueBy<CaseHolding>(retention.WarningUntil(today)));
        }

        return query;
    }
}
