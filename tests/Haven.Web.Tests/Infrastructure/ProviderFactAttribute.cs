using Haven.Tests;

namespace Haven.Web.Tests.Infrastructure;

/// <summary>
/// A test whose meaning belongs to one database provider: skipped, with the reason given, in the other run
/// (<see cref="TestDatabases.Postgres"/> says which run this is).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ProviderFactAttribute : FactAttribute
{
    /// <param name="postgres">True for a test of the PostgreSQL run only, false for one of the SQLite run only.</param>
    /// <param name="reason">Why the other run has nothing to test here.</param>
    public ProviderFactAttribute(bool postgres, string reason)
    {
        if (TestDatabases.Postgres != postgres)
        {
            Skip = reason;
        }
    }
}
