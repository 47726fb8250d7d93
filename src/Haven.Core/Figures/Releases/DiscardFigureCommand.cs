using Haven.Accounts;
using Haven.Audit;
using Microsoft.EntityFrameworkCore;

namespace Haven.Figures.Releases;

/// <summary>
/// A prepared release is discarded without being published: by its preparer, or by the second person as a refusal
/// (any administrator or analyst). It stays on the desk, discarded; its number is kept by the figure.
/// </summary>
internal sealed class DiscardFigureCommand(AuditedWriter writer, TimeProvider clock)
{
    /// <summary>Discards <paramref name="releaseId"/>: <see cref="FigureOutcome.NotPrepared"/> unless it is waiting for approval.</summary>
    public Task<FigureOutcome> ExecuteAsync(string releaseId, UnlockedResponder responder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(responder);
        if (!FigureDefinitionRules.MayPublish(responder.Role))
        {
            return Task.FromResult(FigureOutcome.NotAllowed);
        }

        return writer.WriteAsync(
            async scope =>
            {
                if (await scope.Db.FigureReleases.SingleOrDefaultAsync(r => r.Id == releaseId, cancellationToken) is not { } release)
                {
                    return FigureOutcome.NotFound;
                }

                if (release.Status != FigureReleaseStatus.Prepared)
                {
                    return FigureOutcome.NotPrepared;
                }

                release.Status = FigureReleaseStatus.Discarded;
                release.DiscardedAt = clock.GetUtcNow();
                release.DiscardedBy = responder.Id;
                await scope.SaveAsync(AuditActor.For(responder), new AuditEvent(FigureActions.Discarded, null, release.Id), cancellationToken);
                return FigureOutcome.Done;
            },
            cancellationToken);
    }
}
