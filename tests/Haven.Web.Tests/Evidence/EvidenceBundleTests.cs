using System.Text;
using System.Text.Json;
using Haven.Evidence.Bundles;
using Haven.Evidence.Custody;
using Haven.Web.Tests.Infrastructure;

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
