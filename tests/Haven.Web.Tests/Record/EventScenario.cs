using Haven.Accounts;
using Haven.Crypto;
using Haven.Record.Events;
using Haven.Record.Vocabulary;
using Haven.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Haven.Web.Tests.Record;

/// <summary>The words of an event and its victim, each a field of the narrative.</summary>
internal sealed record EventTexts(string Title, string Description, string Method, string Consequences, string Details, string Pseudonym);

/// <summary>What <see cref="EventScenario.WriteAsync"/> stored.</summary>
internal sealed record WrittenEvent(string EventId, string VictimId, string ActId);

/// <summary>
/// A responder who holds a case documents it through the Record commands (no desk pages yet): a victim, then an
/// event from the case with one act, an involvement and a second, outside source. Shared by the Record and
/// canary tests.
/// </summary>
internal static class EventScenario
{
    public static async Task<WrittenEvent> WriteAsync(HavenServer server, UnlockedResponder responder, string caseId, EventTexts texts, string region = "RU-CE")
    {
        var services = server.Services;
        var victimId = RandomId.New();
        Assert.Equal(
            RecordWriteOutcome.Saved,
            await services.GetRequiredService<SaveVictimCommand>().ExecuteAsync(victimId, caseId, RandomId.New(), null, new VictimCoding { AgeBand = "18_25", Unit = CountingUnit.Individual }, new VictimNarrative { Pseudonym = texts.Pseudonym }, responder, CancellationToken.None));

        var eventId = RandomId.New();
        var actId = RandomId.New();
        var coding = new EventCoding
        {
            Start = PartialDate.Create(DatePrecision.Month, 2017, 3),
            Region = region,
            Status = ViolationStatus.Confirmed,
            Confidentiality = Confidentiality.Confidential,
            Acts = [new ActCoding { Id = actId, Type = "arbitrary_detention", Victim = victimId, VictimStatus = "released" }],
        };
        var narrative = new EventNarrative { Title = texts.Title, Description = texts.Description, Acts = [new ActNarrative { Id = actId, Method = texts.Method, Consequences = texts.Consequences }] };
        Assert.Equal(RecordWriteOutcome.Saved, await services.GetRequiredService<CreateEventCommand>().ExecuteAsync(caseId, eventId, RandomId.New(), coding, narrative, "victim", 4, responder, CancellationToken.None));

        var save = services.GetRequiredService<SaveEventCommand>();
        Assert.Equal(RecordWriteOutcome.Saved, await save.ExecuteAsync(eventId, RandomId.New(), 1, new EventEdit.AddInvolvement(actId, new InvolvementCoding { Perpetrator = "police", Degree = "carried_out" }), responder, CancellationToken.None));
        Assert.Equal(RecordWriteOutcome.Saved, await save.ExecuteAsync(eventId, RandomId.New(), 2, new EventEdit.AddInformation(new InformationCoding { Id = RandomId.New(), Source = InformationSource.Outside, Connection = "media", Reliability = 3 }, new InformationNarrative { Details = texts.Details }), responder, CancellationToken.None));
        return new WrittenEvent(eventId, victimId, actId);
    }

    /// <summary>Adds a country and one of its regions to the gazetteer (a fresh instance has none).</summary>
    public static async Task AddRegionsAsync(HavenServer server)
    {
        await using var db = DocumentationAccess.Db(server);
        db.GazetteerRegions.AddRange(new StoredRegion { Code = "RU" }, new StoredRegion { Code = "RU-CE", ParentCode = "RU" });
        db.GazetteerRegionLabels.AddRange(new StoredRegionLabel { Code = "RU", Culture = "en", Label = "Russia" }, new StoredRegionLabel { Code = "RU-CE", Culture = "en", Label = "Chechnya" });
        await db.SaveChangesAsync();
        server.Services.GetRequiredService<RecordVocabulary>().Invalidate();
    }
}
