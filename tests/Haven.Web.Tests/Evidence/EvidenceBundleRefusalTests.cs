using Haven.Accounts;
using Haven.Crypto;
using Haven.Evidence.Bundles;
using Haven.Evidence.Custody;
using Haven.Storage;
using Haven.Web.Tests.Infrastructure;
using Haven.Web.Tests.Interop;
using Haven.Web.Tests.Record;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Haven.Web.Tests.Evidence;

/// <summary>
/// <see cref="BuildBundleCommand.PrepareAsync"/> refuses, before any byte and without an audit entry: a responder who
/// does not hold the case, a file of another case, an unknown file, no file, too many files, a key that is not a key,
/// a key that cannot encrypt (sign-only, revoked), a short passphrase, no recipient or two. An accepted export writes
/// one <c>evidence.exported</c> entry per file, by the responder, before it streams.
/// </summary>
public sealed class EvidenceBundleRefusalTests(BundleGpg gpg) : IClassFixture<BundleGpg>
{
    private static readonly BundleRecipient Good = BundleRecipient.WithPassphrase("long enough passphrase");

    [Fact]
    public async Task Each_refusal_comes_before_any_audit_entry_and_an_accepted_export_audits_each_file_before_it_streams()
    {
        await using var server = await HavenServer.StartAsync("--Haven:Evidence:MaxExportFiles=2");
        using var scenario = await BundleScenario.WriteAsync(
            server,
            [new("a.jpg", "image/jpeg", SentFile.RandomBytes(1000)), new("b.jpg", "image/jpeg", SentFile.RandomBytes(2000))],
            [new("c.txt", "text/plain", "c"u8.ToArray())]);
        var ids = scenario.FileIds.ToList();
        var two = ids.Take(2).ToList();

        // A second case, of another person: its file cannot ride along with the first case's id.
        using var other = server.CreateClient();
        await other.AskForHelpAsync();
        var sent = await other.SubmitRequestWithFilesAsync("another person", [new SentFile("d.jpg", "image/jpeg", SentFile.RandomBytes(500)).ToPart()]);
        Assert.Equal(System.Net.HttpStatusCode.OK, sent.Status);
        var otherCase = await OtherCaseAsync(server, scenario.Case.CaseId);
        var otherFile = Assert.Single(await FileScenario.FileIdsAsync(server, otherCase, "request"));

        async Task Refused(BundleRefusal expected, BundleRequest request, UnlockedResponder? responder = null)
        {
            var prepared = await scenario.Command.PrepareAsync(request, responder ?? scenario.Keys, CancellationToken.None);
            Assert.Equal(expected, prepared.Refusal);
            Assert.Null(prepared.Plan);
            Assert.Equal(0, await ExportedAsync(server));
        }

        await Refused(BundleRefusal.NotFound, new([new(scenario.Case.CaseId, otherFile)], [], Good));
        await Refused(BundleRefusal.NotFound, new([new(scenario.Case.CaseId, ids[0]), new(otherCase, ids[1])], [], Good));
        await Refused(BundleRefusal.NotFound, new([new(scenario.Case.CaseId, RandomId.New())], [], Good));
        await Refused(BundleRefusal.NotFound, new([new(scenario.Case.CaseId, "../../instance.key")], [], Good));
        await Refused(BundleRefusal.NoFiles, scenario.Request(Good, []));
        await Refused(BundleRefusal.TooManyFiles, scenario.Request(Good, ids));
        await Refused(BundleRefusal.RecipientKeyUnreadable, scenario.Request(BundleRecipient.Key("-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nnot a key\n-----END PGP PUBLIC KEY BLOCK-----\n"), two));
        await Refused(BundleRefusal.RecipientKeyUnreadable, scenario.Request(BundleRecipient.Key(new string('A', 1024 * 1024 + 1)), two));
        await Refused(BundleRefusal.RecipientKeyCannotEncrypt, scenario.Request(BundleRecipient.Key(gpg.PublicKey(gpg.SignOnly)), two));
        await Refused(BundleRefusal.PassphraseTooShort, scenario.Request(BundleRecipient.WithPassphrase("eleven char"), two));
        await Refused(BundleRefusal.NoRecipient, scenario.Request(new BundleRecipient(null, null), two));
        await Refused(BundleRefusal.NoRecipient, scenario.Request(new BundleRecipient(gpg.PublicKey(gpg.Rsa), "long enough passphrase"), two));

        // A responder who does not hold the case (the administrator did not grant it).
        var worker = await Accounts.Accounts.AddResponderAsync(server, "Worker", ResponderRole.Caseworker);
        using (var client = server.CreateClient())
        {
            Assert.Equal("/desk", (await worker.LoginAsync(server, client)).Location.AbsolutePath);
            await Refused(BundleRefusal.NotFound, scenario.Request(Good, two), DocumentationAccess.Session(server, "Worker"));
        }

        // Accepted: one entry per file, by the administrator, committed before a byte is written.
        var prepared = await scenario.PrepareAsync(scenario.Request(Good, two));
        Assert.Null(prepared.Refusal);
        await using var db = await server.Services.GetRequiredService<IDbContextFactory<HavenDbContext>>().CreateDbContextAsync();
        var entries = await db.AuditEntries.AsNoTracking().Where(e => e.Action == CustodyActions.Exported).OrderBy(e => e.Seq).ToListAsync();
        Assert.Equal(two, entries.Select(e => e.SubjectId));
        Assert.All(entries, e => Assert.Equal(scenario.Case.CaseId, e.CaseId));
        Assert.All(entries, e => Assert.Equal(scenario.Keys.Id, e.ActorId));
    }

    [Fact]
    public async Task A_revoked_key_cannot_be_encrypted_to()
    {
        await using var server = await HavenServer.StartAsync();
        using var scenario = await BundleScenario.WriteAsync(server, [new("a.jpg", "image/jpeg", SentFile.RandomBytes(1000))], []);
        using var revocable = new BundleGpg();
        var revoked = revocable.Revoke(revocable.Rsa);
        var prepared = await scenario.PrepareAsync(scenario.Request(BundleRecipient.Key(revoked)));
        Assert.Equal(BundleRefusal.RecipientKeyCannotEncrypt, prepared.Refusal);
        Assert.Equal(0, await ExportedAsync(server));
    }

    private static async Task<int> ExportedAsync(HavenServer server) => await server.CountAsync(db => db.AuditEntries.Where(e => e.Action == CustodyActions.Exported));

    private static async Task<string> OtherCaseAsync(HavenServer server, string except)
    {
        await using var db = await server.Services.GetRequiredService<IDbContextFactory<HavenDbContext>>().CreateDbContextAsync();
        return await db.Cases.AsNoTracking().Where(c => c.Id != except).Select(c => c.Id).SingleAsync();
    }
}
