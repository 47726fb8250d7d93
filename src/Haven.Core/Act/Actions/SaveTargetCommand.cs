using System.Net.Mail;
using Haven.Accounts;
using Haven.Audit;
using Haven.Crypto;
using Microsoft.EntityFrameworkCore;

namespace Haven.Act.Actions;

/// <summary>
/// Adds a target or copy to an action that has not ended, or changes one. The e-mail address is write-only: it is
/// sealed with <see cref="ActSecrets"/> (purpose <see cref="ActSecrets.TargetEmail"/>, the target's id) and never
/// read back by the desk; the form can keep, replace or remove it. The e-mail channel follows whether an address
/// is stored. Audited as <see cref="ActActions.TargetChanged"/> with the action's id (nothing of the address).
/// </summary>
internal sealed class SaveTargetCommand(AuditedWriter writer, ActSecrets secrets)
{
    /// <summary>The target's id, or why nothing was saved.</summary>
    public async Task<(ActDeskOutcome Problem, string? Id)> ExecuteAsync(string actionId, string? targetId, TargetInput input, EmailChange email, string? newEmail, UnlockedResponder responder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(responder);
        if (!ActRoles.CanCampaign(responder.Role))
        {
            return (ActDeskOutcome.NotAllowed, null);
        }

        var name = ActionTexts.Normalize(input.Name);
        var title = ActionTexts.Normalize(input.Title);
        var organisation = ActionTexts.Normalize(input.Organisation);
        var postal = ActionTexts.Normalize(input.PostalAddress);
        var fax = ActionTexts.Normalize(input.Fax);
        var social = ActionTexts.Normalize(input.SocialHandle);
        var address = (newEmail ?? "").Trim();
        if ((name.Length == 0 && title.Length == 0) || !Enum.IsDefined(input.Kind)
            || (email == EmailChange.Replace && !IsAddress(address))
            || ActionTexts.ParseLanguages(input.Language) is not [var language])
        {
            return (ActDeskOutcome.TargetInvalid, null);
        }

        var salutations = input.Salutations.Where(s => !string.IsNullOrWhiteSpace(s.Value)).ToDictionary(s => s.Key, s => ActionTexts.Normalize(s.Value), StringComparer.Ordinal);
        string[] shortFields = [name, title, organisation, fax, social, .. salutations.Values];
        if (shortFields.Any(f => f.Length > ActionTexts.MaxShort) || postal.Length > 2000)
        {
            return (ActDeskOutcome.TooLong, null);
        }

        if (ActionTexts.AnyCaseLink([.. shortFields, postal]))
        {
            return (ActDeskOutcome.CaseLink, null);
        }

        return await writer.WriteAsync(
            async scope =>
            {
                var db = scope.Db;
                var action = await db.UrgentActions.AsNoTracking().SingleOrDefaultAsync(a => a.Id == actionId, cancellationToken);
                if (action is null)
                {
                    return (ActDeskOutcome.NotFound, (string?)null);
                }

                if (action.Status == ActionStatus.Ended)
                {
                    return (ActDeskOutcome.WrongStatus, null);
                }

                ActionTarget? target;
                if (targetId is null)
                {
                    var position = await db.ActionTargets.Where(t => t.ActionId == actionId && t.Kind == input.Kind).MaxAsync(t => (int?)t.Position, cancellationToken) ?? -1;
                    target = new ActionTarget { Id = RandomId.New(), ActionId = actionId, Kind = input.Kind, Position = position + 1 };
                    db.ActionTargets.Add(target);
                }
                else
                {
                    target = await db.ActionTargets.SingleOrDefaultAsync(t => t.Id == targetId && t.ActionId == actionId, cancellationToken);
                    if (target is null)
                    {
                        return (ActDeskOutcome.NotFound, null);
                    }

                    if (target.Kind != input.Kind)
                    {
                        // Moved between targets and copies: last of its new kind.
                        target.Position = (await db.ActionTargets.Where(t => t.ActionId == actionId && t.Kind == input.Kind).MaxAsync(t => (int?)t.Position, cancellationToken) ?? -1) + 1;
                        target.Kind = input.Kind;
                    }
                }

                target.Name = name;
                target.Title = title;
                target.Organisation = organisation;
                target.PostalAddress = postal;
                target.Language = language;
                target.Salutations = ActJson.Write(salutations);
                target.Fax = fax.Length > 0 ? fax : null;
                target.SocialHandle = social.Length > 0 ? social : null;
                target.SealedEmail = email switch
                {
                    EmailChange.Replace => secrets.SealText(address, ActSecrets.TargetEmail, target.Id),
                    EmailChange.Remove => null,
                    _ => target.SealedEmail,
                };
                var channels = input.Channels & ~TargetChannels.Email;
                target.Channels = target.SealedEmail is null ? channels : channels | TargetChannels.Email;
                await scope.SaveAsync(AuditActor.For(responder), new AuditEvent(ActActions.TargetChanged, null, actionId), cancellationToken);
                return (ActDeskOutcome.None, (string?)target.Id);
            },
            cancellationToken);
    }

    /// <summary>A plain address (<c>name@domain</c>), with no display name or anything around it.</summary>
    public static bool IsAddress(string text) =>
        text.Length is > 2 and <= 254 && MailAddress.TryCreate(text, out var parsed) && parsed.Address == text && parsed.DisplayName.Length == 0 && !text.Any(char.IsWhiteSpace);
}
