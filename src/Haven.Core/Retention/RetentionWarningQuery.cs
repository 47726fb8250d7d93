using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Retention;

/// <summary>
/// The cases due for purge within <see cref="RetentionOptions.WarningDays"/>, counted over the cases the
/// responder holds a key for only: a responder learns nothing, not even a number, about cases not granted.
/// </summary>
internal sealed class RetentionWarningQuery(IDbContextFactory<HavenDbContext> dbFactory, RetentionPolicy policy)
{
    /// <summary>
    /// Counts the cases <paramref name="responderId"/> holds that fall due for purge within the warning period after
    /// <paramref name="today"/>, and returns the end of that period.
    /// </summary>
    public async Task<RetentionWarning> ExecuteAsync(string responderId, DateOnly today, CancellationToken cancellationToken)
    {
        var until = policy.WarningUntil(today);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var held = Cases.InboxQuery.Held(db, responderId);
        var count = 0;
        foreach (var part in policy.DueByParts<Cases.CaseHolding>(until))
        {
            count += await held.Where(part).CountAsync(cancellationToken);
        }

        return new RetentionWarning(count, until);
    }
}
