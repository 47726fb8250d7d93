using Haven.Accounts;
using Haven.Audit;
using Microsoft.EntityFrameworkCore;

namespace Haven.Figures.Releases;

/// <summary>
/// A published release is withdrawn with a reason, which is public: the public page then says it was withdrawn and
/// why, and no longer shows its counts. Its basis is kept: later versions of the figure are still audited with it
/// (a reader may have kept what it published).
/// </summary>
internal sealed class WithdrawFigureCommand(AuditedWriter writer, TimeProvider clock)
{
    /// <summary>
    /// Withdraws the published release <paramref name="releaseId"/> for <paramref name="reason"/> (public; required:
    /// <see cref="FigureOutcome.ReasonRequired"/>); <see cref="FigureOutcome.NotPublished"/> unless it is published.
    /// </summary>
    public Task<FigureOutcome> ExecuteAsync(string releaseId, string? reason, UnlockedResponder responder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(responder);
        if (!FigureDefinitionRules.MayPublish(responder.Role))
        {
            return Task.FromResult(FigureOutcome.NotAllowed);
        }

        var text = FigureDefinitionRules.Normalize(reason);
        if (text.Length == 0)
        {
            return Task.FromResult(FigureOutcome.ReasonRequired);
        }

        if (text.Length > FigureDefinitionRules.MaxNoteLength)
        {
            return Task.FromResult(FigureOutcome.Invalid);
        }

        return writer.WriteAsync(
            async scope =>
            {
                if (await scope.Db.FigureReleases.SingleOrDefaultAsync(r => r.Id == releaseId, cancellationToken) is not { } release)
                {
                    return FigureOutcome.NotFound;
                }

                if (release.Status != FigureReleaseStatus.Published)
                {
                    return FigureOutcome.NotPublished;
                }

                release.Status = FigureReleaseStatus.Withdrawn;
                release.WithdrawnAt = clock.GetUtcNow();
                release.WithdrawnBy = responder.Id;
                release.WithdrawnReason = text;
                await scope.SaveAsync(AuditActor.For(responder), new AuditEvent(FigureActions.Withdrawn, null, release.Id), cancellationToken);
                return FigureOutcome.Done;
            },
            cancellationToken);
    }
}
