using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Act;

/// <summary>
/// The one way <see cref="ActionCount"/> rows change: an upsert (<c>INSERT ... ON CONFLICT DO UPDATE</c>, the same
/// statement on SQLite and PostgreSQL), so that two requests, or two web nodes, adding to the same count at once
/// both land. It runs in the caller's transaction when there is one.
/// </summary>
internal static class ActCounts
{
    /// <summary>Adds <paramref name="by"/> letters to the count of <paramref name="key"/>, creating it at <paramref name="at"/>.</summary>
    public static Task IncrementAsync(HavenDbContext db, ActionCountKey key, DateTimeOffset at, CancellationToken cancellationToken, int by = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(by);
        var channel = (int)key.Channel;
        return db.Database.ExecuteSqlInterpolatedAsync(
            $"""
            INSERT INTO action_counts (action_id, target_id, channel, language, country, count, first_at, last_at)
            VALUES ({key.ActionId}, {key.TargetId}, {channel}, {key.Language}, {key.Country}, {by}, {at}, {at})
            ON CONFLICT (action_id, target_id, channel, language, country)
            DO UPDATE SET count = action_counts.count + excluded.count, last_at = excluded.last_at
            """,
            cancellationToken);
    }
}
