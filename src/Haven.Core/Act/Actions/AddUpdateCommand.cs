using Haven.Accounts;
using Haven.Audit;
using Haven.Crypto;
using Microsoft.EntityFrameworkCore;

namespace Haven.Act.Actions;

/// <summary>
/// Adds "further information" to a published action (live or ended): it keeps the action's number and says what
/// changed, per language (title and text in at least the action's first language). Numbered 1, 2, ... per action
/// under the write lock. Audited as <see cref="ActActions.Updated"/>.
/// </summary>
internal sealed class AddUpdateCommand(AuditedWriter writer, TimeProvider clock)
{
    /// <summary>The update's number, or why there is none.</summary>
    public async Task<(ActDeskOutcome Problem, int Number)> ExecuteAsync(string actionId, IReadOnlyDictionary<string, UpdateText> texts, UnlockedResponder responder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(responder);
        if (!ActRoles.CanCampaign(responder.Role))
        {
            return (ActDeskOutcome.NotAllowed, 0);
        }

        return await writer.WriteAsync(
            async scope =>
            {
                var db = scope.Db;
                var action = await db.UrgentActions.AsNoTracking().SingleOrDefaultAsync(a => a.Id == actionId, cancellationToken);
                if (action is null)
                {
                    return (ActDeskOutcome.NotFound, 0);
                }

                if (action.Status == ActionStatus.Draft)
                {
                    return (ActDeskOutcome.WrongStatus, 0);
                }

                var languages = ActionTexts.LanguagesOf(action);
                var kept = new Dictionary<string, UpdateText>(StringComparer.Ordinal);
                foreach (var language in languages)
                {
                    var given = texts.GetValueOrDefault(language);
                    var text = new UpdateText(ActionTexts.Normalize(given?.Title), ActionTexts.Normalize(given?.Body));
                    if (text.Title.Length > ActionTexts.MaxShort || text.Body.Length > ActionTexts.MaxLong)
                    {
                        return (ActDeskOutcome.TooLong, 0);
                    }

                    if (ActionTexts.LooksLikeCaseLink(text.Title) || ActionTexts.LooksLikeCaseLink(text.Body))
                    {
                        return (ActDeskOutcome.CaseLink, 0);
                    }

                    if (text.Title.Length > 0 || text.Body.Length > 0)
                    {
                        kept[language] = text;
                    }
                }

                if (kept.GetValueOrDefault(languages[0]) is not { Title.Length: > 0, Body.Length: > 0 })
                {
                    return (ActDeskOutcome.TextMissing, 0);
                }

                var number = (await db.ActionUpdates.Where(u => u.ActionId == actionId).MaxAsync(u => (int?)u.Number, cancellationToken) ?? 0) + 1;
                db.ActionUpdates.Add(new ActionUpdate
                {
                    Id = RandomId.New(),
                    ActionId = actionId,
                    Number = number,
                    Texts = ActJson.Write(kept),
                    PublishedAt = clock.GetUtcNow(),
                    WrittenBy = responder.Id,
                });
                await scope.SaveAsync(AuditActor.For(responder), new AuditEvent(ActActions.Updated, null, actionId), cancellationToken);
                return (ActDeskOutcome.None, number);
            },
            cancellationToken);
    }
}
