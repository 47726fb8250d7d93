using System.Net;
using Haven.Accounts;
using Haven.Cases;
using Haven.Crypto;
using Haven.Instance;
using Haven.Record.Events;
using Haven.Record.Index;
using Haven.Record.Keys;
using Haven.Web.Desk;
using Haven.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Haven.Web.Tests.Record.DocumentationAccess;

namespace Haven.Web.Tests.Record;

/// <summary>
/// A desk session that ends while the documentation list builds the coding index with its keys gets the login
/// page, never a 500. Over HTTP the moment cannot be pinned (the session is looked up before the page runs), so
/// the session is ended as soon as the request has begun, several times, each into a build of thousands of codings; the deterministic race, with the
/// index's read held until the keyring is wiped, is Haven.Core.Tests' CodingIndexSessionEndTests.
/// </summary>
public sealed class ListSessionEndTests
{
    [Fact]
    public async Task A_session_that_ends_while_the_list_reads_with_its_keys_gets_the_login_page_never_an_error()
    {
        await using var server = await HavenServer.StartAsync();
        var analyst = await Accounts.Accounts.AddResponderAsync(server, "Analyst", ResponderRole.Analyst);
        using (await Accounts.Accounts.AdminAsync(server))
        {
            Assert.Equal(DocumentationAccessOutcome.Done, await Keys(server).GrantAsync(analyst.Id, Session(server, HavenServer.AdminName), CancellationToken.None));
        }

        await SeedAsync(server, 3000);
        var index = server.Services.GetRequiredService<CodingIndex>();
        var sessions = server.Services.GetRequiredService<DeskSessions>();
        var answers = new List<string>();
        for (var round = 0; round < 7; round++)
        {
            await index.ForgetAsync();
            using var client = server.CreateClient();
            await analyst.LoginAsync(server, client);
            var begun = server.Requests.Begun;
            var request = client.GetAsync("/desk/record");
            await server.Requests.BegunAsync(begun, "the list request to begin");
            sessions.EndAll(analyst.Id);
            var page = await request;
            Assert.True(page.Status == HttpStatusCode.OK, $"round {round}: {page.Status}");
            Assert.Contains(page.Location.AbsolutePath, new[] { "/desk/record", "/desk/login" });
            answers.Add(page.Location.AbsolutePath);
        }

        // Not asserted (timing): which rounds ended before, during or after the build.
        Assert.Equal(7, answers.Count);
    }

    /// <summary>Events of one act each, sealed to the current documentation key as the writer seals them (straight into the table: only the index reads them).</summary>
    private static async Task SeedAsync(HavenServer server, int count)
    {
        var documentation = (await Keys(server).CurrentAsync(CancellationToken.None))!.Value.PublicKey;
        await using var db = Db(server);
        var today = DateOnly.FromDateTime(server.Clock.GetUtcNow().UtcDateTime);
        var (@case, seals) = CaseRecords.NewCase(Urgency.Now, today, new InstanceState(server.Data).Required.RecoveryPublicKey, []);
        db.Cases.Add(@case);
        db.CaseKeySeals.AddRange(seals);
        for (var i = 1; i <= count; i++)
        {
            var id = RandomId.New();
            var coding = RecordJson.ToUtf8(new EventCoding { Acts = [new ActCoding { Id = RandomId.New(), Type = "threats", Victim = RandomId.New() }] });
            var sealedCoding = DocumentationEnvelope.SealCoding(coding, RecordVersionKinds.Event, id, documentation, @case.PublicKey);
            var sealedNarrative = DocumentationEnvelope.SealNarrative("{}"u8.ToArray(), RecordVersionKinds.Event, id, @case.PublicKey);
            db.RecordVersions.Add(new RecordVersion
            {
                Id = id,
                Seq = i,
                Number = 1,
                Kind = RecordVersionKinds.Event,
                SubjectId = RandomId.New(),
                CaseId = @case.Id,
                CreatedOn = today,
                DocumentationGeneration = 1,
                CaseKeyGeneration = 1,
                Coding = sealedCoding.Ciphertext,
                CodingKeyForDocumentation = sealedCoding.KeyForDocumentation,
                CodingKeyForCase = sealedCoding.KeyForCase,
                Narrative = sealedNarrative.Ciphertext,
                NarrativeKeyForCase = sealedNarrative.KeyForCase,
            });
        }

        await db.SaveChangesAsync();
    }
}
