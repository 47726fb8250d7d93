using System.Net;
using Haven.Accounts;
using Haven.Crypto;
using Haven.Record.Events;
using Haven.Record.Index;
using Haven.Record.Keys;
using Haven.Web.Tests.Cli;
using Haven.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Haven.Web.Tests.Record.DocumentationAccess;

namespace Haven.Web.Tests.Record;

/// <summary>
/// Issue 15's test of field-level visibility: an analyst lists and counts the coded acts of cases they hold no
/// key for, and every narrative, message and file of those cases stays closed to them; after the documentation key
/// rotates away from them, new coding is closed too. Checked by trying every key their session holds on every
/// row, and over HTTP.
/// </summary>
public sealed class RecordEventsTests
{
    [Fact]
    public async Task An_analyst_counts_coded_acts_of_cases_they_hold_no_key_for_and_opens_nothing_else_and_after_a_rotation_no_new_coding()
    {
        await using var server = await HavenServer.StartAsync();
        await EventScenario.AddRegionsAsync(server);
        using var admin = server.CreateClient();
        var written = await CaseScenario.WriteAsync(server, admin, new CaseTexts("what happened to me", ["testimony"], "signal", "we read you", null));
        var adminKeys = Session(server, HavenServer.AdminName);
        var texts = new EventTexts("Detention", "Held three days", "Beaten", "Fled the region", "A news report", "Akhmed-pseudonym");
        var documented = await EventScenario.WriteAsync(server, adminKeys, written.CaseId, texts);

        var analyst = await Accounts.Accounts.AddResponderAsync(server, "Analyst", ResponderRole.Analyst);
        Assert.Equal(DocumentationAccessOutcome.Done, await Keys(server).GrantAsync(analyst.Id, adminKeys, CancellationToken.None));
        using var analystClient = server.CreateClient();
        await analyst.LoginAsync(server, analystClient);
        var analystKeys = Session(server, "Analyst");
        Assert.Equal([1], analystKeys.Documentation.Generations);

        // The analyst lists, filters and counts the coding.
        var list = server.Services.GetRequiredService<DocumentationListQuery>();
        var page = await list.ExecuteAsync(new DocumentationFilter { Region = "RU", Perpetrator = "police", Corroborated = true }, analystKeys.Documentation, CancellationToken.None);
        Assert.Equal((1, 1, 1), (page.ActCount, page.EventCount, page.VictimCount));
        Assert.Equal(("arbitrary_detention", "released", 2), (page.Acts[0].Act.Type, page.Acts[0].Act.VictimStatus, page.Acts[0].Corroboration));
        Assert.Equal(written.CaseId, page.Acts[0].Event.CaseId);

        // Nothing through the case key: they hold none.
        var events = server.Services.GetRequiredService<EventQuery>();
        Assert.Null(await events.GetAsync(documented.EventId, analystKeys, CancellationToken.None));
        Assert.Equal("Detention", (await events.GetAsync(documented.EventId, adminKeys, CancellationToken.None))?.Narrative.Title);

        // Every key of the analyst's session against every row: only codings open, and only with the documentation key.
        var sessionKeys = new List<X25519KeyPair> { analystKeys.BoxKeys };
        sessionKeys.AddRange(analystKeys.Documentation.Generations.Select(g => analystKeys.Documentation.TryGet(g, out var k) ? k : throw new InvalidOperationException()));
        await using (var db = Db(server))
        {
            Assert.Empty(await db.CaseKeySeals.Where(s => s.ResponderId == analyst.Id).ToListAsync());
            var versions = await db.RecordVersions.AsNoTracking().ToListAsync();
            Assert.Equal(4, versions.Count); // a victim and three versions of the event
            foreach (var version in versions)
            {
                Assert.Contains(sessionKeys, k => DocumentationEnvelope.TryOpenCoding(version.Coding, version.CodingKeyForDocumentation, k, version.Kind, version.Id, out _));
                foreach (var key in sessionKeys)
                {
                    Assert.False(DocumentationEnvelope.TryOpenNarrative(version.Narrative, version.NarrativeKeyForCase, key, version.Kind, version.Id, out _));
                    Assert.False(DocumentationEnvelope.TryOpenCoding(version.Coding, version.CodingKeyForCase, key, version.Kind, version.Id, out _));
                }
            }

            var records = await db.Records.AsNoTracking().Where(r => r.CaseId == written.CaseId).ToListAsync();
            Assert.NotEmpty(records);
            foreach (var record in records)
            {
                foreach (var key in sessionKeys)
                {
                    Assert.False(RecordEnvelope.TryOpen(record.Ciphertext, record.KeyForCase, key, record.Kind, record.Id, out _));
                    Assert.False(record.KeyForSource is not null && RecordEnvelope.TryOpen(record.Ciphertext, record.KeyForSource, key, record.Kind, record.Id, out _));
                }
            }
        }

        // Over HTTP: the case and its conversation are not there for them.
        Assert.Equal(HttpStatusCode.NotFound, (await analystClient.GetAsync($"/desk/case/{written.CaseId}")).Status);
        Assert.DoesNotContain(written.CaseId, await analystClient.InboxCaseIdsAsync());

        // The key rotates away from the analyst; what is written afterwards is closed to every key they kept.
        Assert.Equal(DocumentationAccessOutcome.Done, await Keys(server).RevokeAsync(analyst.Id, adminKeys, CancellationToken.None));
        var current = (await Keys(server).CurrentAsync(CancellationToken.None))!.Value.Generation;
        Assert.Equal(2, current);
        var save = server.Services.GetRequiredService<SaveEventCommand>();
        Assert.Equal(RecordWriteOutcome.Saved, await save.ExecuteAsync(documented.EventId, RandomId.New(), 3, new EventEdit.AddInvolvement(documented.ActId, new InvolvementCoding { Perpetrator = "military", Degree = "ordered" }), adminKeys, CancellationToken.None));
        await using (var db = Db(server))
        {
            var newest = await db.RecordVersions.AsNoTracking().SingleAsync(v => v.SubjectId == documented.EventId && v.Number == 4);
            Assert.Equal(current, newest.DocumentationGeneration);
            Assert.All(sessionKeys, key => Assert.False(DocumentationEnvelope.TryOpenCoding(newest.Coding, newest.CodingKeyForDocumentation, key, newest.Kind, newest.Id, out _)));
        }

        var after = await list.ExecuteAsync(new DocumentationFilter { Perpetrator = "military" }, analystKeys.Documentation, CancellationToken.None);
        Assert.Equal(0, after.ActCount);
        Assert.False(analystKeys.Documentation.TryGet(current, out _));

        // The administrator, who holds the new generation, sees the new coding.
        await Keys(server).RefreshAsync(adminKeys, CancellationToken.None);
        Assert.Equal(1, (await list.ExecuteAsync(new DocumentationFilter { Perpetrator = "military" }, adminKeys.Documentation, CancellationToken.None)).ActCount);
    }
}
