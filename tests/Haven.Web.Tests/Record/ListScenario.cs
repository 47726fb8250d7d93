using Haven.Accounts;
using Haven.Crypto;
using Haven.Record.Events;
using Haven.Record.Vocabulary;
using Haven.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Haven.Web.Tests.Record;

/// <summary>One act to document: its type, victim (an index into the scenario's victims), the victim's status and the perpetrator types.</summary>
internal sealed record PlannedAct(string Type, int Victim, string? VictimStatus, params string[] Perpetrators);

/// <summary>
/// Seeds the documentation list through the Record commands, as the desk writes: a gazetteer of two countries with
/// English and Russian labels, victims of a case, and events with the given coding, each with a narrative made of
/// distinct marker strings (which must never reach a documentation list page).
/// </summary>
internal static class ListScenario
{
    /// <summary>Every narrative field written by <see cref="EventAsync"/> and <see cref="VictimsAsync"/> starts with this.</summary>
    public const string Marker = "NARRATIVE-MARKER-";

    public static async Task AddRegionsAsync(HavenServer server)
    {
        await using var db = DocumentationAccess.Db(server);
        db.GazetteerRegions.AddRange(
            new StoredRegion { Code = "RU", Position = 0 },
            new StoredRegion { Code = "RU-CE", ParentCode = "RU", Position = 0 },
            new StoredRegion { Code = "RU-DA", ParentCode = "RU", Position = 1 },
            new StoredRegion { Code = "UA", Position = 1 });
        foreach (var (code, en, ru) in new[] { ("RU", "Russia", "Россия"), ("RU-CE", "Chechnya", "Чечня"), ("RU-DA", "Dagestan", "Дагестан"), ("UA", "Ukraine", "Украина") })
        {
            db.GazetteerRegionLabels.AddRange(new StoredRegionLabel { Code = code, Culture = "en", Label = en }, new StoredRegionLabel { Code = code, Culture = "ru", Label = ru });
        }

        await db.SaveChangesAsync();
        server.Services.GetRequiredService<RecordVocabulary>().Invalidate();
    }

    /// <summary>Victims of <paramref name="caseId"/>: one individual each, or a group of that size.</summary>
    public static async Task<List<string>> VictimsAsync(HavenServer server, UnlockedResponder responder, string caseId, params int?[] groupSizes)
    {
        var ids = new List<string>();
        foreach (var size in groupSizes)
        {
            var id = RandomId.New();
            var coding = size is null ? new VictimCoding { AgeBand = "18_25", Unit = CountingUnit.Individual } : new VictimCoding { AgeBand = "unknown", Unit = CountingUnit.Group, GroupSize = size };
            Assert.Equal(RecordWriteOutcome.Saved, await server.Services.GetRequiredService<SaveVictimCommand>().ExecuteAsync(id, caseId, RandomId.New(), null, coding, new VictimNarrative { Pseudonym = Marker + "pseudonym-" + ids.Count }, responder, CancellationToken.None));
            ids.Add(id);
        }

        return ids;
    }

    /// <summary>
    /// An event of <paramref name="caseId"/> (the case as a source of the given reliability) and, when
    /// <paramref name="outsideReliability"/> is given, a second, outside source; returns the event id.
    /// </summary>
    public static async Task<string> EventAsync(HavenServer server, UnlockedResponder responder, string caseId, IReadOnlyList<string> victims, PartialDate? start, PartialDate? end, string? region, ViolationStatus status, int reliability, int? outsideReliability, params PlannedAct[] acts)
    {
        var coding = new EventCoding
        {
            Start = start,
            End = end,
            Region = region,
            Status = status,
            Acts = [.. acts.Select(a => new ActCoding { Id = RandomId.New(), Type = a.Type, Victim = victims[a.Victim], VictimStatus = a.VictimStatus, Involvements = [.. a.Perpetrators.Select(p => new InvolvementCoding { Perpetrator = p, Degree = "carried_out" })] })],
        };
        var narrative = new EventNarrative
        {
            Title = Marker + "title",
            Description = Marker + "description",
            Acts = [.. coding.Acts.Select(a => new ActNarrative { Id = a.Id, Method = Marker + "method", Consequences = Marker + "consequences" })],
        };
        var eventId = RandomId.New();
        Assert.Equal(RecordWriteOutcome.Saved, await server.Services.GetRequiredService<CreateEventCommand>().ExecuteAsync(caseId, eventId, RandomId.New(), coding, narrative, "victim", reliability, responder, CancellationToken.None));
        if (outsideReliability is { } outside)
        {
            var edit = new EventEdit.AddInformation(new InformationCoding { Id = RandomId.New(), Source = InformationSource.Outside, Connection = "media", Reliability = outside }, new InformationNarrative { Details = Marker + "details" });
            Assert.Equal(RecordWriteOutcome.Saved, await server.Services.GetRequiredService<SaveEventCommand>().ExecuteAsync(eventId, RandomId.New(), 1, edit, responder, CancellationToken.None));
        }

        return eventId;
    }
}
