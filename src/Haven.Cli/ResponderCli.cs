using System.CommandLine;
using Haven.Accounts;
using Haven.Crypto;
using Haven.Instance;
using Haven.Storage;

namespace Haven.Cli;

/// <summary><c>haven responder list</c> and <c>haven responder reset</c>.</summary>
internal static class ResponderCli
{
    public static Command List(DataOption data, TextWriter stdout)
    {
        var command = new Command("list", "List responders: name, role, and whether the account is active (tab-separated).") { data.Option };
        command.SetAction(async (result, cancellationToken) =>
        {
            var dir = RequireInstance(data.Resolve(result));
            await using var db = StorageServiceCollectionExtensions.CreateContext(dir);
            foreach (var r in await ResponderListQuery.ExecuteAsync(db, cancellationToken))
            {
                await stdout.WriteLineAsync($"{r.Name}\t{r.Role}\t{(r.Active ? "active" : "disabled")}");
            }

            return 0;
        });
        return command;
    }

    public static Command Reset(DataOption data, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        var name = new Option<string>("--name") { Description = "The responder's name, as typed at login.", Required = true };
        var key = new Option<FileInfo>("--recovery-key") { Description = "A file holding the recovery secret.", Required = true };
        var command = new Command(
            "reset",
            "Reset a responder who lost their passphrase: reads the new passphrase from standard input, gives the responder new keys "
            + "and a new TOTP secret (printed), and re-seals every case and documentation key generation they held with the recovery secret. Stop the server first: it holds the data "
            + "directory's lock, and its sessions would keep the old keys.")
        { data.Option, name, key };
        command.SetAction(async (result, cancellationToken) =>
        {
            var dir = RequireInstance(data.Resolve(result));
            var keyFile = result.GetRequiredValue(key);
            if (!keyFile.Exists || !RecoverySecret.TryParse(await File.ReadAllTextAsync(keyFile.FullName, cancellationToken), out var secret))
            {
                throw new CliException($"{keyFile.FullName} does not hold a recovery secret.");
            }

            using var recovery = X25519KeyPair.FromSecretKey(secret);
            Array.Clear(secret);

            // Before anything else: a secret of another instance must not even be tried.
            if (!InstanceKeys.Load(dir).RecoveryPublicKey.AsSpan().SequenceEqual(recovery.PublicKey))
            {
                throw new CliException("that recovery secret does not belong to this instance; nothing was changed.");
            }

            var passphrase = (await stdin.ReadLineAsync(cancellationToken))?.TrimEnd('\r', '\n') ?? "";
            var responderName = result.GetRequiredValue(name);
            using var held = DataOption.Lock(dir);
            var outcome = await ResetResponderCommand.ExecuteAsync(dir, responderName, passphrase, recovery, TimeProvider.System, cancellationToken);
            switch (outcome.Problem)
            {
                case ResetOutcome.None:
                    break;
                case ResetOutcome.PassphraseTooShort:
                    throw new CliException($"the new passphrase (from standard input) must have at least {NewResponder.MinPassphraseLength} characters.");
                case ResetOutcome.NoSuchResponder:
                    throw new CliException($"there is no responder named \"{responderName.Trim()}\".");
                case ResetOutcome.WrongRecoveryKey:
                    throw new CliException("that recovery secret does not belong to this instance; nothing was changed.");
                case ResetOutcome.DocumentationSealMissing:
                    throw new CliException($"the recovery seal of documentation key generation {outcome.FailedDocumentationGeneration} cannot be opened with this secret; nothing was changed.");
                default:
                    throw new CliException($"the recovery seal of case {outcome.FailedCaseId} cannot be opened with this secret; nothing was changed.");
            }

            await stdout.WriteLineAsync(outcome.TotpSecret);
            await stderr.WriteLineAsync($"Responder \"{responderName.Trim()}\" has new keys; {outcome.Cases} cases ({outcome.Seals} key generations) re-sealed, and {outcome.DocumentationGenerations} documentation key generations. Enrol the new TOTP secret above in an authenticator app:");
            await stderr.WriteLineAsync($"    {TotpCodes.ProvisioningUri(outcome.TotpSecret!, responderName.Trim())}");
            return 0;
        });
        return command;
    }

    private static DataDirectory RequireInstance(DataDirectory dir)
    {
        if (!InstanceKeys.Exists(dir) || !dir.HoldsDatabase)
        {
            throw new CliException($"{dir.Path} holds no Haven instance; run `haven init` first.");
        }

        return dir;
    }
}
