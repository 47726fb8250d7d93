using Haven.Accounts;
using Haven.Cases;

namespace Haven.Workflow;

/// <summary>The case page's one read: the records, the workflow side and, for managers, the grants. Null when not granted.</summary>
internal sealed class CasePageQuery(CaseQuery records, CaseWorkQuery work, CaseHoldersQuery holders, GrantCandidatesQuery candidates)
{
    /// <summary>
    /// Reads the case page for <paramref name="responder"/>; null when they hold no key to the case. The holders and
    /// the candidates are filled only for those who may manage cases.
    /// </summary>
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
