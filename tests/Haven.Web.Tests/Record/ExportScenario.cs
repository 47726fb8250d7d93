using System.Net;
using Haven.Accounts;
using Haven.Cases;
using Haven.Crypto;
using Haven.Record.Events;
using Haven.Record.Vocabulary;
using Haven.Web.Tests.Cli;
using Haven.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Haven.Web.Tests.Record.DocumentationAccess;

namespace Haven.Web.Tests.Record;

/// <summary>What <see cref="ExportScenario.WriteAsync"/> left: two cases, the administrator holding only the first.</summary>
internal sealed record ExportWorld(HavenClient Admin, UnlockedResponder AdminKeys, UnlockedResponder CoordinatorKeys, string HeldCase, string OtherCase, WrittenEvent Held, WrittenEvent Other, string GroupVictim);

/// <summary>
/// Documentation for the export tests, through the Record commands: an event of a case the administrator holds (two
/// acts, one on a group victim, an end date to the day, a retired term in use) and one of a case a coordinator then
/// revokes the administrator from, so that the administrator keeps its coding (documentation key) and loses its narrative.
/// </summary>
internal static class ExportScenario
{
    public static async Task<ExportWorld> WriteAsync(HavenServer server, EventTexts held, EventTexts other)
    {
        await EventScenario.AddRegionsAsync(server);
        var admin = server.CreateClient();
        var first = await CaseScenario.WriteAsync(server, admin, new CaseTexts("first request", ["testimony"], "signal", "we read you", null));
        var coordinator = await Accounts.Accounts.AddResponderAsync(server, "Coord", ResponderRole.Coordinator);
        using (var person = server.CreateClient())
        {
            await person.AskForHelpAsync();
            Assert.Equal(HttpStatusCode.OK, (await person.SubmitRequestAsync("second request", help: ["testimony"], contact: "none")).Status);
        }

        var second = (await admin.InboxCaseIdsAsync()).Single(id => id != first.CaseId);
        var adminKeys = Session(server, HavenServer.AdminName);
        var heldEvent = await EventScenario.WriteAsync(server, adminKeys, first.CaseId, held);
        var otherEvent = await EventScenario.WriteAsync(server, adminKeys, second, other, region: "RU");

        var services = server.Services;
        var group = RandomId.New();
        Assert.Equal(RecordWriteOutcome.Saved, await services.GetRequiredService<SaveVictimCommand>().ExecuteAsync(group, first.CaseId, RandomId.New(), null, new VictimCoding { Unit = CountingUnit.Group, GroupSize = 12 }, new VictimNarrative { Pseudonym = held.Pseudonym + " family" }, adminKeys, CancellationToken.None));
        var save = services.GetRequiredService<SaveEventCommand>();
        var act = new ActCoding { Id = RandomId.New(), Type = "torture", Victim = group, Involvements = [new InvolvementCoding { Perpetrator = "military", Degree = "ordered" }, new InvolvementCoding { Perpetrator = "police", Degree = "complicit" }] };
        Assert.Equal(RecordWriteOutcome.Saved, await save.ExecuteAsync(heldEvent.EventId, RandomId.New(), 3, new EventEdit.AddAct(act, new ActNarrative { Method = held.Method + " again" }), adminKeys, CancellationToken.None));
        var view = await services.GetRequiredService<EventQuery>().GetAsync(heldEvent.EventId, adminKeys, CancellationToken.None);
        view!.Coding.End = PartialDate.Create(DatePrecision.Day, 2017, 4, 2);
        Assert.Equal(RecordWriteOutcome.Saved, await save.ExecuteAsync(heldEvent.EventId, RandomId.New(), 4, new EventEdit.Replace(view.Coding, view.Narrative), adminKeys, CancellationToken.None));
        Assert.Equal(VocabularyOutcome.None, await services.GetRequiredService<RetireTermCommand>().ExecuteAsync(TermList.VictimStatus, "released", true, adminKeys, CancellationToken.None));

        // The coordinator takes the second case away from the administrator.
        using (var client = server.CreateClient())
        {
            await coordinator.LoginAsync(server, client);
        }

        var coordinatorKeys = Session(server, "Coord");
        Assert.Equal(GrantOutcome.Done, await services.GetRequiredService<RevokeCaseCommand>().ExecuteAsync(second, adminKeys.Id, coordinatorKeys, CancellationToken.None));
        return new ExportWorld(admin, adminKeys, coordinatorKeys, first.CaseId, second, heldEvent, otherEvent, group);
    }
}
