using System.CommandLine;
using System.CommandLine.Parsing;
using Haven.Accounts;
using Haven.Crypto;
using Haven.Export;
using Haven.Instance;
using Haven.Storage;

namespace Haven.Cli;

/// <summary>
/// Commands for operators: init, responder add/list/reset, migrate, decrypt, audit verify, purge, backup,
/// restore, record gazetteer import, record lists export, record export, evidence export, evidence verify, evidence key. Secrets go only
/// where the operator says: the recovery secret to a file or standard output, passphrases from standard input.
/// </summary>
internal static class CliApp
{
    /// <param name="args">The command line.</param>
    /// <param name="stdin">Standard input (passphrases).</param>
    /// <param name="stdout">Standard output.</param>
    /// <param name="stderr">Standard error.</param>
    /// <param name="database">The database settings; null reads them from the environment, as the web host does.</param>
    /// <param name="binaryStdout">Where <c>haven backup --out -</c> writes; the process's standard output when null.</param>
    /// <param name="clock">The clock of the commands that log a responder in (<see cref="DataOption.Clock"/>); the machine's when null.</param>
    /// <param name="stop">Cancelled by Ctrl-C or SIGTERM (<see cref="StopSignal"/>): the command stops cleanly and the exit code is 130.</param>
    public static async Task<int> RunAsync(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr, DatabaseSettings? database = null, Stream? binaryStdout = null, TimeProvider? clock = null, CancellationToken stop = default)
    {
        var data = new DataOption(database, clock);
        var root = new RootCommand("haven: operate a Haven instance.");
        root.Add(Init(data, stdout, stderr));
        root.Add(Migrate(data, stdout));
        root.Add(Responders(data, stdin, stdout, stderr));
        root.Add(Decrypt(data, stdout, stderr));
        root.Add(AuditCli.Create(data, stdout));
        root.Add(PurgeCli.Create(data, stdout, stderr));
        root.Add(BackupCli.Backup(data, stdout, stderr, binaryStdout));
        root.Add(BackupCli.Restore(data, stdout, stderr));
        root.Add(RecordCli.Create(data, stdout, stderr));
        root.Add(EvidenceCli.Create(data, stdin, stdout, stderr));
        root.Add(WipeCli.Create(data, stdout, stderr));
        // Without this, System.CommandLine's default handler catches CliException first and prints
        // "Unhandled exception: Haven.Cli.CliException: …" with a stack trace, and exits 1.
        // Ctrl-C and SIGTERM are this tool's own (StopSignal, given as stop): System.CommandLine's handling would end
        // the process two seconds after the signal, whatever the command was still cleaning up.
        var config = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
        try
        {
            return await root.Parse(args).InvokeAsync(config, stop);
        }
        catch (CliException e)
        {
            await stderr.WriteLineAsync("haven: " + e.Message);
            return 2;
        }
        catch (CommandStoppedException e)
        {
            await stderr.WriteLineAsync("haven: stopped; " + e.Message);
            return 130;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            await stderr.WriteLineAsync("haven: stopped before the command finished.");
            return 130;
        }
        catch (Exception e) when (e is StorageStartupException or DatabaseConfigurationException)
        {
            await stderr.WriteLineAsync("haven: " + e.Message);
            return 2;
        }
        catch (Exception e) when (StorageFailure.IsStorageFailure(e))
        {
            // The disk is full or the database cannot be reached: one line, no stack trace.
            await stderr.WriteLineAsync("haven: " + StorageFailure.Describe(e, null));
            return 2;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync("haven: " + e.Message);
            return 1;
        }
    }

    private static Command Init(DataOption data, TextWriter stdout, TextWriter stderr)
    {
        var file = new Option<FileInfo?>("--recovery-file") { Description = "Write the recovery secret to this new file (mode 0600)." };
        var toStdout = new Option<bool>("--recovery-stdout") { Description = "Print the recovery secret to standard output." };
        var command = new Command("init", "Create a new instance: key file, database, recovery key pair.") { data.Option, file, toStdout };
        command.SetAction(async (result, cancellationToken) =>
        {
            var target = result.GetValue(file);
            var print = result.GetValue(toStdout);
            if ((target is null) == !print)
            {
                throw new CliException("say where the recovery secret goes: --recovery-file FILE or --recovery-stdout (exactly one).");
            }

            if (target is not null && target.Exists)
            {
                throw new CliException($"{target.FullName} already exists; refusing to overwrite it.");
            }

            var dir = data.Resolve(result);
            using var held = DataOption.Lock(dir);
            if (InstanceKeys.Exists(dir))
            {
                throw new CliException($"{dir.Path} already holds a Haven instance.");
            }

            // The recovery file is created before the instance: an instance whose secret could not be written
            // could never be recovered, and init would refuse to run on it again.
            FileStream? stream = null;
            if (target is not null)
            {
                try
                {
                    stream = OwnerOnly.Open(target.FullName, FileMode.CreateNew, FileAccess.Write);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new CliException($"cannot create {target.FullName} ({e.Message}); nothing was created.");
                }
            }

            X25519KeyPair recovery;
            try
            {
                recovery = await InitInstanceCommand.ExecuteAsync(dir, cancellationToken);
            }
            catch (Exception e)
            {
                if (stream is not null)
                {
                    await stream.DisposeAsync();
                    File.Delete(target!.FullName);
                }

                // A full disk or a database that cannot be reached: one line; init removed what it created.
                if (e is StorageStartupException)
                {
                    throw new CliException(e.Message + " Nothing was created.");
                }

                if (StorageFailure.IsStorageFailure(e))
                {
                    throw new CliException(StorageFailure.Describe(e, dir) + " Nothing was created.");
                }

                throw;
            }

            using var recoveryKeys = recovery;
            var secret = RecoverySecret.Format(recovery.SecretKey);
            if (stream is not null)
            {
                await using (stream)
                await using (var writer = new StreamWriter(stream))
                {
                    await writer.WriteLineAsync(secret);
                }

                await stderr.WriteLineAsync($"Recovery secret written to {target!.FullName}. Move it offline now; Haven does not keep it.");
            }
            else
            {
                await stdout.WriteLineAsync(secret);
                await stderr.WriteLineAsync("Store the recovery secret above offline; Haven does not keep it.");
            }

            await stderr.WriteLineAsync($"Instance created in {dir.Path}.");
            return 0;
        });
        return command;
    }

    private static Command Migrate(DataOption data, TextWriter stdout)
    {
        var command = new Command("migrate", "Apply pending database migrations.") { data.Option };
        command.SetAction(async (result, cancellationToken) =>
        {
            var dir = data.Resolve(result);
            using var held = DataOption.Lock(dir);
            await StorageServiceCollectionExtensions.MigrateAsync(dir, cancellationToken);
            await stdout.WriteLineAsync("Database is up to date.");
            return 0;
        });
        return command;
    }

    private static Command Responders(DataOption data, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        var name = new Option<string>("--name") { Description = "The responder's name, as typed at login.", Required = true };
        var role = new Option<ResponderRole>("--role") { Description = "admin, coordinator, caseworker, analyst or campaigner.", DefaultValueFactory = _ => ResponderRole.Caseworker, CustomParser = RoleName };
        var add = new Command("add", "Add a responder; the passphrase is read from standard input; prints the TOTP secret.") { data.Option, name, role };
        add.SetAction(async (result, cancellationToken) =>
        {
            var dir = data.Resolve(result);
            if (!InstanceKeys.Exists(dir))
            {
                throw new CliException($"{dir.Path} holds no Haven instance; run `haven init` first.");
            }

            var passphrase = (await stdin.ReadLineAsync(cancellationToken))?.TrimEnd('\r', '\n') ?? "";
            var responderName = result.GetRequiredValue(name);
            switch (NewResponder.Validate(responderName, passphrase))
            {
                case ResponderOutcome.NameInvalid:
                    throw new CliException("the name must be 1 to 100 characters without control characters.");
                case ResponderOutcome.NameInvisible:
                    throw new CliException("the name must not contain invisible characters, direction marks, unusual spaces or two spaces in a row.");
                case ResponderOutcome.PassphraseTooShort:
                    throw new CliException($"the passphrase (from standard input) must have at least {NewResponder.MinPassphraseLength} characters.");
            }

            using var held = DataOption.Lock(dir);
            await StorageServiceCollectionExtensions.MigrateAsync(dir, cancellationToken);
            var (responder, totp) = NewResponder.Create(responderName, passphrase, result.GetValue(role), DateOnly.FromDateTime(DateTime.UtcNow));
            await using var db = StorageServiceCollectionExtensions.CreateContext(dir);
            switch (await AddResponderCommand.ExecuteAsync(db, responder, InstanceKeys.Load(dir).RecoveryPublicKey, cancellationToken))
            {
                case ResponderOutcome.NameTaken:
                    throw new CliException($"a responder named \"{responder.Name}\" already exists.");
                case ResponderOutcome.NameConfusable:
                    throw new CliException($"\"{responder.Name}\" looks like the name of an existing responder (same letters in another script or case); choose another name.");
            }

            await stdout.WriteLineAsync(totp);
            await stderr.WriteLineAsync($"Responder \"{responder.Name}\" ({responder.Role}) added. Enrol the TOTP secret above in an authenticator app.");
            await stderr.WriteLineAsync($"    {TotpCodes.ProvisioningUri(totp, responder.Name)}");
            return 0;
        });
        var command = new Command("responder", "Manage responders.") { add, ResponderCli.List(data, stdout), ResponderCli.Reset(data, stdin, stdout, stderr) };
        return command;
    }

    private static Command Decrypt(DataOption data, TextWriter stdout, TextWriter stderr)
    {
        var key = new Option<FileInfo>("--recovery-key") { Description = "A file holding the recovery secret.", Required = true };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for the plaintext (created, mode 0700; written under a temporary name and renamed when complete). It must not exist, or be empty.", Required = true };
        var quiet = ProgressDisplay.QuietOption();
        var command = new Command("decrypt", "Decrypt every case with the recovery secret, offline. Reads the blobs from Haven:Blobs:Path when it is set.") { data.Option, key, output, quiet };
        command.SetAction(async (result, cancellationToken) =>
        {
            var dir = data.Resolve(result);
            if (!dir.HoldsDatabase)
            {
                throw new CliException($"{dir.Path} holds no Haven database.");
            }

            var keyFile = result.GetRequiredValue(key);
            if (!keyFile.Exists || !RecoverySecret.TryParse(await File.ReadAllTextAsync(keyFile.FullName, cancellationToken), out var secret))
            {
                throw new CliException($"{keyFile.FullName} does not hold a recovery secret.");
            }

            using var recovery = X25519KeyPair.FromSecretKey(secret);
            Array.Clear(secret);
            if (InstanceKeys.Exists(dir) && !InstanceKeys.Load(dir).RecoveryPublicKey.AsSpan().SequenceEqual(recovery.PublicKey))
            {
                throw new CliException("that recovery secret does not belong to this instance.");
            }

            var blobs = CliSettings.Blobs();
            var target = Path.GetFullPath(result.GetRequiredValue(output).FullName);
            var done = await DecryptOutput.WriteAsync(
                target,
                partial =>
                {
                    // Progress and failure lines share standard error, the console's, which takes one writer at a time.
                    return ProgressDisplay.RunAsync(new ProgressKind("decrypt", "cases", Bytes: true), stderr, result.GetValue(quiet), progress =>
                        new DecryptAllCommand(dir, blobs) { Progress = progress }.ExecuteAsync(recovery, partial, stderr, cancellationToken));
                },
                cancellationToken);
            await stdout.WriteLineAsync($"{done.Cases} cases, {done.Records} records, {done.Files} files decrypted into {target}; {done.Failures} failed.");
            return done.Failures == 0 ? 0 : 1;
        });
        return command;
    }

    /// <summary>
    /// A role by its name only, in any case. The framework's enum parser would also take a number ("3") or a list
    /// it reads as flags ("coordinator, caseworker" is Analyst).
    /// </summary>
    private static ResponderRole RoleName(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : null;
        if (Haven.Text.EnumNames.TryParse<ResponderRole>(text, out var role, ignoreCase: true))
        {
            return role;
        }

        result.AddError($"--role must be admin, coordinator, caseworker, analyst or campaigner, not \"{text}\".");
        return default;
    }
}
