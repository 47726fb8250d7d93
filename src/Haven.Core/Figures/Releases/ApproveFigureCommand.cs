using Haven.Accounts;
using Haven.Audit;
using Microsoft.EntityFrameworkCore;

namespace Haven.Figures.Releases;

/// <summary>
/// The second person publishes a prepared release: an administrator or an analyst who did not prepare it. They need
/// no documentation key: what is published was made public by construction, and the audit that proves it is stored
/// with the release.
/// </summary>
internal sealed class ApproveFigureCommand(AuditedWriter writer, TimeProvider clock)
{
    /// <summary>
    /// Publishes <paramref name="releaseId"/>: <see cref="FigureOutcome.SamePerson"/> for its preparer,
    /// <see cref="FigureOutcome.Stale"/> when another version of the figure was published after it was prepared (its
    /// audit did not take that version into account).
    /// </summary>
    public Task<FigureOutcome> ExecuteAsync(string releaseId, UnlockedResponder approver, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(approver);
        if (!FigureDefinitionRules.MayPublish(approver.Role))
        {
            return Task.FromResult(FigureOutcome.NotAllowed);
        }

        return writer.WriteAsync(
            async scope =>
            {
                var db = scope.Db;
                if (await db.FigureReleases.SingleOrDefaultAsync(r => r.Id == releaseId, cancellationToken) is not { } release)
                {
                    return FigureOutcome.NotFound;
                }

                if (release.Status != FigureReleaseStatus.Prepared)
                {
                    return FigureOutcome.NotPrepared;
                }

                if (release.PreparedBy == approver.Id)
                {
                    return FigureOutcome.SamePerson;
                }

                // What was stored must say the audit passed: a row that does not (written by hand, or by an older
                // build) is never published.
                if (FiguresJson.FromJson<Disclosure.DisclosureAuditResult>(release.Audit) is not { Passed: true })
                {
                    return FigureOutcome.AuditFailed;
                }

                // Compared in memory: SQLite cannot compare DateTimeOffset columns.
                var others = await db.FigureReleases.AsNoTracking().Where(r => r.Number == release.Number && r.Id != release.Id).ToListAsync(cancellationToken);
                if (others.Any(r => FigurePreviewer.IsPublic(r) && (r.Version > release.Version || r.PublishedAt > release.PreparedAt)))
                {
                    return FigureOutcome.Stale;
                }

                release.Status = FigureReleaseStatus.Published;
                release.PublishedAt = clock.GetUtcNow();
                release.ApprovedBy = approver.Id;
                await scope.SaveAsync(AuditActor.For(approver), new AuditEvent(FigureActions.Published, null, release.Id), cancellationToken);
                return FigureOutcome.Done;
            },
            cancellationToken);
    }
}
