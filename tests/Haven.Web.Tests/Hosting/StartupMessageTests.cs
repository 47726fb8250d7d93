using Haven.Load;
using Haven.Tests;
using Haven.Web.Tests.Infrastructure;

namespace Haven.Web.Tests.Hosting;

/// <summary>The web host run as its own process, as an operator runs it.</summary>
public sealed class StartupMessageTests
{
    [Fact]
    public async Task The_server_says_it_is_starting_before_anything_else_it_prints()
    {
        await using var setup = await HavenServer.StartAsync();
        await setup.StopAsync();
        using var server = await ServerProcess.StartAsync("Debug", setup.DataPath, TestDatabases.HostSettings(setup.DataPath));
        var first = server.RecentOutput.Split('\n')[0];
        Assert.StartsWith("Haven is starting", first, StringComparison.Ordinal);
    }
}
