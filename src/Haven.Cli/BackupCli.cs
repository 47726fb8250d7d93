using System.CommandLine;
using System.Data.Common;
using Haven.Backup;
using Haven.Crypto;
using Haven.Instance;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Cli;

/// <summary>
/// <c>haven backup</c> and <c>haven restore</c> (docs/operations.md, "Backups"). A backup needs no secret and
/// can be taken while the server runs; a restore needs the recovery secret and an empty target, and either
/// brings the whole backup back or leaves the target as it was.
/// </summary>
internal static class BackupCli
{
    /// <summary>Ends the temporary name of a backup being written; a file so named is a leftover of a killed backup.</summary>
    public const string PartialSuffix = ".partial";

    /// <param name="data">The data directory option.</param>
    /// <param name="stdout">Messages.</param>
    /// <param name="stderr">Messages when the backup itself goes to standard output.</param>
    /// <param name="binaryStdout">Where <c>--out -</c> writes; the process's standard output when null.</param>
    public static Command Backup(DataOption data, TextWriter stdout, TextWriter stderr, Stream? binaryStdout)
    {
        var output = new Option<string>("--out") { Description = "The backup file to create (mode 0600; an existing file is never overwritten), or - for standard output.", Required = true };
        var quiet = ProgressDisplay.QuietOption();
        var command = new Command(
            "backup",
            "Write an encrypted, consistent backup of the instance (database, instance key, file blobs from Haven:Blobs:Path when it is set) while it runs. "
            + "It is sealed to the recovery public key: no secret is needed to write it, only the recovery secret opens it.")
        { data.Option, output, quiet };
        command.SetAction(async (result, cancellationToken) =>
        {
            var dir = data.Resolve(result);
            if (!InstanceKeys.Exists(dir) || !dir.HoldsDatabase)
            {
                throw new CliException($"{dir.Path} holds no Haven instance.");
            }

            var blobs = CliSettings.Blobs();
            await using (var db = StorageServiceCollectionExtensions.CreateContext(dir))
            {
                if ((await OneLineAsync(() => db.Database.GetPendingMigrationsAsync(cancellationToken), "no backup was written", cancellationToken)).Any())
                {
                    throw new CliException("the database is not up to date; run `haven migrate` first. No backup was written.");
                }
            }

            var target = result.GetRequiredValue(output);
            var toStdout = target == "-";
            if (toStdout && binaryStdout is null && !Console.IsOutputRedirected)
            {
                throw new CliException("standard output is a terminal; redirect it to a file or a pipe, or give --out FILE.");
            }

            // Written under a temporary name in the same folder and renamed once complete and on disk, so that
            // a backup killed halfway never leaves a truncated file under the name a restore or a rotation expects.
            var path = toStdout ? null : Path.GetFullPath(target);
            var partial = path is null ? null : $"{path}.{RandomId.New()[..8]}{PartialSuffix}";
            var stream = toStdout ? binaryStdout ?? Console.OpenStandardOutput() : CreateNew(path!, partial!);
            BackupResult done;
            try
            {
                done = await ProgressDisplay.RunAsync(new ProgressKind("backup", "items", Bytes: true), stderr, result.GetValue(quiet), progress =>
                    OneLineAsync(() => new BackupCommand(dir, TimeProvider.System) { Blobs = blobs, Progress = progress }.ExecuteAsync(stream, cancellationToken), "no backup was written", cancellationToken));
                if (stream is FileStream file)
                {
                    file.Flush(flushToDisk: true);
                }
            }
            catch (Exception e)
            {
                if (partial is not null)
                {
                    await stream.DisposeAsync();
                    File.Delete(partial);
                }

                if (e is OperationCanceledException && cancellationToken.IsCancellationRequested)
                {
                    throw new CommandStoppedException(path is null
                        ? "the backup on standard output is cut short: it will not restore; discard it."
                        : $"nothing was written to {path}.");
                }

                throw;
            }
            finally
            {
                if (partial is not null)
                {
                    await stream.DisposeAsync();
                }
            }

            if (partial is not null)
            {
                Complete(partial, path!);
            }

            var messages = toStdout ? stderr : stdout;
            await messages.WriteLineAsync(
                $"Backup of {done.CreatedOn:yyyy-MM-dd}: {done.Rows("cases")} cases, {done.Rows("records")} records, {done.Blobs} files "
                + $"({done.BlobBytes} bytes of blobs) written to {path ?? "standard output"}.");
            if (done.CasesLeftOut > 0)
            {
                await messages.WriteLineAsync($"{done.CasesLeftOut} case(s) purged while the backup ran were left out whole.");
            }

            return 0;
        });
        return command;
    }

    public static Command Restore(DataOption data, TextWriter stdout, TextWriter stderr)
    {
        var from = new Option<FileInfo>("--from") { Description = "The backup file.", Required = true };
        var key = new Option<FileInfo>("--recovery-key") { Description = "A file holding the recovery secret of the instance the backup was taken from.", Required = true };
        var quiet = ProgressDisplay.QuietOption();
        var command = new Command(
            "restore",
            "Restore a backup into an empty data directory and an empty database (SQLite or PostgreSQL, whichever "
            + "the environment names), the blobs into Haven:Blobs:Path when it is set. Everything is verified before anything is made live; "
            + "on any error or a stop (Ctrl-C) the target is left as it was.")
        { data.Option, from, key, quiet };
        command.SetAction(async (result, cancellationToken) =>
        {
            var dir = data.Resolve(result);
            var keyFile = result.GetRequiredValue(key);
            if (!keyFile.Exists || !RecoverySecret.TryParse(await File.ReadAllTextAsync(keyFile.FullName, cancellationToken), out var secret))
            {
                throw new CliException($"{keyFile.FullName} does not hold a recovery secret.");
            }

            using var recovery = X25519KeyPair.FromSecretKey(secret);
            Array.Clear(secret);
            var backup = result.GetRequiredValue(from);
            if (!backup.Exists)
            {
                throw new CliException($"{backup.FullName} does not exist.");
            }

            var blobs = CliSettings.Blobs();
            using var held = DataOption.Lock(dir);
            await using var input = new FileStream(backup.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
            RestoreResult done;
            try
            {
                done = await ProgressDisplay.RunAsync(new ProgressKind("restore", "items", Bytes: true), stderr, result.GetValue(quiet), progress =>
                    OneLineAsync(() => new RestoreCommand(dir, TimeProvider.System) { Blobs = blobs, Progress = progress }.ExecuteAsync(input, recovery, cancellationToken), "nothing was restored", cancellationToken));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw new CommandStoppedException($"nothing was restored; {dir.Path} is as it was.");
            }

            var moved = done.FromProvider == (dir.IsSqlite ? "sqlite" : "postgres") ? "" : $" (from {done.FromProvider} to {(dir.IsSqlite ? "sqlite" : "postgres")})";
            await stdout.WriteLineAsync(
                $"Restored the backup of {done.CreatedOn:yyyy-MM-dd} into {dir.Path}{moved}: {done.Rows("cases")} cases, {done.Rows("records")} records, {done.Blobs} files.");
            return 0;
        });
        return command;
    }

    /// <summary>
    /// Turns whatever stops a backup or a restore (what it reports, a database that cannot be reached, a full
    /// disk) into one line for the operator, never a stack trace.
    /// </summary>
    /// <param name="action">The work.</param>
    /// <param name="failed">What the failure means, e.g. "no backup was written".</param>
    /// <param name="stop">Ctrl-C or SIGTERM: whatever the work threw after it, it stopped because of it.</param>
    private static async Task<T> OneLineAsync<T>(Func<Task<T>> action, string failed, CancellationToken stop)
    {
        try
        {
            return await action();
        }
        catch (Exception e) when (stop.IsCancellationRequested && e is not CliException)
        {
            throw new OperationCanceledException("Stopped.", e, stop);
        }
        catch (BackupException e)
        {
            throw new CliException(e.Message);
        }
        catch (DbException e)
        {
            throw new CliException($"the database failed ({e.Message.TrimEnd('.')}); {failed}.");
        }
        catch (Exception e) when (e is not (CliException or OperationCanceledException))
        {
            throw new CliException($"{e.Message.TrimEnd('.')}; {failed}.");
        }
    }

    /// <summary>Gives the complete backup its final name (never over an existing file) and flushes the folder.</summary>
    private static void Complete(string partial, string path)
    {
        try
        {
            File.Move(partial, path, overwrite: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            File.Delete(partial);
            throw new CliException(File.Exists(path) || Directory.Exists(path)
                ? $"{path} was created while the backup ran; refusing to overwrite it. No backup was written."
                : $"cannot rename the backup to {path} ({e.Message.TrimEnd('.')}); no backup was written.");
        }

        try
        {
            FolderSync.Flush(Path.GetDirectoryName(path)!);
        }
        catch (IOException e)
        {
            throw new CliException($"the backup was written to {path}, but {e.Message}; it may not survive a crash of this machine.");
        }
    }

    /// <summary>Creates the temporary file <paramref name="partial"/> for a backup that will be named <paramref name="path"/>.</summary>
    private static FileStream CreateNew(string path, string partial)
    {
        if (File.Exists(path) || Directory.Exists(path))
        {
            throw new CliException($"{path} already exists; refusing to overwrite it.");
        }

        try
        {
            return OwnerOnly.Open(partial, FileMode.CreateNew, FileAccess.Write, bufferSize: 1 << 16, options: FileOptions.Asynchronous);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot create {partial} ({e.Message}); no backup was written.");
        }
    }
}
