using System.CommandLine;
using Haven.Crypto;
using Haven.Evidence.Bundles;
using Haven.Instance;
using Haven.Progress;

namespace Haven.Cli;

/// <summary>
/// <c>haven evidence export</c> (<see cref="EvidenceExportCli"/>); <c>haven evidence verify FILE</c>: checks a signed evidence bundle offline (no data directory, no database), the
/// decrypted tar or the OpenPGP file with its passphrase or the recipient's secret key, printing every check and a
/// progress display on standard error; <c>haven evidence key</c>: the instance's public signing key, to publish and to
/// compare (docs/evidence.md, "Checking a bundle").
/// </summary>
internal static class EvidenceCli
{
    public static Command Create(DataOption data, TextReader stdin, TextWriter stdout, TextWriter stderr) =>
        new("evidence", "Signed evidence bundles: export one of a case, check one offline, or print the instance key that signs them.") { EvidenceExportCli.Create(data, stdin, stdout, stderr), Verify(stdout, stderr), Key(data, stdout) };

    private static Command Verify(TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The bundle: haven-evidence-<id>.gpg as exported, or the tar that gpg --decrypt gives." };
        var passphraseFile = new Option<FileInfo?>("--passphrase-file") { Description = "For a bundle encrypted to a passphrase: a file whose first line is the passphrase." };
        var secretKey = new Option<FileInfo?>("--secret-key") { Description = "For a bundle encrypted to a public key: the recipient's secret key (gpg --export-secret-keys --armor)." };
        var secretKeyPassphrase = new Option<FileInfo?>("--secret-key-passphrase-file") { Description = "A file whose first line is the passphrase of the secret key (none when it is not protected)." };
        var instanceKey = new Option<string?>("--instance-key") { Description = "The instance's public signing key as published elsewhere (64 hex characters): the manifest must name this key." };
        var quiet = ProgressDisplay.QuietOption();
        var command = new Command(
            "verify",
            "Check a signed evidence bundle: both Ed25519 signatures of manifest.json, every listed file's size and SHA-256, no missing and no "
            + "unlisted file, the manifest's format and, for an OpenPGP file, its integrity protection. Prints each check; exits 0 only when all hold, 1 otherwise.")
        { file, passphraseFile, secretKey, secretKeyPassphrase, instanceKey, quiet };
        command.SetAction(async (result, cancellationToken) =>
        {
            var bundle = result.GetRequiredValue(file);
            if (!bundle.Exists)
            {
                throw new CliException($"{bundle.FullName} does not exist.");
            }

            var passphrase = result.GetValue(passphraseFile);
            var secret = result.GetValue(secretKey);
            if (passphrase is not null && secret is not null)
            {
                throw new CliException("give --passphrase-file or --secret-key, not both.");
            }

            if (result.GetValue(secretKeyPassphrase) is not null && secret is null)
            {
                throw new CliException("--secret-key-passphrase-file goes with --secret-key.");
            }

            var expected = result.GetValue(instanceKey)?.Trim();
            if (expected is not null && (expected.Length != 64 || !expected.All(char.IsAsciiHexDigit)))
            {
                throw new CliException("--instance-key must be 64 hexadecimal characters (haven evidence key prints it).");
            }

            var keys = passphrase is not null ? BundleKeys.FromPassphrase(await FirstLineAsync(passphrase, cancellationToken))
                : secret is not null ? await SecretKeyAsync(secret, result.GetValue(secretKeyPassphrase), cancellationToken)
                : null;

            BundleReport report;
            await using (var input = new FileStream(bundle.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan))
            {
                try
                {
                    // The verifier reads synchronously and writes nothing: on Ctrl-C the command simply stops waiting for it.
                    report = await ProgressDisplay.RunAsync(new ProgressKind("evidence verify", "bundle", Bytes: true), stderr, result.GetValue(quiet), progress =>
                        Task.Run(
                            () =>
                            {
                                var checkedBundle = new BundleVerifier().Verify(input, keys, expected, progress is null ? null : new ByteProgress(progress, input.Length));
                                progress?.Report(new WorkProgress(1, 1, input.Length, input.Length));
                                return checkedBundle;
                            },
                            cancellationToken).WaitAsync(cancellationToken));
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    throw new CommandStoppedException("the bundle was not checked to the end; nothing was written.");
                }
            }

            await stdout.WriteLineAsync($"bundle {bundle.Name}" + (report.Manifest is { } m ? $" ({m.Bundle}, exported {m.Created} by {m.Exporter.Name})" : ""));
            foreach (var check in report.Checks)
            {
                await stdout.WriteLineAsync($"{(check.Passed ? "ok  " : "FAIL")}  {Label(check.Kind),-20} {check.Subject}: {check.Detail}");
            }

            if (report.Valid)
            {
                await stdout.WriteLineAsync(report.InstanceKeyCompared
                    ? "The bundle verifies."
                    : "The bundle verifies. The instance key was not compared with one published elsewhere: give --instance-key (haven evidence key prints it on the server).");
                return 0;
            }

            var failures = report.Failures.ToList();
            var summary = failures.Count == 0
                ? "The bundle does NOT verify: a check could not be made."
                : $"The bundle does NOT verify: {failures.Count} check(s) failed: " + string.Join("; ", failures.Select(f => $"{Label(f.Kind)} {f.Subject}"));
            await stdout.WriteLineAsync(summary);
            await stderr.WriteLineAsync("haven: " + summary);
            return 1;
        });
        return command;
    }

    private static Command Key(DataOption data, TextWriter stdout)
    {
        var command = new Command("key", "Print the instance's public signing key (hex): the key that signs every bundle's manifest and the instance's audit entries. Publish it, so that a recipient can compare.") { data.Option };
        command.SetAction(async (result, cancellationToken) =>
        {
            var dir = data.Resolve(result);
            if (!InstanceKeys.Exists(dir))
            {
                throw new CliException($"{dir.Path} holds no Haven instance.");
            }

            using var keys = InstanceKeys.Load(dir).AuditKeys();
            await stdout.WriteLineAsync(Hex.Encode(keys.PublicKey));
            return 0;
        });
        return command;
    }

    private static string Label(BundleCheckKind kind) => kind switch
    {
        BundleCheckKind.Decryption => "decryption",
        BundleCheckKind.Integrity => "integrity",
        BundleCheckKind.Format => "manifest format",
        BundleCheckKind.ResponderSignature => "responder signature",
        BundleCheckKind.InstanceSignature => "instance signature",
        BundleCheckKind.InstanceKey => "instance key",
        BundleCheckKind.PublicKeys => "public keys",
        BundleCheckKind.FileSize => "file size",
        BundleCheckKind.FileHash => "file SHA-256",
        BundleCheckKind.MissingFile => "missing file",
        BundleCheckKind.ExtraFile => "unlisted file",
        _ => kind.ToString(),
    };

    /// <summary>The first line of a passphrase file, as gpg --passphrase-file reads it.</summary>
    internal static async Task<string> FirstLineAsync(FileInfo file, CancellationToken cancellationToken)
    {
        if (!file.Exists)
        {
            throw new CliException($"{file.FullName} does not exist.");
        }

        using var reader = file.OpenText();
        var line = await reader.ReadLineAsync(cancellationToken);
        return string.IsNullOrEmpty(line) ? throw new CliException($"{file.Name} holds no passphrase on its first line.") : line;
    }

    private static async Task<BundleKeys> SecretKeyAsync(FileInfo file, FileInfo? passphraseFile, CancellationToken cancellationToken)
    {
        if (!file.Exists)
        {
            throw new CliException($"{file.FullName} does not exist.");
        }

        var passphrase = passphraseFile is null ? null : await FirstLineAsync(passphraseFile, cancellationToken);
        await using var stream = file.OpenRead();
        try
        {
            return BundleKeys.FromSecretKey(stream, passphrase);
        }
        catch (InvalidDataException e)
        {
            throw new CliException(e.Message);
        }
    }
}
