using System.Net;
using Haven.Accounts;
using Haven.Crypto;
using Haven.Record.Events;
using Haven.Record.Vocabulary;
using Haven.Web.Tests.Infrastructure;
using Haven.Web.Tests.Workflow;
using Microsoft.EntityFrameworkCore;
using static Haven.Web.Tests.Record.DocumentationAccess;

namespace Haven.Web.Tests.Record;

/// <summary>
/// The administrator's "rotate the documentation key now" button on the Responders page (issue 15): a new
/// generation sealed to the recovery key and to every holder, audited; coding written afterwards is closed to
/// every key a revoked analyst kept and to copies of the old generations, and open to the remaining holders.
/// </summary>
public sealed class RotateDocumentationKeyTests
{
    [Fact]
    public async Task Rotating_by_hand_closes_new_coding_to_old_keys_and_keeps_it_open_to_the_holders()
    {
        await using var server = await HavenServer.StartAsync();
        await ListScenario.AddRegionsAsync(server);
        var revoked = await Accounts.Accounts.AddResponderAsync(server, "Revoked", ResponderRole.Analyst);
        var holder = await Accounts.Accounts.AddResponderAsync(server, "Holder", ResponderRole.Analyst);
        var worker = await Accounts.Accounts.AddResponderAsync(server, "Worker", ResponderRole.Caseworker);
        var (caseId, _) = await WorkflowDesk.OpenCaseAsync(server);
        using var admin = await Accounts.Accounts.AdminAsync(server);
        foreach (var grantee in new[] { revoked, holder })
        {
            await admin.PostFormAsync("/desk/responders", "/desk/responders?handler=documentationgrant", [new("id", grantee.Id)]);
        }

        using var revokedClient = server.CreateClient();
        await revoked.LoginAsync(server, revokedClient);
        using var holderClient = server.CreateClient();
        await holder.LoginAsync(server, holderClient);
        var revokedKeys = Copy(Session(server, "Revoked").Documentation);
        await admin.PostFormAsync("/desk/responders", "/desk/responders?handler=documentationrevoke", [new("id", revoked.Id)]);
        Assert.Equal(2, (await Keys(server).CurrentAsync(CancellationToken.None))!.Value.Generation);
        Assert.Equal(HttpStatusCode.OK, (await holderClient.GetAsync("/desk/record")).Status);
        var leaked = Copy(Session(server, "Holder").Documentation);
        Assert.Equal([1, 2], leaked.Select(k => k.Generation));

        // The button: only for an administrator who holds the key.
        var page = await admin.GetAsync("/desk/responders");
        Assert.Contains("id=\"documentation-rotate\"", page.Html, StringComparison.Ordinal);
        var rotated = await admin.PostFormAsync("/desk/responders", "/desk/responders?handler=documentationrotate", []);
        Assert.Equal(HttpStatusCode.OK, rotated.Status);
        Assert.Contains("The documentation key was rotated", rotated.Html, StringComparison.Ordinal);
        Assert.Contains("Current key generation: 3.", rotated.Html, StringComparison.Ordinal);
        var current = (await Keys(server).CurrentAsync(CancellationToken.None))!.Value;
        Assert.Equal(3, current.Generation);
        Assert.Equal(current.PublicKey, await OpenRecoverySealAsync(server, 3));
        var adminKeys = Session(server, HavenServer.AdminName);
        Assert.Equal([1, 2, 3], adminKeys.Documentation.Generations);
        Assert.Equal([1, 2, 3], await SealedGenerationsAsync(server, holder.Id));
        Assert.Empty(await SealedGenerationsAsync(server, revoked.Id));
        var audit = Assert.Single(await Accounts.Accounts.AuditAsync(server), e => e.Action == "documentation.key_rotated" && e.SubjectId == "3");
        Assert.Equal((adminKeys.Id, null), (audit.ActorId, audit.CaseId));

        // Coding written now is under generation 3: closed to every old key, open to the holder's session on its next list.
        var victims = await ListScenario.VictimsAsync(server, adminKeys, caseId, [null]);
        await ListScenario.EventAsync(server, adminKeys, caseId, victims, PartialDate.Create(DatePrecision.Year, 2021), null, "RU-CE", ViolationStatus.Confirmed, 4, null, new PlannedAct("killing", 0, "dead", "police"));
        await using (var db = Db(server))
        {
            var written = await db.RecordVersions.AsNoTracking().ToListAsync();
            Assert.Equal(2, written.Count);
            foreach (var version in written)
            {
                Assert.Equal(3, version.DocumentationGeneration);
                Assert.All(revokedKeys.Concat(leaked), k => Assert.False(DocumentationEnvelope.TryOpenCoding(version.Coding, version.CodingKeyForDocumentation, k.Key, version.Kind, version.Id, out _)));
            }
        }

        var list = await holderClient.GetAsync("/desk/record");
        Assert.Equal(HttpStatusCode.OK, list.Status);
        Assert.Contains("<dd id=\"count-acts\">1</dd>", list.Html, StringComparison.Ordinal);
        Assert.Contains("Killing", list.Html, StringComparison.Ordinal);
        Assert.Equal([1, 2, 3], Session(server, "Holder").Documentation.Generations);
        Assert.Equal(HttpStatusCode.NotFound, (await revokedClient.GetAsync("/desk/record")).Status);

        // Nobody else rotates.
        foreach (var responder in new[] { holder, worker })
        {
            using var client = server.CreateClient();
            await responder.LoginAsync(server, client);
            var token = HavenClient.Hidden((await client.GetAsync("/desk")).Html, "__af")!;
            Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/desk/responders?handler=documentationrotate", [new("__af", token)])).Status);
        }

        Assert.Equal(3, (await Keys(server).CurrentAsync(CancellationToken.None))!.Value.Generation);
        foreach (var (_, key) in revokedKeys.Concat(leaked))
        {
            key.Dispose();
        }
    }

    /// <summary>A copy of every key of a keyring, as someone who kept them would hold them.</summary>
    private static List<(int Generation, X25519KeyPair Key)> Copy(Haven.Record.Keys.DocumentationKeyring keyring) =>
        [.. keyring.Generations.Select(g => keyring.TryGet(g, out var key) ? (g, X25519KeyPair.FromSecretKey(key.ExportSecretKey())) : throw new InvalidOperationException())];
}
