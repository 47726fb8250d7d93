using Haven.Accounts;
using Haven.Audit;
using Microsoft.EntityFrameworkCore;

namespace Haven.Act.Actions;

/// <summary>
/// Ends a live action with its outcome and a public note per language (at least in its first language); letters
/// are no longer taken. Audited as <see cref="ActActions.Ended"/>.
/// </summary>
internal sealed class EndActionCommand(AuditedWriter writer, TimeProvider clock)
{
    /// <summary>
    /// Ends a live action at <paramref name="revision"/> with its <paramref name="outcome"/> and a public note per
    /// language (at least its first language); audited <c>act.ended</c>.
    /// </summary>
    public async Task<ActDeskOutcome> ExecuteAsync(string actionId, int revision, ActionOutcome outcome, IReadOnlyDictionary<string, string> notes, UnlockedResponder responder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notes);
        ArgumentNullException.ThrowIfNull(responder);
        if (!ActRoles.CanCampaign(responder.Role))
        {
            return ActDeskOutcome.NotAllowed;
        }

        if (outcome == ActionOutcome.None || !Enum.IsDefined(outcome))
        {
            return ActDeskOutcome.Invalid;
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

                if (action.Status != ActionStatus.Live)
                {
                    return ActDeskOutcome.WrongStatus;
                }

                var languages = ActionTexts.LanguagesOf(action);
                var kept = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var language in languages)
                {
                    var note = ActionTexts.Normalize(notes.GetValueOrDefault(language));
                    if (note.Length > ActionTexts.MaxLong)
                    {
                        return ActDeskOutcome.TooLong;
                    }

                    if (ActionTexts.LooksLikeCaseLink(note))
                    {
                        return ActDeskOutcome.CaseLink;
                    }

                    if (note.Length > 0)
                    {
                        kept[language] = note;
                    }
                }

                if (!kept.ContainsKey(languages[0]))
                {
                    return ActDeskOutcome.TextMissing;
                }

                var now = clock.GetUtcNow();
                action.Status = ActionStatus.Ended;
                action.Outcome = outcome;
                action.OutcomeTexts = ActJson.Write(kept);
                action.EndedAt = now;
                action.UpdatedAt = now;
                action.Revision++;
                await scope.SaveAsync(AuditActor.For(responder), new AuditEvent(ActActions.Ended, null, action.Id), cancellationToken);
                return ActDeskOutcome.None;
            },
            cancellationToken);
    }
}
