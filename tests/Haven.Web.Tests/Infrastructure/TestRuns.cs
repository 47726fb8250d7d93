namespace Haven.Web.Tests.Infrastructure;

/// <summary>
/// The trait that says which of test.sh's runs a test class belongs to: <c>[Trait(TestRuns.Database,
/// TestRuns.Independent)]</c> marks a class whose subject does not depend on the database behind the server
/// (what a browser renders and what axe-core finds in it); the SQLite run takes it, the PostgreSQL run
/// (<c>--filter "Database!=independent"</c>) leaves it out. Every class that drives Chromium carries it
/// (BrowserRunTests checks).
/// </summary>
internal static class TestRuns
{
    public const string Database = "Database";

    public const string Independent = "independent";
}
