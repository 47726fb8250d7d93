using Haven.Crypto;
using Haven.Tests;
using Haven.Web.Tests.Infrastructure;

namespace Haven.Web.Tests.Cluster;

/// <summary>
/// Two Haven web hosts in this process on one PostgreSQL database, as two nodes behind a proxy: each with its own
/// data directory holding a copy of the same <c>instance.key</c>, each with its own memory (sessions, data-protection
/// keys, node identity). Only on the PostgreSQL pass (SQLite is one process by design).
/// </summary>
internal sealed class TwoNodes : IAsyncDisposable
{
    private TwoNodes(HavenServer a, HavenServer b)
    {
        A = a;
        B = b;
    }

    public HavenServer A { get; }

    public HavenServer B { get; }

    public static async Task<TwoNodes> StartAsync(params string[] settings)
    {
        var a = await HavenServer.StartAsync(settings);
        var bPath = Path.Combine(Path.GetTempPath(), "haven-test-" + RandomId.New());
        var key = Path.Combine(bPath, "instance.key");
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(bPath);
            File.Copy(a.Data.InstanceKeyFile, key);
        }
        else
        {
            Directory.CreateDirectory(bPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.Copy(a.Data.InstanceKeyFile, key);
            File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        TestDatabases.Share(a.DataPath, bPath);
        try
        {
            return new TwoNodes(a, await HavenServer.StartOnAsync(bPath, settings));
        }
        catch
        {
            await a.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Both stop before the shared database is dropped.
        await B.StopAsync();
        await A.DisposeAsync();
        await B.DisposeAsync();
    }
}
