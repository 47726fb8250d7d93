using Haven.Accounts;
using Haven.Cases;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Haven.Workflow;

/// <summary>
/// The workflow side of a case for a responder who holds it: header, checklist with ticks, steps taken and
/// authors. Null when the responder holds no key of the case. Plaintext only; nothing here is decrypted.
/// </summary>
internal sealed class CaseWorkQuery(IDbContextFactory<HavenDbContext> dbFactory, IOptions<WorkflowOptions> options)
{
    private static readonly string[] AuthoredActions = ["case.note", "case.data"];

    /// <summary>
    /// The workflow side of a case: its summary, the active checklist with who ticked what, the steps taken and whether
    /// <paramref name="responder"/> may approve. Null when they do not hold the case.
    /// </summary>
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
