using System.Net;
using Haven.Accounts;
using Haven.Record.Keys;
using Haven.Tests;
using Haven.Web.Tests.Infrastructure;
using static Haven.Web.Tests.Record.DocumentationAccess;

namespace Haven.Web.Tests.Cluster;

/// <summary>
/// A session's documentation keys live in its node's memory. With two in-process nodes on one PostgreSQL, an
/// administrator who revokes a responder's documentation access on node A wipes the keys of that responder's
/// session on node B at its next request, as A wipes its own sessions' at once. Several nodes run only on
/// PostgreSQL: on SQLite this test has nothing to check and passes at once.
/// </summary>
public sealed class ClusterDocumentationTests
{
    [Fact]
    public async Task Documentation_access_revoked_on_one_node_is_wiped_from_the_responders_session_on_the_other_at_its_next_request()
    {
        if (!TestDatabases.Postgres)
        {
            return;
        }

        await using var nodes = await TwoNodes.StartAsync();
        var (a, b) = (nodes.A, nodes.B);

        using var admin = await Accounts.Accounts.AdminAsync(a);
        var adminKeys = Session(a, HavenServer.AdminName);
        var analyst = await Accounts.Accounts.AddResponderAsync(a, "Analyst", ResponderRole.Analyst);
        Assert.Equal(DocumentationAccessOutcome.Done, await Keys(a).GrantAsync(analyst.Id, adminKeys, CancellationToken.None));

        using var client = b.CreateClient();
        await analyst.LoginAsync(b, client);
        var analystOnB = Session(b, "Analyst");
        Assert.Equal([1], analystOnB.Documentation.Generations);

        // Node A revokes: B has not heard of it until the analyst's next request there.
        Assert.Equal(DocumentationAccessOutcome.Done, await Keys(a).RevokeAsync(analyst.Id, adminKeys, CancellationToken.None));
        Assert.Equal([1], analystOnB.Documentation.Generations);

        var desk = await client.GetAsync("/desk");
        Assert.Equal(("/desk", HttpStatusCode.OK), (desk.Location.AbsolutePath, desk.Status));
        Assert.Empty(analystOnB.Documentation.Generations);
        Assert.False(analystOnB.Documentation.TryGet(1, out _));

        // The administrator, who still holds both generations, keeps them on the next request.
        var adminDesk = await admin.GetAsync("/desk");
        Assert.Equal(HttpStatusCode.OK, adminDesk.Status);
        Assert.NotEmpty(adminKeys.Documentation.Generations);
    }
}
