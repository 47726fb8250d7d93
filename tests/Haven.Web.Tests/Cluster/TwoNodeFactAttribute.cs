using Haven.Load;
using Haven.Tests;

namespace Haven.Web.Tests.Cluster;

/// <summary>
/// A test of two Haven nodes behind HAProxy: runs on the PostgreSQL pass only (several nodes need one shared
/// database; SQLite is one process's), and needs HAProxy (test.sh installs the Debian package).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class TwoNodeFactAttribute : FactAttribute
{
    public TwoNodeFactAttribute()
    {
        if (!TestDatabases.Postgres)
        {
            Skip = "Several nodes share one PostgreSQL database; the SQLite run has a single process by design.";
        }
        else if (HaproxyProcess.Binary is null)
        {
            Skip = "HAProxy is not installed (test.sh installs the haproxy package).";
        }
    }
}
