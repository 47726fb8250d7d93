using Haven.Accounts;
using Haven.Audit;
using Microsoft.EntityFrameworkCore;

namespace Haven.Act.Actions;

/// <summary>
/// Publishes a draft: it goes live with the next number of the year (the highest sequence of the year plus one,
/// read and taken under the write lock, so two publications never share a number). Needs, in every language of
/// the action, a title, summary, recommended actions and a letter template; at least one target; no text that
/// looks like a link to a case; no deadline already past; and the campaigner's tick that the texts name no person
/// at risk, or that the person consented (stored as <see cref="UrgentAction.PersonConsented"/>). Audited as
/// <see cref="ActActions.Published"/>.
/// </summary>
internal sealed class PublishActionCommand(AuditedWriter writer, TimeProvider clock)
{
    /// <summary>The number given, or why none was.</summary>
    public async Task<(ActDeskOutcome Problem, ActionNumber? Number)> ExecuteAsync(string actionId, int revision, bool consentConfirmed, UnlockedResponder responder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(responder);
        if (!ActRoles.CanCampaign(responder.Role))
        {
            return (ActDeskOutcome.NotAllowed, null);
        }

        return await writer.WriteAsync(
            async scope =>
            {
                var db = scope.Db;
                var action = await db.UrgentActions.SingleOrDefaultAsync(a => a.Id == actionId, cancellationToken);
                if (action is null)
                {
                    return (ActDeskOutcome.NotFound, (ActionNumber?)null);
                }

                if (action.Revision != revision)
                {
                    return (ActDeskOutcome.ChangedElsewhere, null);
                }

                if (action.Status != ActionStatus.Draft)
                {
                    return (ActDeskOutcome.WrongStatus, null);
                }

                var problem = await CheckAsync(db, action, consentConfirmed, cancellationToken);
                if (problem != ActDeskOutcome.None)
                {
                    return (problem, null);
                }

                var now = clock.GetUtcNow();
                var year = now.UtcDateTime.Year;
                var last = await db.UrgentActions.Where(a => a.Year == year && a.Status != ActionStatus.Draft).MaxAsync(a => (int?)a.Sequence, cancellationToken) ?? 0;
                action.Year = year;
                action.Sequence = last + 1;
                action.Status = ActionStatus.Live;
                action.PersonConsented = true;
                action.PublishedAt = now;
                action.UpdatedAt = now;
                action.Revision++;
                await scope.SaveAsync(AuditActor.For(responder), new AuditEvent(ActActions.Published, null, action.Id), cancellationToken);
                return (ActDeskOutcome.None, (ActionNumber?)new ActionNumber(action.Sequence, action.Year));
            },
            cancellationToken);
    }

    /// <summary>What stands in the way of publishing, in the order the page explains it; <see cref="ActDeskOutcome.None"/> when nothing.</summary>
    public async Task<ActDeskOutcome> CheckAsync(Haven.Storage.HavenDbContext db, UrgentAction action, bool consentConfirmed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(action);
        var texts = ActJson.ReadMap<ActionText>(action.Texts);
        var languages = ActionTexts.LanguagesOf(action);
        if (languages.Any(l => !ActionTexts.IsComplete(texts.GetValueOrDefault(l))))
        {
            return ActDeskOutcome.TextMissing;
        }

        if (texts.Values.Any(t => ActionTexts.AnyCaseLink(ActionTexts.Fields(t))))
        {
            return ActDeskOutcome.CaseLink;
        }

        if (!await db.ActionTargets.AnyAsync(t => t.ActionId == action.Id && t.Kind == TargetKind.Target, cancellationToken))
        {
            return ActDeskOutcome.NoTarget;
        }

        if (action.Deadline is { } deadline && deadline < DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime))
        {
            return ActDeskOutcome.Invalid;
        }

        return consentConfirmed ? ActDeskOutcome.None : ActDeskOutcome.NoConsent;
    }
}
