namespace Haven.Storage;

/// <summary>Which database engine holds Haven's tables.</summary>
internal enum DatabaseProvider
{
    /// <summary>The embedded default: one file (haven.db) in the data directory.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server, reached through <see cref="DatabaseSettings.ConnectionString"/>.</summary>
    Postgres,
}
