using System.CommandLine;
using Haven.Crypto;
using Haven.Instance;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Haven.Cli;

/// <summary>
/// <c>haven wipe</c>: destroys an instance on purpose (the Debian package never does). The data directory must be
/// named with <c>--data</c> (never taken from HAVEN_DATA), and the command does nothing but describe what it would
/// remove until <c>--confirm</c> repeats the instance id or the data path it printed. It takes the data directory's
/// lock (refused while a server uses the folder) and, on PostgreSQL, refuses while another session is connected to
/// the database (a node elsewhere). Then, in this order: <c>instance.key</c> (without it everything else is
/// ciphertext nobody can open), the database (the SQLite files, or Haven's tables, their trigger functions and the
/// migrations history on PostgreSQL; when they cannot be dropped it prints the statement to run), the blobs (also
/// in <c>Haven:Blobs:Path</c>), and everything else in the folder, which itself stays (empty). Each removal is
/// printed; no name from inside a blob or a row is.
/// </summary>
internal static class WipeCli
{
    /// <summary>The <c>wipe</c> command.</summary>
    /// <param name="data">The data directory option shared by the commands.</param>
    /// <param name="stdout">What is removed, one line each.</param>
    /// <param name="stderr">The refusals and the last word.</param>
    public static Command Create(DataOption data, TextWriter stdout, TextWriter stderr)
    {
        var confirm = new Option<string?>("--confirm") { Description = "The instance id or the data path, exactly as `haven wipe --data DIR` printed it." };
        var blobs = new Option<string?>("--blobs") { Description = "The blob folder, when not <data>/blobs (default: Haven:Blobs:Path)." };
        var command = new Command("wipe", "Destroy an instance for good: instance.key first, then the database, the blobs and the data directory's contents.") { data.Option, confirm, blobs };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (string.IsNullOrEmpty(result.GetValue(data.Option)))
            {
                throw new CliException("name the data directory to destroy with --data DIR (HAVEN_DATA is not enough for this command).");
            }

            var dir = data.Resolve(result);
            var path = Path.TrimEndingDirectorySeparator(Path.GetFullPath(dir.Path));
            if (!Directory.Exists(path) || !LooksLikeHaven(dir))
            {
                throw new CliException($"{path} is not a Haven data directory (no instance.key, haven.db or haven.lock); nothing was removed.");
            }

            var blobFolder = BlobFolder(result.GetValue(blobs), path);
            var id = InstanceKeys.Exists(dir) ? InstanceId(InstanceKeys.Load(dir)) : null;
            var given = result.GetValue(confirm);
            if (given is null || !(given == id || Path.TrimEndingDirectorySeparator(given) == path))
            {
                await stderr.WriteLineAsync(given is null ? "haven wipe removes for good:" : "haven: --confirm does not match; nothing was removed. haven wipe would remove for good:");
                await stderr.WriteLineAsync($"  instance:  {id ?? "(no instance.key left)"}");
                await stderr.WriteLineAsync($"  data:      {path} (its contents)");
                await stderr.WriteLineAsync(dir.IsSqlite ? $"  database:  SQLite, {dir.DatabaseFile}" : $"  database:  Haven's tables in PostgreSQL database {DatabaseName(dir)}");
                await stderr.WriteLineAsync($"  blobs:     {blobFolder}");
                await stderr.WriteLineAsync($"Stop every server of this instance, then run: haven wipe --data {path} --confirm {id ?? path}");
                return 2;
            }

            using (DataOption.Lock(dir))
            {
                if (!dir.IsSqlite)
                {
                    await RefuseWhileConnectedAsync(dir, cancellationToken);
                }

                // The key first: once it is gone, what is left cannot be opened, even if the rest fails.
                if (File.Exists(dir.InstanceKeyFile))
                {
                    File.Delete(dir.InstanceKeyFile);
                    FolderSync.Flush(path);
                    await stdout.WriteLineAsync($"removed {dir.InstanceKeyFile}");
                }

                var dropped = dir.IsSqlite ? await RemoveSqliteAsync(dir, stdout) : await DropTablesAsync(dir, stdout, stderr, cancellationToken);
                await RemoveContentsAsync(blobFolder, stdout, keep: null);
                await RemoveContentsAsync(path, stdout, keep: Path.Combine(path, DataDirectoryLock.FileName));
                if (!dropped)
                {
                    await stderr.WriteLineAsync($"haven: {path} is wiped and instance.key is gone, but Haven's tables are still in the database: drop them with the statement above.");
                    return 1;
                }
            }

            File.Delete(Path.Combine(path, DataDirectoryLock.FileName));
            await stderr.WriteLineAsync($"Instance {id ?? path} wiped: {path} is empty.");
            return 0;
        });
        return command;
    }

    /// <summary>
    /// A short public name of the instance: 16 hexadecimal characters of BLAKE2b of its recovery public key. It
    /// says which instance this is, and nothing that helps to open it.
    /// </summary>
    internal static string InstanceId(InstanceKeys keys) => Hex.Encode(Blake2b.Hash(16, keys.RecoveryPublicKey, []).AsSpan(0, 8));

    private static bool LooksLikeHaven(DataDirectory dir) =>
        File.Exists(dir.InstanceKeyFile) || File.Exists(dir.DatabaseFile) || File.Exists(Path.Combine(dir.Path, DataDirectoryLock.FileName));

    private static string BlobFolder(string? option, string dataPath)
    {
        var configured = option ?? CliSettings.Build()["Haven:Blobs:Path"];
        if (string.IsNullOrEmpty(configured))
        {
            return Path.Combine(dataPath, "blobs");
        }

        if (!Path.IsPathFullyQualified(configured))
        {
            throw new CliException("Haven:Blobs:Path must be an absolute path to a folder (or empty for <data>/blobs); nothing was removed.");
        }

        return Path.TrimEndingDirectorySeparator(Path.GetFullPath(configured));
    }

    private static string DatabaseName(DataDirectory dir) => new NpgsqlConnectionStringBuilder(dir.Database.ConnectionString).Database ?? "(the role's default)";

    /// <summary>A node elsewhere still connected to the database would go on writing into what is being dropped.</summary>
    private static async Task RefuseWhileConnectedAsync(DataDirectory dir, CancellationToken cancellationToken)
    {
        // This process's own idle pooled connections are not a node.
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(dir.Database.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var others = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid()", connection);
        var count = Convert.ToInt64(await others.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        if (count > 0)
        {
            throw new CliException($"{count} other session(s) are connected to database {DatabaseName(dir)} (a Haven node still running?); stop every node first. Nothing was removed.");
        }
    }

    private static async Task<bool> RemoveSqliteAsync(DataDirectory dir, TextWriter stdout)
    {
        StorageServiceCollectionExtensions.ClearSqlitePool(dir);
        foreach (var file in new[] { dir.DatabaseFile, dir.DatabaseFile + "-wal", dir.DatabaseFile + "-shm" })
        {
            if (File.Exists(file))
            {
                File.Delete(file);
                await stdout.WriteLineAsync($"removed {file}");
            }
        }

        return true;
    }

    /// <summary>Drops Haven's tables (those of its model and the migrations history) and their trigger functions, in one transaction.</summary>
    private static async Task<bool> DropTablesAsync(DataDirectory dir, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        List<string> tables;
        await using (var db = StorageServiceCollectionExtensions.CreateContext(dir))
        {
            tables = [.. db.Model.GetRelationalModel().Tables.Select(t => t.Name), "__EFMigrationsHistory"];
        }

        await using var connection = new NpgsqlConnection(dir.Database.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        var present = new List<string>();
        await using (var find = new NpgsqlCommand("SELECT c.relname FROM pg_class c WHERE c.relkind IN ('r', 'p') AND c.relnamespace = current_schema()::regnamespace AND c.relname = ANY(@tables) ORDER BY c.relname", connection))
        {
            find.Parameters.AddWithValue("tables", tables.ToArray());
            await using var reader = await find.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                present.Add(reader.GetString(0));
            }
        }

        var functions = new List<string>();
        await using (var find = new NpgsqlCommand("SELECT DISTINCT p.proname FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace AND c.relname = ANY(@tables) ORDER BY p.proname", connection))
        {
            find.Parameters.AddWithValue("tables", present.ToArray());
            await using var reader = await find.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                functions.Add(reader.GetString(0));
            }
        }

        if (present.Count == 0)
        {
            await stdout.WriteLineAsync($"database {DatabaseName(dir)} holds no table of Haven's");
            return true;
        }

        var statement = $"DROP TABLE IF EXISTS {string.Join(", ", present.Select(Quote))} CASCADE;"
            + string.Concat(functions.Select(f => $" DROP FUNCTION IF EXISTS {Quote(f)}();"));
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var drop = new NpgsqlCommand(statement, connection, transaction))
            {
                await drop.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
        catch (PostgresException e)
        {
            await stderr.WriteLineAsync($"haven: could not drop Haven's tables in database {DatabaseName(dir)} ({e.MessageText}). As a role that may, run:");
            await stderr.WriteLineAsync("BEGIN; " + statement + " COMMIT;");
            return false;
        }

        await stdout.WriteLineAsync($"dropped {present.Count} tables and {functions.Count} trigger functions of Haven's in database {DatabaseName(dir)}");
        return true;
    }

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>Removes everything in <paramref name="folder"/> but <paramref name="keep"/>; a link is removed, never followed.</summary>
    private static async Task RemoveContentsAsync(string folder, TextWriter stdout, string? keep)
    {
        if (!Directory.Exists(folder))
        {
            return;
        }

        foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal).ToList())
        {
            if (entry.FullName == keep)
            {
                continue;
            }

            if (entry is DirectoryInfo directory && directory.LinkTarget is null)
            {
                var count = directory.EnumerateFiles("*", SearchOption.AllDirectories).Count();
                directory.Delete(recursive: true);
                await stdout.WriteLineAsync($"removed {entry.FullName}{Path.DirectorySeparatorChar} ({count} files)");
            }
            else
            {
                // A file, or a link (to a file or a folder): the link goes, what it points to stays.
                if (entry is DirectoryInfo link)
                {
                    link.Delete();
                }
                else
                {
                    entry.Delete();
                }

                await stdout.WriteLineAsync($"removed {entry.FullName}");
            }
        }

        FolderSync.Flush(folder);
    }
}
