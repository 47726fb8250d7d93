using System.Net;
using Haven.Crypto;
using Haven.Tests;
using Haven.Web.Tests.Infrastructure;

namespace Haven.Web.Tests.Cluster;

/// <summary>
/// Two web nodes in this process on one PostgreSQL database, as an operator deploys them (docs/operations.md,
/// "Running several nodes"): each its own data directory with a copy of the same <c>instance.key</c>, one shared
/// blob folder (<c>Haven:Blobs:Path</c>). A browser moved from one to the other (<see cref="MoveTo"/>) is what the
/// proxy does when the node its sticky cookie names is gone.
/// </summary>
internal sealed class InProcessNodes : IAsyncDisposable
{
    private InProcessNodes(HavenServer a, HavenServer b, string blobFolder)
    {
        A = a;
        B = b;
        BlobFolder = blobFolder;
    }

    public HavenServer A { get; }

    public HavenServer B { get; }

    public string BlobFolder { get; }

    public static async Task<InProcessNodes> StartAsync()
    {
        var blobs = Path.Combine(Path.GetTempPath(), "haven-shared-blobs-" + RandomId.New());
        var a = await HavenServer.StartAsync($"--Haven:Blobs:Path={blobs}");
        var second = Path.Combine(Path.GetTempPath(), "haven-test-" + RandomId.New());
        Haven.Storage.OwnerOnly.CreateFolder(second);
        var key = Path.Combine(second, "instance.key");
        File.Copy(Path.Combine(a.DataPath, "instance.key"), key);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(key, Haven.Storage.OwnerOnly.FilePermissions);
        }

        TestDatabases.Share(a.DataPath, second);
        var b = await HavenServer.StartOnAsync(second, $"--Haven:Blobs:Path={blobs}");
        return new InProcessNodes(a, b, blobs);
    }

    /// <summary>A browser with <paramref name="client"/>'s cookies, now talking to <paramref name="to"/>.</summary>
    public static HavenClient MoveTo(HavenClient client, HavenServer from, HavenServer to, string language)
    {
        var moved = new HavenClient(to.BaseAddress, language);
        foreach (Cookie cookie in client.Cookies.GetCookies(from.BaseAddress))
        {
            moved.Cookies.Add(to.BaseAddress, new Cookie(cookie.Name, cookie.Value, "/"));
        }

        return moved;
    }

    public async ValueTask DisposeAsync()
    {
        // Both stop before the shared database is dropped.
        await A.StopAsync();
        await B.StopAsync();
        await B.DisposeAsync();
        await A.DisposeAsync();
        if (Directory.Exists(BlobFolder))
        {
            Directory.Delete(BlobFolder, recursive: true);
        }
    }
}
