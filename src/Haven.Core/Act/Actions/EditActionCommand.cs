using Haven.Accounts;
using Haven.Audit;
using Microsoft.EntityFrameworkCore;

namespace Haven.Act.Actions;

/// <summary>
/// Saves the edit form of an action that has not ended: languages, texts per language (the letter template
/// included), deadline, the consent tick and moderation. Refused when the action changed since the form was opened
/// (<see cref="UrgentAction.Revision"/>), when a text is too long or looks like a link to a case. Audited as
/// <see cref="ActActions.Edited"/>, and <see cref="ActActions.ModerationChanged"/> when moderation was switched.
/// </summary>
internal sealed class EditActionCommand(AuditedWriter writer, TimeProvider clock)
{
    /// <summary>
    /// Saves <paramref name="edit"/> (languages, texts, deadline, consent, moderation) when the action is still at
    /// <paramref name="revision"/>; audited <c>act.edited</c> (and <c>act.moderation</c> when moderation changes).
    /// </summary>
    public async Task<ActDeskOutcome> ExecuteAsync(string actionId, int revision, ActionEdit edit, UnlockedResponder responder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(edit);
        ArgumentNullException.ThrowIfNull(responder);
        if (!ActRoles.CanCampaign(responder.Role))
        {
            return ActDeskOutcome.NotAllowed;
        }

        if (ActionTexts.ParseLanguages(edit.Languages) is not { } languages)
        {
            return ActDeskOutcome.LanguageInvalid;
        }

        var texts = new Dictionary<string, ActionText>(StringComparer.Ordinal);
        foreach (var language in languages)
        {
            var text = ActionTexts.Normalized(edit.Texts.GetValueOrDefault(language) ?? new ActionText("", "", "", "", "", ""));
            if (ActionTexts.TooLong(text))
            {
                return ActDeskOutcome.TooLong;
            }

            if (ActionTexts.AnyCaseLink(ActionTexts.Fields(text)))
            {
                return ActDeskOutcome.CaseLink;
            }

            texts[language] = text;
        }

        return await writer.WriteAsync(
            async scope =>
            {
                var action = await scope.Db.UrgentActions.SingleOrDefaultAsync(a => a.Id == actionId, cancellationToken);
                if (action is null)
                {
                    return ActDeskOutcome.NotFound;
                }

                if (action.Revision != revision)
                {
                    return ActDeskOutcome.ChangedElsewhere;
                }

                if (action.Status == ActionStatus.Ended)
                {
                    return ActDeskOutcome.WrongStatus;
                }

                var moderationChanged = action.Moderated != edit.Moderated;
                action.Languages = string.Join(',', languages);
                action.Texts = ActJson.Write(texts);
                action.Deadline = edit.Deadline;
                action.PersonConsented = edit.PersonConsented;
                action.Moderated = edit.Moderated;
                action.Revision++;
                action.UpdatedAt = clock.GetUtcNow();
                List<AuditEvent> events = [new(ActActions.Edited, null, action.Id)];
                if (moderationChanged)
                {
                    events.Add(new(ActActions.ModerationChanged, null, action.Id));
                }

                await scope.SaveAsync(AuditActor.For(responder), events, cancellationToken);
                return ActDeskOutcome.None;
            },
            cancellationToken);
    }
}
