using Haven.Mail;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Act.Letters;

/// <summary>
/// The reads of the public Act pages (issue 18, point 4): live and ended actions (never drafts), their targets
/// without their addresses, updates, and the count so far (the sum of <c>action_counts</c>) with the letters still
/// on their way (queued or being sent, and held for moderation).
/// </summary>
internal sealed class PublicActionsQuery(IDbContextFactory<HavenDbContext> dbFactory, LetterComposer composer)
{
    /// <summary>Live actions (newest first), then ended ones (most recently ended first).</summary>
    public async Task<IReadOnlyList<UrgentAction>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var actions = await db.UrgentActions.AsNoTracking().Where(a => a.Status != ActionStatus.Draft).ToListAsync(cancellationToken);
        return
        [
            .. actions.Where(a => a.Status == ActionStatus.Live).OrderByDescending(a => a.Year).ThenByDescending(a => a.Sequence),
            .. actions.Where(a => a.Status == ActionStatus.Ended).OrderByDescending(a => a.EndedAt?.UtcTicks ?? 0),
        ];
    }

    /// <summary>The published action of <paramref name="slug"/> ("12-26") with its targets, updates and counts; null for none.</summary>
    public async Task<PublicAction?> FindAsync(string? slug, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!ActionNumber.TryParseSlug(slug, out _) || await ActionLookup.FindPublishedAsync(db, slug, cancellationToken) is not { } action)
        {
            return null;
        }

        var targets = await db.ActionTargets.AsNoTracking().Where(t => t.ActionId == action.Id).ToListAsync(cancellationToken);
        var updates = await db.ActionUpdates.AsNoTracking().Where(u => u.ActionId == action.Id).ToListAsync(cancellationToken);
        var count = await db.ActionCounts.Where(c => c.ActionId == action.Id).SumAsync(c => (long)c.Count, cancellationToken);
        var queued = await db.Outbox.CountAsync(m => m.ActionId == action.Id && (m.Status == OutboxStatus.Queued || m.Status == OutboxStatus.Sending), cancellationToken);
        var held = await db.HeldSubmissions.CountAsync(h => h.ActionId == action.Id, cancellationToken);
        return new PublicAction(
            action,
            [.. targets.OrderBy(t => t.Kind).ThenBy(t => t.Position).Select(t => new PublicTarget(
                t.Id,
                t.Kind,
                t.Name,
                t.Title,
                t.Organisation,
                t.PostalAddress,
                t.Language,
                ActJson.ReadMap<string>(t.Salutations),
                t.Channels.HasFlag(TargetChannels.Fax) && !string.IsNullOrWhiteSpace(t.Fax) ? t.Fax : null,
                t.Channels.HasFlag(TargetChannels.Social) && !string.IsNullOrWhiteSpace(t.SocialHandle) ? t.SocialHandle : null,
                composer.HasAddress(t)))],
            [.. updates.OrderByDescending(u => u.Number)],
            count,
            queued + held);
    }

    /// <summary>The salutation of <paramref name="target"/> in <paramref name="language"/> (as <see cref="LetterComposer.Salutation"/>).</summary>
    public static string Salutation(PublicTarget target, string language)
    {
        ArgumentNullException.ThrowIfNull(target);
        foreach (var l in new[] { language, target.Language, "en" })
        {
            if (target.Salutations.TryGetValue(l, out var s) && !string.IsNullOrWhiteSpace(s))
            {
                return s;
            }
        }

        return target.Salutations.Values.FirstOrDefault(s => !string.IsNullOrWhiteSpace(s)) ?? "";
    }

    /// <summary>The sample letter for <paramref name="target"/>: salutation and target filled, <c>{name}</c> and <c>{town}</c> left.</summary>
    public static string Sample(string template, PublicTarget target, string language)
    {
        ArgumentNullException.ThrowIfNull(target);
        return LetterTemplate.Render(template, new LetterFields(Salutation(target, language), target.Display, "{name}", "{town}"));
    }

    /// <summary>The action's text in <paramref name="language"/>; null when it has none in it.</summary>
    public static ActionText? Text(UrgentAction action, string language) =>
        ActJson.ReadMap<ActionText>(action?.Texts).TryGetValue(language, out var text) ? text : null;
}
