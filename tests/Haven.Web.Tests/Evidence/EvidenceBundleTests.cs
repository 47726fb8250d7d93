using System.Text;
using System.Text.Json;
using Haven.Crypto;
using Haven.Evidence.Bundles;
using Haven.Evidence.Custody;
using Haven.Record.Events;
using Haven.Record.Vocabulary;
using Haven.Web.Tests.Infrastructure;
using Haven.Web.Tests.Record;
using Microsoft.EntityFrameworkCore;

namespace Haven.Web.Tests.Evidence;

/// <summary>
/// Signed evidence bundles built by the real server's <see cref="BuildBundleCommand"/> from a real case, opened as a
/// recipient would: <c>gpg --decrypt</c> with a key made by gpg or with a passphrase (no integrity warning), then
/// <c>tar -x</c> and <c>sha256sum -c</c>.
/// </summary>
public sealed class EvidenceBundleTests(BundleGpg gpg) : IClassFixture<BundleGpg>
{
    private const string Passphrase = "the lawyer's long passphrase";

    [Fact]
    public async Task A_bundle_to_a_passphrase_decrypts_with_gpg_without_warning_and_every_file_checks_with_sha256sum()
    {
        await using var server = await HavenServer.StartAsync();
        using var scenario = await BundleScenario.WriteDefaultAsync(server);
        var (path, plan) = await scenario.BuildAsync(BundleRecipient.WithPassphrase(Passphrase));
        Assert.Equal($"haven-evidence-{plan.BundleId}.gpg", plan.FileName);
        Assert.Equal(scenario.Sent.Sum(f => (long)f.Bytes.Length), plan.PlaintextBytes);

        var passphraseFile = scenario.Folder.WriteSecretFile("passphrase.txt", Passphrase);
        var tar = scenario.Folder["bundle.tar"];
        var decrypted = gpg.Decrypt(path, tar, passphraseFile);
        Assert.True(decrypted.Clean, decrypted.Stderr);
        Assert.Contains("AES256", decrypted.Stderr, StringComparison.Ordinal);

        AssertUnpacksAndChecks(scenario, tar);
    }

    [Fact]
    public async Task A_bundle_to_an_rsa_key_and_one_to_a_curve25519_key_made_by_gpg_decrypt_with_gpg_without_warning()
    {
        await using var server = await HavenServer.StartAsync();
        using var scenario = await BundleScenario.WriteDefaultAsync(server);
        foreach (var fingerprint in new[] { gpg.Rsa, gpg.Curve25519 })
        {
            var (path, _) = await scenario.BuildAsync(BundleRecipient.Key(gpg.PublicKey(fingerprint)));
            var tar = scenario.Folder[fingerprint + ".tar"];
            var decrypted = gpg.Decrypt(path, tar);
            Assert.True(decrypted.Clean, decrypted.Stderr);
            AssertUnpacksAndChecks(scenario, tar);
        }
    }

    [Fact]
    public async Task A_blob_changed_on_disk_aborts_the_stream_and_gpg_reports_the_message_broken()
    {
        await using var server = await HavenServer.StartAsync();
        using var scenario = await BundleScenario.WriteDefaultAsync(server);
        var prepared = await scenario.PrepareAsync(scenario.Request(BundleRecipient.WithPassphrase(Passphrase)));
        var plan = prepared.Plan!;

        // A byte of the second file's blob changed on disk after the export was checked.
        var blob = Path.Combine(server.DataPath, "blobs", scenario.Case.RequestFileIds[1]);
        var bytes = await File.ReadAllBytesAsync(blob);
        bytes[bytes.Length / 2] ^= 0x01;
        await File.WriteAllBytesAsync(blob, bytes);

        var path = scenario.Folder["broken.gpg"];
        await using (var output = File.Create(path))
        {
            await Assert.ThrowsAsync<System.Security.Cryptography.CryptographicException>(() => scenario.Command.WriteAsync(plan, output, null, CancellationToken.None));
        }

        var decrypted = gpg.Decrypt(path, scenario.Folder["broken.tar"], scenario.Folder.WriteSecretFile("passphrase.txt", Passphrase));
        Assert.NotEqual(0, decrypted.ExitCode);
        Assert.False(decrypted.Clean);
    }

    [Fact]
    public async Task The_manifest_lists_coded_events_and_working_copies_and_holds_no_narrative()
    {
        await using var server = await HavenServer.StartAsync();
        var photo = Files.CleanCopyTests.JpegWithGps(64, 48);
        using var scenario = await BundleScenario.WriteAsync(server, [new("checkpoint.jpg", "image/jpeg", photo)], [new("reply.txt", "text/plain", "ok"u8.ToArray())]);
        var photoId = scenario.Case.RequestFileIds[0];

        // A cleaned working copy of the photo, made on the desk.
        var info = await scenario.Admin.GetAsync($"/desk/case/{scenario.Case.CaseId}/files/{photoId}");
        var made = await scenario.Admin.PostAsync($"/desk/case/{scenario.Case.CaseId}/files/{photoId}", [new("__af", HavenClient.Hidden(info.Html, "__af")!), new("RecordId", HavenClient.Hidden(info.Html, "RecordId")!)]);
        Assert.Equal(System.Net.HttpStatusCode.OK, made.Status);
        string copyId;
        await using (var db = DocumentationAccess.Db(server))
        {
            copyId = await db.Files.AsNoTracking().Where(f => f.OriginalId == photoId).Select(f => f.Id).SingleAsync();
        }

        var ids = new List<string> { photoId, copyId, scenario.Case.ReplyFileIds[0] };
        var coding = new EventCoding
        {
            Region = "RU-CE",
            Start = PartialDate.Parse("2026-11"),
            Status = ViolationStatus.Likely,
            Acts = [new ActCoding { Id = "act1", Type = "arbitrary-detention", Victim = "victim1" }],
        };
        var eventId = RandomId.New();
        var (path, _) = await scenario.BuildAsync(BundleRecipient.WithPassphrase(Passphrase), ids, [new BundleEvent(eventId, 3, coding, [ids[0], RandomId.New()])]);
        var tar = scenario.Folder["bundle.tar"];
        Assert.True(gpg.Decrypt(path, tar, scenario.Folder.WriteSecretFile("passphrase.txt", Passphrase)).Clean);

        var (folder, _) = scenario.Unpack(tar);
        var manifest = BundleScenario.Manifest(folder);
        var listed = Assert.Single(manifest.GetProperty("events").EnumerateArray());
        Assert.Equal(eventId, listed.GetProperty("id").GetString());
        Assert.Equal(3, listed.GetProperty("version").GetInt32());
        Assert.Equal("RU-CE", listed.GetProperty("coding").GetProperty("region").GetString());
        Assert.Equal("likely", listed.GetProperty("coding").GetProperty("status").GetString());
        Assert.Equal([ids[0]], listed.GetProperty("files").EnumerateArray().Select(f => f.GetString()));

        // The evidentiary copy in files/, the working copy in working/ with the file it came from.
        var files = manifest.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal("files/01-checkpoint.jpg", files[0].GetProperty("path").GetString());
        Assert.StartsWith("working/02-", files[1].GetProperty("path").GetString(), StringComparison.Ordinal);
        Assert.Equal("files/03-reply.txt", files[2].GetProperty("path").GetString());
        Assert.Equal(JsonValueKind.Null, files[0].GetProperty("copy").ValueKind);
        Assert.Equal("cleaned", files[1].GetProperty("copy").GetString());
        Assert.Equal(photoId, files[1].GetProperty("from").GetString());
        Assert.Equal(photo, File.ReadAllBytes(Path.Combine(folder, "files/01-checkpoint.jpg")));
        Assert.Contains(files[0].GetProperty("custody").EnumerateArray(), c => c.GetProperty("action").GetString() == CustodyActions.Exported);

        // The exporter and the instance keys are the ones that sign.
        Assert.Equal(HavenServer.AdminName, manifest.GetProperty("exporter").GetProperty("name").GetString());
        Assert.Equal(Convert.ToHexStringLower(scenario.Keys.SigningKeys.PublicKey), manifest.GetProperty("exporter").GetProperty("signing_key").GetString());

        // No narrative: neither the person's request nor the reply is anywhere in the bundle.
        var all = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(tar));
        Assert.DoesNotContain("the bus stop, the third night", all, StringComparison.Ordinal);
        Assert.DoesNotContain("we have your files", all, StringComparison.Ordinal);
    }

    /// <summary>manifest.json first, the signatures, the keys and the read-me, then the files; every SHA-256 as sha256sum computes it.</summary>
    private static void AssertUnpacksAndChecks(BundleScenario scenario, string tar)
    {
        var (folder, entries) = scenario.Unpack(tar);
        Assert.Equal(["manifest.json", "manifest.json.responder.sig", "manifest.json.instance.sig", "public-keys.json", "README.txt"], entries[..5]);
        var manifest = BundleScenario.Manifest(folder);
        Assert.Equal("haven-evidence-bundle/1", manifest.GetProperty("format").GetString());
        var files = manifest.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(scenario.Sent.Count, files.Count);
        Assert.Equal(files.Select(f => f.GetProperty("path").GetString()), entries[5..]);

        var sums = new StringBuilder();
        for (var i = 0; i < files.Count; i++)
        {
            var file = files[i];
            var sent = scenario.Sent[i];
            Assert.Equal(sent.Name, file.GetProperty("name").GetString());
            Assert.Equal(sent.Bytes.Length, file.GetProperty("size").GetInt64());
            Assert.Equal(sent.Sha256, file.GetProperty("sha256").GetString());
            Assert.Equal(JsonValueKind.Null, file.GetProperty("copy").ValueKind);
            Assert.StartsWith("files/" + (i + 1).ToString("00", System.Globalization.CultureInfo.InvariantCulture) + "-", file.GetProperty("path").GetString(), StringComparison.Ordinal);
            Assert.Equal(sent.Bytes, File.ReadAllBytes(Path.Combine(folder, file.GetProperty("path").GetString()!)));
            var exported = file.GetProperty("custody").EnumerateArray().Where(c => c.GetProperty("action").GetString() == CustodyActions.Exported).ToList();
            Assert.NotEmpty(exported);
            Assert.All(exported, c => Assert.Equal(file.GetProperty("id").GetString(), c.GetProperty("subject").GetString()));
            Assert.All(exported, c => Assert.Equal(HavenServer.AdminName, c.GetProperty("actor_name").GetString()));
            sums.Append(file.GetProperty("sha256").GetString()).Append("  ").Append(file.GetProperty("path").GetString()).Append('\n');
        }

        File.WriteAllText(Path.Combine(folder, "SHA256SUMS"), sums.ToString());
        var (exit, stdout, stderr) = BundleScenario.Tool(folder, "sha256sum", "-c", "SHA256SUMS");
        Assert.True(exit == 0, stdout + stderr);
    }
}
