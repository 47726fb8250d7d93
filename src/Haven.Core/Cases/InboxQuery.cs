using Haven.Retention;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Cases;

/// <summary>A row of the inbox: routing data only.</summary>
internal sealed record InboxItem(string Id, CaseState State, Urgency Urgency, DateOnly CreatedOn, DateOnly LastActivityOn, bool AwaitingReply);

/// <summary>Which states the inbox lists: the open ones (not Safe or Closed), all, or one.</summary>
internal enum InboxScope
{
    Open,
    All,
    One,
}

/// <summary>How the inbox is ordered. Every order ends with the case id, so that pages never overlap.</summary>
internal enum InboxSort
{
    /// <summary>Most urgent first, then the longest without activity: what needs someone now (the default).</summary>
    Urgency,

    /// <summary>Most recent activity first.</summary>
    Activity,

    /// <summary>Most recently opened first.</summary>
    Opened,
}

/// <summary>What the inbox shows: a state scope, optional narrowing filters, an order and a page.</summary>
/// <param name="Scope">Open cases, all, or the one <paramref name="State"/>.</param>
/// <param name="State">The state when <paramref name="Scope"/> is <see cref="InboxScope.One"/>.</param>
/// <param name="Urgency">Only this urgency, when given.</param>
/// <param name="Mine">Only cases assigned to the responder.</param>
/// <param name="Unassigned">Only cases assigned to nobody.</param>
/// <param name="AwaitingReply">Only cases where the person wrote last.</param>
/// <param name="IdleDays">Only cases without activity for at least this many days, when given.</param>
/// <param name="PurgeSoon">Only cases the retention policy deletes within its warning period.</param>
/// <param name="Sort">The order.</param>
/// <param name="Page">The page, from 1; a page past the end shows the last one.</param>
internal sealed record InboxFilter(
    InboxScope Scope = InboxScope.Open,
    CaseState? State = null,
    Urgency? Urgency = null,
    bool Mine = false,
    bool Unassigned = false,
    bool AwaitingReply = false,
    int? IdleDays = null,
    bool PurgeSoon = false,
    InboxSort Sort = InboxSort.Urgency,
    int Page = 1);

/// <summary>A listed case with its assignee's name and, when the purge is near, the day it will be deleted.</summary>
internal sealed record InboxRow(InboxItem Case, string? AssignedTo, string? AssignedName, DateOnly? PurgeOn);

/// <summary>One page of the inbox and the counts per state of everything the filters (other than state) match.</summary>
internal sealed record InboxPage(IReadOnlyList<InboxRow> Rows, IReadOnlyDictionary<CaseState, int> Counts, int Total, int Page, int Pages);

/// <summary>
/// The team inbox: the cases a responder holds a key for, filtered, ordered and paged, with counts per
/// state. Everything — rows and counts alike — comes from one seal-restricted query, so a case not granted
/// to the responder is neither listed nor counted, and no figure reveals that it exists.
/// </summary>
internal sealed class InboxQuery(IDbContextFactory<HavenDbContext> dbFactory, RetentionPolicy retention)
{
    public const int PageSize = 50;

    /// <summary>The longest idle filter accepted, in days.</summary>
    public const int MaxIdleDays = RetentionOptions.MaxDays;

    public async Task<InboxPage> ExecuteAsync(string responderId, InboxFilter filter, DateOnly today, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var matching = Matching(db, responderId, filter, today);

        var counts = await CountAsync(matching, cancellationToken);
        var total = counts.Where(c => InScope(filter, c.Key)).Sum(c => c.Value);
        var pages = Math.Max(1, (total + PageSize - 1) / PageSize);
        var page = Math.Clamp(filter.Page, 1, pages);

        var scoped = filter.Scope switch
        {
            InboxScope.Open => matching.Where(c => c.State != CaseState.Safe && c.State != CaseState.Closed),
            InboxScope.One => matching.Where(c => c.State == filter.State),
            _ => matching,
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
            : await db.Responders.AsNoTracking().Where(r => assignees.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Name, cancellationToken);
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
        return await CountAsync(Matching(db, responderId, filter, today), cancellationToken);
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

    /// <summary>The responder's cases that pass every filter except the state scope.</summary>
    private IQueryable<Case> Matching(HavenDbContext db, string responderId, InboxFilter filter, DateOnly today)
    {
        var granted = db.CaseKeySeals.Where(s => s.ResponderId == responderId).Select(s => s.CaseId);
        var query = db.Cases.AsNoTracking().Where(c => granted.Contains(c.Id));
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
