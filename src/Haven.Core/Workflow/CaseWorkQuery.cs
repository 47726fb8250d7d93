using Haven.Accounts;
using Haven.Cases;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Haven.Workflow;

/// <summary>The plaintext routing data of a case shown in the case page's header.</summary>
internal sealed record CaseSummary(string Id, CaseState State, Urgency Urgency, CaseOutcome? Outcome, DateOnly CreatedOn, DateOnly? ClosedOn, string? AssignedTo, string? AssignedName, int KeyGeneration);

/// <summary>An active checklist item and whether it is ticked for the case, by whom and which day.</summary>
internal sealed record ChecklistRow(int ItemId, string? Key, string? Text, string? CheckedBy, string? CheckedByName, DateOnly? CheckedOn);

/// <summary>One workflow step taken, from the audit log: the day, who, from and to.</summary>
internal sealed record StepTaken(DateOnly On, string ActorName, CaseState From, CaseState To);

/// <summary>Everything the case page shows besides the decrypted records.</summary>
/// <param name="Summary">The case's routing data.</param>
/// <param name="Checklist">The active checklist items with their ticks.</param>
/// <param name="Steps">The workflow steps taken, oldest first.</param>
/// <param name="Authors">Who wrote each note or version of the case data, by record id (from the audit log).</param>
/// <param name="Approval">Whether the current responder may move the case to Planning now.</param>
internal sealed record CaseWork(CaseSummary Summary, IReadOnlyList<ChecklistRow> Checklist, IReadOnlyList<StepTaken> Steps, IReadOnlyDictionary<string, string> Authors, TransitionProblem Approval);

/// <summary>
/// The workflow side of a case for a responder who holds it: header, checklist with ticks, steps taken and
/// authors. Null when the responder holds no key of the case. Plaintext only; nothing here is decrypted.
/// </summary>
internal sealed class CaseWorkQuery(IDbContextFactory<HavenDbContext> dbFactory, IOptions<WorkflowOptions> options)
{
    private static readonly string[] AuthoredActions = ["case.note", "case.data"];

    public async Task<CaseWork?> ExecuteAsync(string caseId, UnlockedResponder responder, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await CaseRecords.HoldsAsync(db, caseId, responder.Id, cancellationToken))
        {
            return null;
        }

        var @case = await db.Cases.AsNoTracking().SingleAsync(c => c.Id == caseId, cancellationToken);
        var items = await db.ChecklistItems.AsNoTracking().Where(i => i.Active).OrderBy(i => i.Position).ThenBy(i => i.Id).ToListAsync(cancellationToken);
        var checks = await db.CaseChecks.AsNoTracking().Where(c => c.CaseId == caseId).ToDictionaryAsync(c => c.ItemId, cancellationToken);
        var audit = await db.AuditEntries.AsNoTracking()
            .Where(e => e.CaseId == caseId && (e.Action == "case.state" || AuthoredActions.Contains(e.Action)))
            .OrderBy(e => e.Seq)
            .Select(e => new { e.At, e.ActorId, e.Action, e.SubjectId })
            .ToListAsync(cancellationToken);

        var ids = checks.Values.Select(c => c.CheckedBy).Concat(audit.Select(e => e.ActorId)).Append(@case.AssignedTo).OfType<string>().Distinct().ToList();
        var names = await db.Responders.AsNoTracking().Where(r => ids.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Name, cancellationToken);
        string NameOf(string? id) => id is not null && names.TryGetValue(id, out var name) ? name : "—";

        var checklist = items.Select(i => checks.TryGetValue(i.Id, out var c)
            ? new ChecklistRow(i.Id, i.Key, i.Text, c.CheckedBy, NameOf(c.CheckedBy), c.CheckedOn)
            : new ChecklistRow(i.Id, i.Key, i.Text, null, null, null)).ToList();

        var steps = new List<StepTaken>();
        var authors = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in audit)
        {
            if (e.Action == "case.state")
            {
                var parts = (e.SubjectId ?? "").Split('>');
                if (parts.Length == 2 && Text.EnumNames.TryParse<CaseState>(parts[0], out var from) && Text.EnumNames.TryParse<CaseState>(parts[1], out var to))
                {
                    steps.Add(new StepTaken(DateOnly.FromDateTime(e.At.UtcDateTime), NameOf(e.ActorId), from, to));
                }
            }
            else if (e.SubjectId is not null)
            {
                authors[e.SubjectId] = NameOf(e.ActorId);
            }
        }

        var tickers = checklist.Where(r => r.CheckedBy is not null).Select(r => r.CheckedBy!).ToList();
        var approval = CaseTransitions.ApprovalGate(checklist.Count, tickers, responder.Id, options.Value.RequireSecondPerson);
        var summary = new CaseSummary(@case.Id, @case.State, @case.Urgency, @case.Outcome, @case.CreatedOn, @case.ClosedOn, @case.AssignedTo, @case.AssignedTo is null ? null : NameOf(@case.AssignedTo), @case.KeyGeneration);
        return new CaseWork(summary, checklist, steps, authors, approval);
    }
}

/// <summary>The responders a case can be granted or assigned to: active, and not analysts.</summary>
internal sealed class GrantCandidatesQuery(IDbContextFactory<HavenDbContext> dbFactory)
{
    public async Task<IReadOnlyList<(string Id, string Name, ResponderRole Role)>> ExecuteAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Responders.AsNoTracking().Where(r => r.Active && r.Role != ResponderRole.Analyst).OrderBy(r => r.Name).Select(r => new { r.Id, r.Name, r.Role }).ToListAsync(cancellationToken);
        return rows.Where(r => CaseRoles.CanHoldCases(r.Role)).Select(r => (r.Id, r.Name, r.Role)).ToList();
    }
}

/// <summary>Everything the case page shows, for a responder who holds the case.</summary>
/// <param name="View">The decrypted records of the case.</param>
/// <param name="Work">Header, checklist, steps and authors.</param>
/// <param name="Holders">Who holds the case; filled only for those who may manage grants.</param>
/// <param name="Candidates">Who the case could still be granted to; filled only for those who may manage grants.</param>
internal sealed record CasePage(CaseView View, CaseWork Work, IReadOnlyList<(string Id, string Name, ResponderRole Role)> Holders, IReadOnlyList<(string Id, string Name, ResponderRole Role)> Candidates);

/// <summary>The case page's one read: the records, the workflow side and, for managers, the grants. Null when not granted.</summary>
internal sealed class CasePageQuery(CaseQuery records, CaseWorkQuery work, CaseHoldersQuery holders, GrantCandidatesQuery candidates)
{
    public async Task<CasePage?> ExecuteAsync(string caseId, UnlockedResponder responder, CancellationToken cancellationToken)
    {
        var view = await records.ExecuteAsync(caseId, responder, cancellationToken);
        var summary = view is null ? null : await work.ExecuteAsync(caseId, responder, cancellationToken);
        if (view is null || summary is null)
        {
            return null;
        }

        if (!CaseRoles.CanManage(responder.Role))
        {
            return new CasePage(view, summary, [], []);
        }

        var holding = await holders.ExecuteAsync(caseId, cancellationToken);
        var others = (await candidates.ExecuteAsync(cancellationToken)).Where(c => holding.All(h => h.Id != c.Id)).ToList();
        return new CasePage(view, summary, holding, others);
    }
}
