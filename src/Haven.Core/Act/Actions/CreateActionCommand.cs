using Haven.Accounts;
using Haven.Audit;
using Haven.Crypto;

namespace Haven.Act.Actions;

/// <summary>Creates a draft Urgent Action in the given languages, with empty texts and no number; audited as <see cref="ActActions.Created"/>.</summary>
internal sealed class CreateActionCommand(AuditedWriter writer, TimeProvider clock)
{
    /// <summary>The new draft's id, or why there is none.</summary>
    public async Task<(ActDeskOutcome Problem, string? Id)> ExecuteAsync(string? languages, UnlockedResponder responder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(responder);
        if (!ActRoles.CanCampaign(responder.Role))
        {
            return (ActDeskOutcome.NotAllowed, null);
        }

        if (ActionTexts.ParseLanguages(languages) is not { } names)
        {
            return (ActDeskOutcome.LanguageInvalid, null);
        }

        var now = clock.GetUtcNow();
        var action = new UrgentAction
        {
            Id = RandomId.New(),
            Status = ActionStatus.Draft,
            Languages = string.Join(',', names),
            Texts = ActJson.Write(names.ToDictionary(n => n, _ => new ActionText("", "", "", "", "", ""), StringComparer.Ordinal)),
            CreatedAt = now,
            CreatedBy = responder.Id,
            UpdatedAt = now,
        };
        return await writer.WriteAsync(
            async scope =>
            {
                scope.Db.UrgentActions.Add(action);
                await scope.SaveAsync(AuditActor.For(responder), new AuditEvent(ActActions.Created, null, action.Id), cancellationToken);
                return (ActDeskOutcome.None, (string?)action.Id);
            },
            cancellationToken);
    }
}
