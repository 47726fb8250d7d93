using Haven.Accounts;
using Haven.Record.Keys;
using Haven.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Haven.Web.Tests.Record.DocumentationAccess;

namespace Haven.Web.Tests.Record;

/// <summary>
/// The instance documentation key (issue 15, point 2): generation 1 from the set-up, the keyring a session opens
/// at login, grants, and the rotations that follow a revocation or a deactivation, checked in the database and
/// in the sessions' memory.
/// </summary>
public sealed class DocumentationKeyTests
{
    [Fact]
    public async Task The_administrator_holds_generation_one_and_an_analyst_granted_access_opens_it_after_login()
    {
        await using var server = await HavenServer.StartAsync();
        using var admin = await Accounts.Accounts.AdminAsync(server);
        var adminKeys = Session(server, HavenServer.AdminName);
        var (generation, publicKey) = (await Keys(server).CurrentAsync(CancellationToken.None))!.Value;
        Assert.Equal(1, generation);
        Assert.True(adminKeys.Documentation.TryGet(1, out var held));
        Assert.Equal(publicKey, held.PublicKey);
        Assert.Equal(publicKey, await OpenRecoverySealAsync(server, 1));

        var analyst = await Accounts.Accounts.AddResponderAsync(server, "Analyst", ResponderRole.Analyst);
        Assert.Equal(DocumentationAccessOutcome.Done, await Keys(server).GrantAsync(analyst.Id, adminKeys, CancellationToken.None));
        Assert.Equal(DocumentationAccessOutcome.Unchanged, await Keys(server).GrantAsync(analyst.Id, adminKeys, CancellationToken.None));

        using var client = server.CreateClient();
        await analyst.LoginAsync(server, client);
        var analystKeys = Session(server, "Analyst");
        Assert.Equal([1], analystKeys.Documentation.Generations);
        Assert.True(analystKeys.Documentation.TryGet(1, out var opened));
        Assert.Equal(publicKey, opened.PublicKey);
        Assert.Equal(opened.ExportSecretKey(), held.ExportSecretKey());
    }
}
