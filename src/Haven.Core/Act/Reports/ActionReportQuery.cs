using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Act.Reports;

/// <summary>
/// Reads what a report on an Urgent Action needs (<see cref="ActionReport"/>). The language is the one asked for
/// when the action has it; otherwise the report is in the language of the target (the one asked for, else the
/// first), else the action's own. Every number is a sum of <c>action_counts</c> rows, nothing else.
/// </summary>
internal sealed class ActionReportQuery(IDbContextFactory<HavenDbContext> dbFactory)
{
    /// <summary>The report, or null when there is no such action or no such target of it.</summary>
    public async Task<ActionReport?> ExecuteAsync(string actionId, string? language, string? targetId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var action = await db.UrgentActions.AsNoTracking().FirstOrDefaultAsync(a => a.Id == actionId, cancellationToken);
        if (action is null)
        {
            return null;
        }

        var all = await db.ActionTargets.AsNoTracking().Where(t => t.ActionId == actionId).ToListAsync(cancellationToken);
        var targets = all.Where(t => t.Kind == TargetKind.Target).OrderBy(t => t.Position).ToList();
        var copies = all.Where(t => t.Kind == TargetKind.Copy).OrderBy(t => t.Position).ToList();
        ActionTarget? forTarget = null;
        if (!string.IsNullOrEmpty(targetId))
        {
            forTarget = all.FirstOrDefault(t => t.Id == targetId);
            if (forTarget is null)
            {
                return null;
            }
        }

        var only = forTarget?.Id;
        var rows = await db.ActionCounts.AsNoTracking()
            .Where(c => c.ActionId == actionId && (only == null || c.TargetId == only))
            .ToListAsync(cancellationToken);
        rows = [.. rows.OrderBy(r => r.TargetId, StringComparer.Ordinal).ThenBy(r => r.Channel).ThenBy(r => r.Language, StringComparer.Ordinal).ThenBy(r => r.Country, StringComparer.Ordinal)];

        var texts = ActJson.ReadMap<ActionText>(action.Texts);
        var own = action.Languages.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var chosen = Choose(language, forTarget ?? targets.FirstOrDefault(), own, texts);
        var names = all.ToDictionary(t => t.Id, t => t.Name, StringComparer.Ordinal);
        var byTarget = rows.GroupBy(r => r.TargetId, StringComparer.Ordinal)
            .Select(g => new ReportLine(g.Key, names.GetValueOrDefault(g.Key) ?? "", g.Sum(r => (long)r.Count)))
            .OrderByDescending(l => l.Count).ThenBy(l => l.Label, StringComparer.Ordinal).ToList();
        var byChannel = rows.GroupBy(r => r.Channel)
            .OrderBy(g => g.Key)
            .Select(g => new ReportLine(g.Key.ToString(), g.Key.ToString(), g.Sum(r => (long)r.Count)))
            .ToList();

        return new ActionReport(
            action,
            ActionNumber.Of(action),
            chosen,
            texts.GetValueOrDefault(chosen) ?? (own.Length > 0 ? texts.GetValueOrDefault(own[0]) : null),
            forTarget is { Kind: TargetKind.Target } ? [forTarget] : forTarget is null ? targets : [],
            forTarget is { Kind: TargetKind.Copy } ? [forTarget] : forTarget is null ? copies : [],
            forTarget,
            rows.Sum(r => (long)r.Count),
            rows.Where(r => r.Country.Length > 0).Select(r => r.Country).Distinct(StringComparer.Ordinal).Count(),
            rows.Where(r => r.Country.Length == 0).Sum(r => (long)r.Count),
            rows.Count > 0 ? rows.Min(r => r.FirstAt) : null,
            rows.Count > 0 ? rows.Max(r => r.LastAt) : null,
            byTarget,
            byChannel,
            rows,
            names);
    }

    /// <summary>The language asked for if the action has texts in it; else the target's; else the action's own.</summary>
    private static string Choose(string? asked, ActionTarget? target, string[] own, Dictionary<string, ActionText> texts)
    {
        foreach (var candidate in new[] { asked, target?.Language })
        {
            if (!string.IsNullOrEmpty(candidate) && texts.ContainsKey(candidate))
            {
                return candidate;
            }
        }

        return own.FirstOrDefault(texts.ContainsKey) ?? own.FirstOrDefault() ?? "en";
    }
}
