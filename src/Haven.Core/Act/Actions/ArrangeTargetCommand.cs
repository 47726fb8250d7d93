using Haven.Accounts;
using Haven.Audit;
using Microsoft.EntityFrameworkCore;

namespace Haven.Act.Actions;

/// <summary>
/// Removes a target or copy from an action that has not ended, or moves it one place up or down within its kind
/// (targets and copies are ordered separately). A target that letters were already counted for keeps its counts
/// (they are per target id). Audited as <see cref="ActActions.TargetChanged"/> with the action's id.
/// </summary>
internal sealed class ArrangeTargetCommand(AuditedWriter writer)
{
    public Task<ActDeskOutcome> RemoveAsync(string actionId, string targetId, UnlockedResponder responder, CancellationToken cancellationToken) =>
        RunAsync(actionId, targetId, 0, responder, cancellationToken);

    /// <summary>Moves the target by <paramref name="by"/> places (-1 up, +1 down); at either end nothing moves.</summary>
    public Task<ActDeskOutcome> MoveAsync(string actionId, string targetId, int by, UnlockedResponder responder, CancellationToken cancellationToken) =>
        by is -1 or 1 ? RunAsync(actionId, targetId, by, responder, cancellationToken) : Task.FromResult(ActDeskOutcome.Invalid);

    private async Task<ActDeskOutcome> RunAsync(string actionId, string targetId, int by, UnlockedResponder responder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(responder);
        if (!ActRoles.CanCampaign(responder.Role))
        {
            return ActDeskOutcome.NotAllowed;
        }

        return await writer.WriteAsync(
            async scope =>
            {
                var db = scope.Db;
                var action = await db.UrgentActions.AsNoTracking().SingleOrDefaultAsync(a => a.Id == actionId, cancellationToken);
                var target = await db.ActionTargets.SingleOrDefaultAsync(t => t.Id == targetId && t.ActionId == actionId, cancellationToken);
                if (action is null || target is null)
                {
                    return ActDeskOutcome.NotFound;
                }

                if (action.Status == ActionStatus.Ended)
                {
                    return ActDeskOutcome.WrongStatus;
                }

                var siblings = await db.ActionTargets.Where(t => t.ActionId == actionId && t.Kind == target.Kind).OrderBy(t => t.Position).ToListAsync(cancellationToken);
                var index = siblings.FindIndex(t => t.Id == targetId);
                if (by == 0)
                {
                    db.ActionTargets.Remove(target);
                    siblings.RemoveAt(index);
                }
                else
                {
                    var other = index + by;
                    if (other < 0 || other >= siblings.Count)
                    {
                        return ActDeskOutcome.None;
                    }

                    (siblings[index], siblings[other]) = (siblings[other], siblings[index]);
                }

                for (var i = 0; i < siblings.Count; i++)
                {
                    siblings[i].Position = i;
                }

                await scope.SaveAsync(AuditActor.For(responder), new AuditEvent(ActActions.TargetChanged, null, actionId), cancellationToken);
                return ActDeskOutcome.None;
            },
            cancellationToken);
    }
}
