namespace Haven.Retention;

/// <summary>What a purge deleted (or, in a dry run, would delete), and whether the write-ahead log was emptied after it.</summary>
/// <param name="Cases">How many cases.</param>
/// <param name="Checkpointed">
/// SQLite: false when the WAL could not be truncated because a reader held it; the next purge tries again.
/// PostgreSQL: true once the purged tables were vacuumed.
/// </param>
internal sealed record PurgeResult(int Cases, bool Checkpointed);
