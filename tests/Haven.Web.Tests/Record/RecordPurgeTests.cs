using Haven.Record.Index;
using Haven.Retention;
using Haven.Web.Tests.Cli;
using Haven.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Haven.Web.Tests.Record.DocumentationAccess;

namespace Haven.Web.Tests.Record;

/// <summary>
/// The retention purge takes a case's documentation with it: its events and victims leave the database (cascade)
/// and the in-memory coding index at once, so the list of a documentation holder who read it before no longer
/// shows or counts them.
/// </summary>
public sealed class RecordPurgeTests
{
    [Fact]
    public async Task A_purged_case_leaves_the_documentation_list_of_a_holder_who_had_read_it()
    {
        await using var server = await HavenServer.StartAsync();
        await EventScenario.AddRegionsAsync(server);
        using var client = server.CreateClient();
        var written = await CaseScenario.WriteAsync(server, client, new CaseTexts("what happened", ["testimony"], "signal", "we read you", null));
        var admin = Session(server, HavenServer.AdminName);
        await EventScenario.WriteAsync(server, admin, written.CaseId, new EventTexts("t", "d", "m", "c", "s", "p"));

        var list = server.Services.GetRequiredService<DocumentationListQuery>();
        var before = await list.ExecuteAsync(new DocumentationFilter(), admin.Documentation, CancellationToken.None);
        Assert.Equal((1, 1, 1), (before.ActCount, before.EventCount, before.VictimCount));

        // Years later every case is due; the purge deletes this one.
        var purged = await server.Services.GetRequiredService<PurgeCommand>().ExecuteAsync(DateOnly.FromDateTime(DateTime.UtcNow).AddYears(10), dryRun: false, CancellationToken.None);
        Assert.Equal(1, purged.Cases);

        var after = await list.ExecuteAsync(new DocumentationFilter(), admin.Documentation, CancellationToken.None);
        Assert.Equal((0, 0, 0), (after.ActCount, after.EventCount, after.VictimCount));
        Assert.Empty(after.Acts);
    }
}
