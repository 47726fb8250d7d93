using Haven.Evidence.Bundles;
using Haven.Web.Tests.Cli;
using Haven.Web.Tests.Infrastructure;
using Haven.Web.Tests.Interop;

namespace Haven.Web.Tests.Evidence;

/// <summary>
/// <c>haven evidence verify</c> and the ~20-line PyNaCl script of docs/evidence.md (tests/interop/verify_bundle.py)
/// on bundles built by the real server: both pass a good bundle (the OpenPGP file with its passphrase or secret key,
/// and the tar gpg gives), and both fail, naming the reason, a bundle with a changed byte in a file or in the
/// manifest, a removed file, an extra file, swapped signatures, or another instance's key.
/// </summary>
public sealed class EvidenceVerifyTests(BundleGpg gpg) : IClassFixture<BundleGpg>
{
    private const string Passphrase = "a passphrase for the court";

    private static string Script => Path.Combine(AppContext.BaseDirectory, "interop", "verify_bundle.py");

    [Fact]
    public async Task A_good_bundle_verifies_as_the_gpg_file_and_as_the_tar_with_the_cli_and_with_the_PyNaCl_script()
    {
        await PyNaClScript.EnsureAvailableAsync();
        await using var server = await HavenServer.StartAsync();
        using var scenario = await BundleScenario.WriteDefaultAsync(server);
        var instanceKey = (await CliRunner.RunAsync("evidence", "key", "--data", server.DataPath)).Stdout.Trim();
        Assert.Matches("^[0-9a-f]{64}$", instanceKey);

        // To a passphrase: the .gpg itself, then the tar gpg gives.
        var (path, plan) = await scenario.BuildAsync(BundleRecipient.WithPassphrase(Passphrase));
        var passphraseFile = scenario.Folder.WriteSecretFile("passphrase.txt", Passphrase);
        var verified = await CliRunner.RunAsync("evidence", "verify", path, "--passphrase-file", passphraseFile, "--instance-key", instanceKey);
        Assert.True(verified.ExitCode == 0, verified.ToString());
        Assert.Contains("ok    decryption", verified.Stdout, StringComparison.Ordinal);
        Assert.Contains("ok    integrity", verified.Stdout, StringComparison.Ordinal);
        Assert.Contains("ok    responder signature", verified.Stdout, StringComparison.Ordinal);
        Assert.Contains("ok    instance signature", verified.Stdout, StringComparison.Ordinal);
        Assert.Contains($"ok    instance key         manifest.json: the instance key is the one expected ({instanceKey})", verified.Stdout, StringComparison.Ordinal);
        Assert.Equal(3, verified.Stdout.Split('\n').Count(l => l.StartsWith("ok    file SHA-256", StringComparison.Ordinal)));
        Assert.Equal(3, verified.Stdout.Split('\n').Count(l => l.StartsWith("ok    file size", StringComparison.Ordinal)));
        Assert.DoesNotContain("FAIL", verified.Stdout, StringComparison.Ordinal);
        Assert.Contains($"({plan.BundleId}, exported", verified.Stdout, StringComparison.Ordinal);
        Assert.Contains("The bundle verifies.", verified.Stdout, StringComparison.Ordinal);

        var tar = scenario.Folder["bundle.tar"];
        Assert.True(gpg.Decrypt(path, tar, passphraseFile).Clean);
        var fromTar = await CliRunner.RunAsync("evidence", "verify", tar, "--instance-key", instanceKey);
        Assert.True(fromTar.ExitCode == 0, fromTar.ToString());
        Assert.DoesNotContain("decryption", fromTar.Stdout, StringComparison.Ordinal);

        // As a process of its own with its output redirected: progress as plain lines on standard error, the last one at the end.
        using var process = await HavenProcess.RunAsync(["evidence", "verify", tar, "--instance-key", instanceKey]);
        Assert.True(process.ExitCode == 0, process.ToString());
        Assert.Matches(@"^evidence verify: 1/1 bundle, \d+(\.\d)? (B|KiB|MiB) of \d+(\.\d)? (B|KiB|MiB), done in \d+ s$", process.StderrLines[^1]);

        var (folder, _) = scenario.Unpack(tar);
        var script = await PyNaClScript.RunAsync([Script, folder, instanceKey]);
        Assert.True(script.ExitCode == 0, script.ToString());
        Assert.Contains("ok  responder signature", script.Stdout, StringComparison.Ordinal);
        Assert.Contains("ok  instance signature", script.Stdout, StringComparison.Ordinal);
        Assert.Contains("The bundle verifies.", script.Stdout, StringComparison.Ordinal);

        // A tar packed again by GNU tar, in the same order, verifies too: the checks are of content, not of Haven's tar writer.
        var repacked = Repack(scenario, folder, "repacked.tar", Order(folder));
        Assert.Equal(0, (await CliRunner.RunAsync("evidence", "verify", repacked)).ExitCode);

        // To a key made by gpg: the .gpg with the recipient's secret key.
        foreach (var fingerprint in new[] { gpg.Rsa, gpg.Curve25519 })
        {
            var (keyed, _) = await scenario.BuildAsync(BundleRecipient.Key(gpg.PublicKey(fingerprint)));
            var secret = scenario.Folder.WriteSecretFile(fingerprint + ".asc", gpg.SecretKey(fingerprint));
            var withKey = await CliRunner.RunAsync("evidence", "verify", keyed, "--secret-key", secret);
            Assert.True(withKey.ExitCode == 0, withKey.ToString());
            Assert.Contains("ok    decryption           bundle: decrypted with secret key", withKey.Stdout, StringComparison.Ordinal);
            Assert.Contains("instance key was not compared", withKey.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_bundle_to_a_key_whose_secret_is_protected_verifies_with_its_passphrase_file_and_says_why_not_without_it()
    {
        await using var server = await HavenServer.StartAsync();
        using var scenario = await BundleScenario.WriteDefaultAsync(server);
        var (keyed, _) = await scenario.BuildAsync(BundleRecipient.Key(gpg.PublicKey(gpg.Protected)));
        var secret = scenario.Folder.WriteSecretFile("protected.asc", gpg.ProtectedSecretKey());
        Assert.Contains("-----BEGIN PGP PRIVATE KEY BLOCK-----", File.ReadAllText(secret), StringComparison.Ordinal);

        var opened = await CliRunner.RunAsync("evidence", "verify", keyed, "--secret-key", secret, "--secret-key-passphrase-file", scenario.Folder.WriteSecretFile("key-passphrase.txt", BundleGpg.ProtectedPassphrase + "\n"));
        Assert.True(opened.ExitCode == 0, opened.ToString());
        Assert.Contains("ok    decryption           bundle: decrypted with secret key", opened.Stdout, StringComparison.Ordinal);

        foreach (var attempt in new[]
        {
            await CliRunner.RunAsync("evidence", "verify", keyed, "--secret-key", secret),
            await CliRunner.RunAsync("evidence", "verify", keyed, "--secret-key", secret, "--secret-key-passphrase-file", scenario.Folder.WriteSecretFile("wrong-key-passphrase.txt", "not the key's passphrase")),
        })
        {
            Assert.NotEqual(0, attempt.ExitCode);
            Assert.Contains("does not open it", attempt.Stdout + attempt.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain(BundleGpg.ProtectedPassphrase, attempt.Stdout + attempt.Stderr, StringComparison.Ordinal);
        }

        // The option alone is a usage error.
        var alone = await CliRunner.RunAsync("evidence", "verify", keyed, "--secret-key-passphrase-file", secret);
        Assert.NotEqual(0, alone.ExitCode);
        Assert.Contains("--secret-key-passphrase-file goes with --secret-key", alone.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_kind_of_tampering_fails_the_cli_and_the_PyNaCl_script_with_its_reason()
    {
        await PyNaClScript.EnsureAvailableAsync();
        await using var server = await HavenServer.StartAsync();
        using var scenario = await BundleScenario.WriteDefaultAsync(server);
        var (path, _) = await scenario.BuildAsync(BundleRecipient.WithPassphrase(Passphrase));
        var passphraseFile = scenario.Folder.WriteSecretFile("passphrase.txt", Passphrase);
        var tar = scenario.Folder["bundle.tar"];
        Assert.True(gpg.Decrypt(path, tar, passphraseFile).Clean);
        var (good, _) = scenario.Unpack(tar);
        var manifest = BundleScenario.Manifest(good);
        var paths = manifest.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString()!).ToList();
        var instanceKey = manifest.GetProperty("instance").GetProperty("signing_key").GetString()!;

        // A changed byte in a file.
        await AssertFailsAsync(scenario, good, "changed-file", f => Flip(Path.Combine(f, paths[1]), 1000), "FAIL  file SHA-256         " + paths[1], "is not the file listed");

        // A changed byte in the manifest: both signatures fail.
        await AssertFailsAsync(
            scenario,
            good,
            "changed-manifest",
            f => File.WriteAllText(Path.Combine(f, "manifest.json"), File.ReadAllText(Path.Combine(f, "manifest.json")).Replace("\"size\": 3", "\"size\": 4", StringComparison.Ordinal)),
            "FAIL  responder signature",
            "the responder signature of manifest.json is invalid");

        // A removed file.
        await AssertFailsAsync(scenario, good, "removed-file", f => File.Delete(Path.Combine(f, paths[0])), "FAIL  missing file         " + paths[0], paths[0] + " is missing");

        // An extra file.
        await AssertFailsAsync(scenario, good, "extra-file", f => File.WriteAllBytes(Path.Combine(f, "files", "04-planted.jpg"), [1, 2, 3]), "FAIL  unlisted file        files/04-planted.jpg", "unlisted or missing files");

        // The two signatures swapped.
        await AssertFailsAsync(
            scenario,
            good,
            "swapped-signatures",
            f =>
            {
                var responder = Path.Combine(f, "manifest.json.responder.sig");
                var instance = Path.Combine(f, "manifest.json.instance.sig");
                var bytes = File.ReadAllBytes(responder);
                File.Copy(instance, responder, overwrite: true);
                File.WriteAllBytes(instance, bytes);
            },
            "FAIL  instance signature",
            "signature of manifest.json is invalid");

        // Another instance's key: the bundle is sound, but not from the instance the checker expects.
        var other = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var wrongKey = await CliRunner.RunAsync("evidence", "verify", tar, "--instance-key", other);
        Assert.True(wrongKey.ExitCode == 1, wrongKey.ToString());
        Assert.Contains($"FAIL  instance key         manifest.json: the instance key is {instanceKey}, not the one expected ({other})", wrongKey.Stdout, StringComparison.Ordinal);
        var script = await PyNaClScript.RunAsync([Script, good, other]);
        Assert.True(script.ExitCode != 0 && script.Stderr.Contains("another instance key", StringComparison.Ordinal), script.ToString());

        // A changed byte of the OpenPGP file, and a wrong passphrase.
        var broken = scenario.Folder["broken.gpg"];
        File.Copy(path, broken);
        Flip(broken, (int)(new FileInfo(broken).Length / 2));
        var changed = await CliRunner.RunAsync("evidence", "verify", broken, "--passphrase-file", passphraseFile);
        Assert.True(changed.ExitCode == 1, changed.ToString());
        Assert.Contains("FAIL  integrity", changed.Stdout, StringComparison.Ordinal);
        var wrong = await CliRunner.RunAsync("evidence", "verify", path, "--passphrase-file", scenario.Folder.WriteSecretFile("wrong.txt", "not the passphrase at all"));
        Assert.True(wrong.ExitCode == 1, wrong.ToString());
        Assert.Contains("FAIL  decryption           bundle: the passphrase is wrong", wrong.Stdout, StringComparison.Ordinal);
        var none = await CliRunner.RunAsync("evidence", "verify", path);
        Assert.Equal(1, none.ExitCode);
        Assert.Contains("give the passphrase or the recipient's secret key", none.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void The_script_shown_in_evidence_md_is_the_script_the_tests_run()
    {
        var root = Conventions.ConventionTests.RepositoryRoot();
        var docs = File.ReadAllText(Path.Combine(root, "docs", "evidence.md")).ReplaceLineEndings("\n");
        var section = docs[docs.IndexOf("## Checking a bundle", StringComparison.Ordinal)..];
        var start = section.IndexOf("```python\n", StringComparison.Ordinal) + "```python\n".Length;
        var shown = section[start..section.IndexOf("```", start, StringComparison.Ordinal)];
        var script = File.ReadAllText(Path.Combine(root, "tests", "interop", "verify_bundle.py")).ReplaceLineEndings("\n");
        Assert.Equal(script, shown);
        Assert.InRange(script.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length, 15, 30);
    }

    /// <summary>Copies the unpacked bundle, changes it, packs it again in the bundle's order, and checks that both the CLI and the script refuse it.</summary>
    private static async Task AssertFailsAsync(BundleScenario scenario, string good, string name, Action<string> tamper, string cliFailure, string scriptFailure)
    {
        var folder = scenario.Folder[name];
        CopyFolder(good, folder);
        tamper(folder);
        var tar = Repack(scenario, folder, name + ".tar", Order(folder));
        var cli = await CliRunner.RunAsync("evidence", "verify", tar);
        Assert.True(cli.ExitCode == 1, $"{name}: {cli}");
        Assert.Contains(cliFailure, cli.Stdout, StringComparison.Ordinal);
        Assert.Contains("The bundle does NOT verify", cli.Stdout, StringComparison.Ordinal);
        Assert.Contains("haven: The bundle does NOT verify", cli.Stderr, StringComparison.Ordinal);
        var script = await PyNaClScript.RunAsync([Script, folder]);
        Assert.True(script.ExitCode != 0, $"{name}: {script}");
        Assert.Contains(scriptFailure, script.Stderr, StringComparison.Ordinal);
    }

    /// <summary>The entries of an unpacked bundle in a bundle's order: the manifest, signatures, keys, read-me, then the files by name.</summary>
    private static List<string> Order(string folder)
    {
        List<string> order = ["manifest.json", "manifest.json.responder.sig", "manifest.json.instance.sig", "public-keys.json", "README.txt"];
        order.AddRange(new[] { "files", "working" }.Where(d => Directory.Exists(Path.Combine(folder, d)))
            .SelectMany(d => Directory.GetFiles(Path.Combine(folder, d)).Select(f => d + "/" + Path.GetFileName(f)).Order(StringComparer.Ordinal)));
        return order;
    }

    private static string Repack(BundleScenario scenario, string folder, string name, List<string> entries)
    {
        var tar = scenario.Folder[name];
        var (exit, _, stderr) = BundleScenario.Tool(folder, "tar", ["-c", "-f", tar, .. entries]);
        Assert.True(exit == 0, stderr);
        return tar;
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static void Flip(string file, int at)
    {
        var bytes = File.ReadAllBytes(file);
        bytes[at] ^= 0x01;
        File.WriteAllBytes(file, bytes);
    }
}
