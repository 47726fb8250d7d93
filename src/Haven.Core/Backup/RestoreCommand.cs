using System.Data.Common;
using System.Formats.Tar;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Haven.Audit;
using Haven.Crypto;
using Haven.Files;
using Haven.Instance;
using Haven.Progress;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;

namespace Haven.Backup;

/// <summary>
/// Brings a backup (<see cref="BackupCommand"/>) back into an empty data directory and an empty database of
/// either provider, whichever the backup came from. All or nothing: the target is left as it was unless the
/// whole backup decrypted to its final chunk and matched its manifest.
/// </summary>
/// <remarks>
/// <para>
/// Staging: blobs are written into a private folder inside the data directory, hashed on the way; the rows
/// go into one open transaction, which also creates the schema (the migrations as a script, so that they
/// are undone with everything else; both SQLite and PostgreSQL roll back schema changes). Only when the stream
/// has ended with its FINAL chunk, the manifest matches what was read (tables and columns, row counts, each
/// blob's length and SHA-256) and every <c>files</c> row has its blob and every blob its row, are the blobs
/// moved into the blob folder (<c>blobs/</c>, or <c>Haven:Blobs:Path</c>), the transaction committed and <c>instance.key</c> put in place, last. The
/// restored audit log gets one entry more, <c>instance.restored</c>, signed by the instance, in the same
/// transaction: the log itself shows that the instance was brought back from a backup, and of which day.
/// </para>
/// <para>
/// A failure at any point rolls the transaction back and deletes what was created: the staged and moved
/// blobs, the key file being written, and on SQLite the database file if it did not exist before.
/// </para>
/// </remarks>
internal sealed class RestoreCommand(DataDirectory target, TimeProvider clock)
{
    /// <summary>The audit entry that ends a restored log (subject: the backup's day), signed by the instance.</summary>
    public const string Action = "instance.restored";

    /// <summary>
    /// Rows that do not fit this version's tables. The stream is authenticated chunk by chunk before anything of it
    /// is read, so such rows were written that way: by another version of Haven.
    /// </summary>
    private const string DifferentTables = "the backup's tables differ from this version's: restore it with the version of Haven that made it, then upgrade.";

    /// <summary>Where the blobs go (<c>Haven:Blobs</c>); null for <c>&lt;data&gt;/blobs</c>.</summary>
    public BlobOptions? Blobs { get; init; }

    /// <summary>
    /// Gets the progress: bytes are those of the backup read so far (of its length, when the input can tell it),
    /// items the blobs and table parts restored (their number is known only at the end). Counts only.
    /// </summary>
    public IProgress<WorkProgress>? Progress { get; init; }

    private string BlobFolder => new BlobStore(target, Blobs).Folder;

    /// <summary>
    /// Restores the backup read from <paramref name="input"/>, opened with the <paramref name="recovery"/> key pair.
    /// Throws <see cref="BackupException"/> when the backup is damaged or altered, the target is not empty or anything
    /// else fails; the target is then left as it was.
    /// </summary>
    /// <exception cref="BackupException">The target is not empty, the backup is not one, does not open with the key, or is damaged.</exception>
    public async Task<RestoreResult> ExecuteAsync(Stream input, X25519KeyPair recovery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(recovery);
        await RefuseUnlessEmptyAsync(cancellationToken);
        var key = await BackupFormat.ReadHeaderAsync(input, recovery, cancellationToken);
        var undo = new Undo(target, BlobFolder);
        RestoreResult result;
        try
        {
            result = await RestoreAsync(input, BackupCipher.Decrypt(input, key, leaveOpen: true), recovery, undo, cancellationToken);
        }
        catch (Exception e) when (e is CryptographicException or InvalidDataException or FormatException or JsonException or EndOfStreamException)
        {
            throw new BackupException("the backup is damaged, cut short or altered; nothing was restored.", e);
        }
        catch (DbException e)
        {
            throw new BackupException($"the database refused the restore ({e.Message}); nothing was restored.", e);
        }
        catch (Exception e) when (e is not (BackupException or OperationCanceledException))
        {
            // A full disk, a folder that cannot be written, or anything else: one line, and the target as it was.
            throw new BackupException($"{e.Message.TrimEnd('.')}; nothing was restored.", e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            undo.Run();
        }

        // Committed: on SQLite this switches the new database to WAL; there is no migration left to apply. Not
        // cancelled: once committed, the restore is finished rather than left to a `haven migrate`.
        try
        {
            await StorageServiceCollectionExtensions.MigrateAsync(target, CancellationToken.None);
        }
        catch (Exception e) when (e is DbException or IOException or UnauthorizedAccessException)
        {
            throw new BackupException($"the backup was restored, but finishing the database failed ({e.Message.TrimEnd('.')}); run `haven migrate` on it before starting Haven.", e);
        }

        return result;
    }

    /// <summary>Refuses a data directory that holds an instance, blobs or a database with tables.</summary>
    private async Task RefuseUnlessEmptyAsync(CancellationToken cancellationToken)
    {
        if (InstanceKeys.Exists(target))
        {
            throw new BackupException($"{target.Path} already holds a Haven instance; restore only into an empty data directory.");
        }

        var blobs = BlobFolder;
        if (Directory.Exists(blobs) && Directory.EnumerateFileSystemEntries(blobs).Any())
        {
            throw new BackupException($"{blobs} is not empty; restore only into an empty data directory.");
        }

        if (target.IsSqlite && !File.Exists(target.DatabaseFile))
        {
            return;
        }

        await using var db = StorageServiceCollectionExtensions.CreateContext(target);
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (await creator.ExistsAsync(cancellationToken) && await creator.HasTablesAsync(cancellationToken))
        {
            throw new BackupException(target.IsSqlite
                ? $"{target.DatabaseFile} already holds tables; restore only into an empty data directory."
                : "the PostgreSQL database already holds tables; restore only into an empty database.");
        }

        StorageServiceCollectionExtensions.ClearSqlitePool(target);
    }

    private async Task<RestoreResult> RestoreAsync(Stream input, Stream payload, X25519KeyPair recovery, Undo undo, CancellationToken cancellationToken)
    {
        await using var plain = payload;
        undo.Prepare();
        await using var db = StorageServiceCollectionExtensions.CreateContext(target);
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (!target.IsSqlite && !await creator.ExistsAsync(cancellationToken))
        {
            await creator.CreateAsync(cancellationToken);
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.NoTransactions), cancellationToken);
        var schema = BackupSchema.From(db);

        // The migrations seed some rows (the default checklist): the backup's rows replace them.
        foreach (var table in schema.Tables.Reverse())
        {
            await ExecuteAsync(connection, transaction, schema.DeleteAll(table), cancellationToken);
        }

        var tally = new ProgressTally(Progress);
        tally.Start(0, input.CanSeek ? input.Length : 0);
        var reader = new PayloadReader(schema, connection, transaction, undo.Staging, () =>
        {
            if (input.CanSeek)
            {
                tally.BytesAt(input.Position);
            }
        }, tally);
        var manifest = await reader.ReadAsync(plain, cancellationToken);
        var keys = InstanceKeys.Parse(reader.InstanceKey!);
        if (!keys.RecoveryPublicKey.AsSpan().SequenceEqual(recovery.PublicKey))
        {
            throw new BackupException("the backup's instance key names another recovery key than the secret given; nothing was restored.");
        }

        Check(manifest, reader, schema, db);
        if (!target.IsSqlite)
        {
            foreach (var table in schema.Tables.Where(t => t.GeneratedKey is not null))
            {
                await ExecuteAsync(connection, transaction, schema.ResetIdentity(table), cancellationToken);
            }
        }

        // The restore itself is the last entry of the restored audit log, in the same transaction.
        var instance = new InstanceState(target);
        instance.Set(keys);
        // Not through AuditedWriter: the restore replaces the whole database in its own transaction, offline
        // (the data directory is locked), and adds no record to number.
        var actor = new AuditActor(AuditActors.System, instance.Required.AuditKeys(), DayOnly: false);
        using (actor.SigningKeys)
        {
            await db.Database.UseTransactionAsync(transaction, cancellationToken);
            await AuditLog.AddEntriesAsync(db, actor, [new AuditEvent(Action, null, manifest.CreatedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))], clock.GetUtcNow(), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }

        undo.MoveBlobsLive(reader.StagedBlobs.Keys);
        undo.StageKeyFile(reader.InstanceKey!);

        // From here on a stop (Ctrl-C) waits: the commit either happens whole, with the key file put in place, or not at all.
        await transaction.CommitAsync(CancellationToken.None);
        undo.Committed();
        undo.PutKeyFileInPlace();
        return new RestoreResult(manifest.CreatedOn, manifest.Tables, manifest.Blobs.Count, manifest.Schema.Provider);
    }

    /// <summary>The manifest must describe exactly what was read, and the schema must be this version's.</summary>
    private void Check(BackupManifest manifest, PayloadReader reader, BackupSchema schema, HavenDbContext db)
    {
        if (manifest.Format != BackupFormat.Version)
        {
            throw new BackupException($"the backup has format {manifest.Format}, which this version of Haven does not read.");
        }

        var ours = target.IsSqlite ? "sqlite" : "postgres";
        if (manifest.Schema.Provider == ours && manifest.Schema.Migration is { } migration && !db.Database.GetMigrations().Contains(migration, StringComparer.Ordinal))
        {
            throw new BackupException($"the backup comes from a newer version of Haven (migration {migration}); restore it with that version.");
        }

        var expected = schema.Tables.Select(t => t.Describe(0)).ToList();
        var same = manifest.Tables.Count == expected.Count && manifest.Tables.All(m =>
            expected.FirstOrDefault(e => e.Name == m.Name) is { } e
            && m.Columns.Count == e.Columns.Count
            && m.Columns.All(c => e.Columns.Any(x => x.Name == c.Name && x.Type == c.Type && x.Nullable == c.Nullable)));
        if (!same)
        {
            throw new BackupException(DifferentTables);
        }

        foreach (var table in manifest.Tables)
        {
            if (reader.Rows.GetValueOrDefault(table.Name) != table.Rows)
            {
                throw new InvalidDataException($"Table {table.Name} has {reader.Rows.GetValueOrDefault(table.Name)} rows, the manifest says {table.Rows}.");
            }
        }

        if (reader.Rows.Keys.Any(name => manifest.Tables.All(t => t.Name != name)))
        {
            throw new InvalidDataException("A table is not in the manifest.");
        }

        var listed = manifest.Blobs.ToDictionary(b => b.Id, StringComparer.Ordinal);
        if (listed.Count != reader.StagedBlobs.Count || reader.StagedBlobs.Any(s => !listed.TryGetValue(s.Key, out var b) || b.Length != s.Value.Length || b.Sha256 != s.Value.Sha256))
        {
            throw new InvalidDataException("The blobs differ from the manifest.");
        }

        if (!reader.FileIds.SetEquals(reader.StagedBlobs.Keys))
        {
            throw new InvalidDataException("The files rows and the blobs do not match.");
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Reads the tar archive in its order (<c>instance.key</c>, blobs, table parts, <c>manifest.json</c>),
    /// staging blobs and inserting rows, then reads the stream to its end so that its FINAL chunk is checked.
    /// </summary>
    private sealed class PayloadReader(BackupSchema schema, DbConnection connection, DbTransaction transaction, string staging, Action read, ProgressTally tally)
    {
        private readonly Dictionary<string, DbCommand> _inserts = new(StringComparer.Ordinal);

        public byte[]? InstanceKey { get; private set; }

        public Dictionary<string, (long Length, string Sha256)> StagedBlobs { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, long> Rows { get; } = new(StringComparer.Ordinal);

        public HashSet<string> FileIds { get; } = new(StringComparer.Ordinal);

        public async Task<BackupManifest> ReadAsync(Stream plain, CancellationToken cancellationToken)
        {
            try
            {
                BackupManifest? manifest = null;
                var phase = 0;
                string? lastTable = null;
                await using var tar = new TarReader(plain, leaveOpen: true);
                while (await tar.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
                {
                    if (manifest is not null || entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null && entry.Length > 0)
                    {
                        throw new InvalidDataException("An entry follows the manifest, or is not a file.");
                    }

                    var data = entry.DataStream ?? Stream.Null;
                    var name = entry.Name;
                    if (name == BackupFormat.InstanceKeyEntry && phase == 0)
                    {
                        InstanceKey = await ReadSmallAsync(data, 64 * 1024, cancellationToken);
                        phase = 1;
                    }
                    else if (name.StartsWith(BackupFormat.BlobPrefix, StringComparison.Ordinal) && phase == 1)
                    {
                        await StageBlobAsync(name[BackupFormat.BlobPrefix.Length..], data, cancellationToken);
                    }
                    else if (name.StartsWith(BackupFormat.TablePrefix, StringComparison.Ordinal) && phase is 1 or 2)
                    {
                        phase = 2;
                        var table = TableOf(name);
                        if (lastTable != table.Name && Rows.ContainsKey(table.Name))
                        {
                            throw new InvalidDataException("A table's parts are not together.");
                        }

                        lastTable = table.Name;
                        await InsertRowsAsync(table, await ReadSmallAsync(data, BackupFormat.MaxPartBytes, cancellationToken), cancellationToken);
                        read();
                        tally.Items();
                    }
                    else if (name == BackupFormat.ManifestEntry && phase >= 1)
                    {
                        manifest = JsonSerializer.Deserialize<BackupManifest>(await ReadSmallAsync(data, BackupFormat.MaxPartBytes, cancellationToken))
                            ?? throw new InvalidDataException("The manifest is empty.");
                    }
                    else
                    {
                        throw new InvalidDataException("An entry is unexpected here.");
                    }
                }

                // The tar archive ends with zero blocks; what follows must be zeros up to the stream's FINAL chunk.
                var rest = new byte[64 * 1024];
                int n;
                while ((n = await plain.ReadAsync(rest, cancellationToken)) > 0)
                {
                    if (rest.AsSpan(0, n).ContainsAnyExcept((byte)0))
                    {
                        throw new InvalidDataException("Data follows the archive.");
                    }
                }

                return manifest ?? throw new InvalidDataException("The manifest is missing.");
            }
            finally
            {
                foreach (var command in _inserts.Values)
                {
                    await command.DisposeAsync();
                }
            }
        }

        private BackupTable TableOf(string name)
        {
            var rest = name[BackupFormat.TablePrefix.Length..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            var table = slash > 0 ? schema.Find(rest[..slash]) : null;
            return table is not null && rest[(slash + 1)..].EndsWith(".jsonl", StringComparison.Ordinal)
                ? table
                : throw new BackupException(DifferentTables);
        }

        private async Task StageBlobAsync(string id, Stream data, CancellationToken cancellationToken)
        {
            if (!RandomId.IsValid(id) || StagedBlobs.ContainsKey(id))
            {
                throw new InvalidDataException("A blob has an invalid or repeated name.");
            }

            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long length = 0;
            await using (var file = OwnerOnly.Open(Path.Combine(staging, id), FileMode.CreateNew, FileAccess.Write, options: FileOptions.Asynchronous))
            {
                var buffer = new byte[FileCipher.CipherChunkLength];
                int n;
                while ((n = await data.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    hash.AppendData(buffer, 0, n);
                    await file.WriteAsync(buffer.AsMemory(0, n), cancellationToken);
                    length += n;
                    read();
                }

                await file.FlushAsync(cancellationToken);
                file.Flush(flushToDisk: true);
            }

            StagedBlobs[id] = (length, Convert.ToHexStringLower(hash.GetHashAndReset()));
            tally.Items();
        }

        private async Task InsertRowsAsync(BackupTable table, byte[] part, CancellationToken cancellationToken)
        {
            if (!_inserts.TryGetValue(table.Name, out var insert))
            {
                insert = connection.CreateCommand();
                insert.Transaction = transaction;
                insert.CommandText = schema.Insert(table);
                for (var i = 0; i < table.Columns.Count; i++)
                {
                    var parameter = insert.CreateParameter();
                    parameter.ParameterName = "@p" + i.ToString(CultureInfo.InvariantCulture);
                    insert.Parameters.Add(parameter);
                }

                _inserts[table.Name] = insert;
            }

            var isFiles = table.Name == schema.FilesTable;
            var keyColumn = table.Key[0];
            try
            {
                var span = part.AsMemory();
                while (!span.IsEmpty)
                {
                    var end = span.Span.IndexOf((byte)'\n');
                    if (end < 0)
                    {
                        throw new InvalidDataException("A table part does not end with a line feed.");
                    }

                    using (var row = JsonDocument.Parse(span[..end]))
                    {
                        var values = row.RootElement;
                        if (values.ValueKind != JsonValueKind.Object || values.EnumerateObject().Count() != table.Columns.Count)
                        {
                            throw new BackupException(DifferentTables);
                        }

                        for (var i = 0; i < table.Columns.Count; i++)
                        {
                            try
                            {
                                insert.Parameters[i].Value = values.TryGetProperty(table.Columns[i].Name, out var value)
                                    ? BackupValues.Read(value, table.Columns[i])
                                    : throw new BackupException(DifferentTables);
                            }
                            catch (FormatException e)
                            {
                                throw new BackupException(DifferentTables, e);
                            }
                        }

                        if (isFiles)
                        {
                            FileIds.Add(values.GetProperty(keyColumn).GetString()!);
                        }
                    }

                    await insert.ExecuteNonQueryAsync(cancellationToken);
                    Rows[table.Name] = Rows.GetValueOrDefault(table.Name) + 1;
                    span = span[(end + 1)..];
                }
            }
            finally
            {
                CryptographicOperations.ZeroMemory(part);
            }
        }

        private static async Task<byte[]> ReadSmallAsync(Stream data, int limit, CancellationToken cancellationToken)
        {
            using var memory = new MemoryStream();
            var buffer = new byte[64 * 1024];
            int n;
            while ((n = await data.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (memory.Length + n > limit)
                {
                    throw new InvalidDataException("An entry is larger than allowed.");
                }

                memory.Write(buffer, 0, n);
            }

            return memory.ToArray();
        }
    }

    /// <summary>What a restore created, to delete if it fails: staging folder, moved blobs, key file, SQLite file.</summary>
    private sealed class Undo(DataDirectory target, string blobs)
    {
        private readonly List<string> _moved = [];
        private bool _createdFolder;
        private bool _createdDatabase;
        private bool _createdBlobs;
        private string? _keyFile;
        private bool _committed;

        public string Staging { get; } = Path.Combine(target.Path, ".restore-" + RandomId.New());

        private string Blobs => blobs;

        /// <summary>Creates the data directory (if needed), the staging folder and, on SQLite, an owner-only database file.</summary>
        public void Prepare()
        {
            _createdFolder = !Directory.Exists(target.Path);
            target.EnsureExists();
            OwnerOnly.CreateFolder(Staging);
            if (target.IsSqlite && !File.Exists(target.DatabaseFile))
            {
                _createdDatabase = true;
                OwnerOnly.Open(target.DatabaseFile, FileMode.CreateNew, FileAccess.Write).Dispose();
            }
        }

        public void MoveBlobsLive(IEnumerable<string> ids)
        {
            if (!Directory.Exists(Blobs))
            {
                OwnerOnly.CreateFolder(Blobs);
                _createdBlobs = true;
            }

            foreach (var id in ids)
            {
                File.Move(Path.Combine(Staging, id), Path.Combine(Blobs, id), overwrite: false);
                _moved.Add(id);
            }
        }

        public void StageKeyFile(byte[] bytes)
        {
            _keyFile = target.InstanceKeyFile + ".restore-" + RandomId.New();
            using var stream = OwnerOnly.Open(_keyFile, FileMode.CreateNew, FileAccess.Write, options: FileOptions.WriteThrough);
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }

        public void Committed() => _committed = true;

        public void PutKeyFileInPlace()
        {
            File.Move(_keyFile!, target.InstanceKeyFile, overwrite: false);
            _keyFile = null;
        }

        /// <summary>Always removes the staging folder; after a failure before the commit, everything else too.</summary>
        public void Run()
        {
            Try(() => Directory.Delete(Staging, recursive: true));
            if (_committed)
            {
                return;
            }

            foreach (var id in _moved)
            {
                Try(() => File.Delete(Path.Combine(Blobs, id)));
            }

            if (_createdBlobs)
            {
                Try(() => Directory.Delete(Blobs));
            }

            if (_keyFile is not null)
            {
                Try(() => File.Delete(_keyFile));
            }

            if (_createdDatabase)
            {
                StorageServiceCollectionExtensions.ClearSqlitePool(target);
                foreach (var suffix in new[] { "", "-journal", "-wal", "-shm" })
                {
                    Try(() => File.Delete(target.DatabaseFile + suffix));
                }
            }

            if (_createdFolder)
            {
                Try(() => Directory.Delete(target.Path));
            }
        }

        private static void Try(Action action)
        {
            try
            {
                action();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
    }
}
