using System.Security.Cryptography;
using System.Text;
using Haven.Evidence.Bundles;
using Haven.Tests;
using Haven.Web.Tests.Canary;
using Haven.Web.Tests.Infrastructure;
using Haven.Web.Tests.Interop;

namespace Haven.Web.Tests.Evidence;

/// <summary>
/// Building a bundle writes nothing in plaintext anywhere: markers in the files' bytes, their names and the case's
/// texts reach neither the data directory (nor the PostgreSQL cluster's folders), nor the temporary folder, nor the
/// logs, while and after the server builds a bundle; the only copy is the encrypted output. The bundle does hold
/// them (checked by decrypting it), so the scan looks for something that is there.
/// </summary>
public sealed class EvidenceBundleCanaryTests(BundleGpg gpg) : IClassFixture<BundleGpg>
{
    [Fact]
    public async Task Building_a_bundle_leaves_no_plaintext_on_disk_in_temporary_files_or_in_the_logs()
    {
        var content = "CANARY-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var cyrillic = "КАНАРЕЙКА-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var name = "CANARYNAME-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        string[] secrets = [content, cyrillic, name];
        var marker = Encoding.UTF8.GetBytes(content + cyrillic);
        using var watch = TempFiles.Watch(secrets);
        await using var server = await HavenServer.StartAsync();
        using var scenario = await BundleScenario.WriteAsync(
            server,
            [new(name + ".jpg", "image/jpeg", SentFile.RandomBytes(400_000, marker)), new("notes.bin", "application/octet-stream", SentFile.RandomBytes(70_000, marker))],
            [new("reply.bin", "application/octet-stream", SentFile.RandomBytes(1000, marker))]);

        // The bundle goes to memory here (as to a response), never to a file of the server's.
        var prepared = await scenario.PrepareAsync(scenario.Request(BundleRecipient.Key(gpg.PublicKey(gpg.Curve25519))));
        using var output = new MemoryStream();
        await scenario.Command.WriteAsync(prepared.Plan!, output, null, CancellationToken.None);
        var bundle = output.ToArray();
        Assert.DoesNotContain(content, Encoding.UTF8.GetString(bundle), StringComparison.Ordinal);

        var hits = PlaintextScan.Find(server.DataPath, secrets);
        foreach (var folder in TestDatabases.ServerFolders(server.DataPath))
        {
            hits.AddRange(PlaintextScan.Find(folder, secrets));
        }

        await watch.CaughtUpAsync();
        hits.AddRange(watch.Hits);
        Assert.True(hits.Count == 0, "Plaintext while building a bundle:\n" + string.Join('\n', hits));
        var leaks = server.Logs.Lines.Where(l => secrets.Any(s => l.Contains(s, StringComparison.Ordinal))).ToList();
        Assert.True(leaks.Count == 0, "Log lines that leak:\n" + string.Join('\n', leaks));

        // The markers are in the bundle: decrypted by the recipient (in the test's own folder), they are there.
        var path = scenario.Folder["bundle.gpg"];
        await File.WriteAllBytesAsync(path, bundle);
        var tar = scenario.Folder["bundle.tar"];
        Assert.True(gpg.Decrypt(path, tar).Clean);
        var plain = await File.ReadAllBytesAsync(tar);
        Assert.True(plain.AsSpan().IndexOf(marker) >= 0);
        Assert.True(plain.AsSpan().IndexOf(Encoding.UTF8.GetBytes(name)) >= 0);
    }
}
