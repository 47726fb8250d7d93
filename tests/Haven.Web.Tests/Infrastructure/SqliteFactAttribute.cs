using Haven.Tests;

namespace Haven.Web.Tests.Infrastructure;

/// <summary>
/// A test that reads SQLite's own files (haven.db and its WAL) outside Haven, e.g. with Python's sqlite3:
/// skipped, not passed, in the PostgreSQL run (HAVEN_TEST_POSTGRES), where the database is not a file in
/// the data directory.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SqliteFactAttribute : FactAttribute
{
    public SqliteFactAttribute()
    {
        if (TestDatabases.Postgres)
        {
            Skip = "Reads the SQLite database file; the PostgreSQL run has none.";
        }
    }
}
