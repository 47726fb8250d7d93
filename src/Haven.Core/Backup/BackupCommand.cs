using System.Data;
using System.Data.Common;
using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text.Json;
using Haven.Crypto;
using Haven.Files;
using Haven.Instance;
using Haven.Progress;
using Haven.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Haven.Backup;

/// <summary>
/// Writes a consistent, encrypted backup of a running instance (protocol.md, "Backups"). It needs no secret:
/// the stream key is sealed to the instance's recovery public key, so a scheduled job can take backups and
/// only the holder of the recovery secret can open them.
/// </summary>
/// <remarks>
/// <para>
/// Consistency: every row comes from one snapshot of the database, read in one transaction (SQLite: a
/// deferred read transaction, which in WAL mode sees one snapshot while the server keeps writing;
/// PostgreSQL: REPEATABLE READ, READ ONLY). The blobs are the ones the snapshot's <c>files</c> rows name,
/// read from <c>blobs/</c> (never <c>.part</c> files). Blobs are immutable once final, so the only change a
/// running server can make to them is deleting them, when the retention purge deletes their case after the
/// snapshot was taken. Each case's blobs are all opened before any of them is written (an open file stays
/// readable after it is deleted); if one has already gone and its case no longer exists outside the snapshot,
/// the case was purged meanwhile and is left out whole, with every row that refers to it. Its audit entries
/// stay, as for any purged case. A blob missing for any other reason stops the backup: nothing is silently
/// dropped.
/// </para>
/// <para>
/// Nothing is written in the clear: the tar archive is produced in memory, one table part or one blob at a
/// time, and goes straight into the encrypting stream.
/// </para>
/// </remarks>
internal sealed class BackupCommand(DataDirectory data, TimeProvider clock)
{
    /// <summary>For tests: runs once the snapshot is taken, before any blob is read.</summary>
    internal Func<CancellationToken, Task>? SnapshotTaken { get; init; }

    /// <summary>How long to wait for a blob whose row is committed but which is still <c>.part</c> (the rename follows the commit).</summary>
    internal TimeSpan PendingWait { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Where the blobs are (<c>Haven:Blobs</c>); null for <c>&lt;data&gt;/blobs</c>.</summary>
    public BlobOptions? Blobs { get; init; }

    /// <summary>
    /// Gets the progress: items are the blobs and the tables, bytes those of the blobs (the tables' are not known
    /// before they are read). Counts only.
    /// </summary>
    public IProgress<WorkProgress>? Progress { get; init; }

    /// <summary>
    /// Writes the backup of the running instance to <paramref name="output"/>, from one snapshot of the database.
    /// </summary>
    /// <exception cref="BackupException">A blob of a case that still exists is missing.</exception>
    public async Task<BackupResult> ExecuteAsync(Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var keyFile = await File.ReadAllBytesAsync(data.InstanceKeyFile, cancellationToken);
        var keys = InstanceKeys.Parse(keyFile);
        var createdOn = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

        await using var db = StorageServiceCollectionExtensions.CreateContext(data);
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        await using var transaction = await BeginSnapshotAsync(connection, cancellationToken);
        await db.Database.UseTransactionAsync(transaction, cancellationToken);

        // The first read fixes the snapshot; everything below sees the database as it was at that moment.
        var migration = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).LastOrDefault();
        var files = await db.Files.AsNoTracking().OrderBy(f => f.CaseId).ThenBy(f => f.Id).Select(f => new { f.Id, f.CaseId }).ToListAsync(cancellationToken);
        if (SnapshotTaken is { } hook)
        {
            await hook(cancellationToken);
        }

        var schema = BackupSchema.From(db);
        var manifest = new BackupManifest
        {
            Format = BackupFormat.Version,
            CreatedOn = createdOn,
            Schema = new BackupSchemaInfo { Provider = data.IsSqlite ? "sqlite" : "postgres", Migration = migration },
        };

        var folder = new BlobStore(data, Blobs).Folder;
        var tally = new ProgressTally(Progress);
        tally.Start(files.Count + schema.Tables.Count, files.Sum(f => RandomId.IsValid(f.Id) ? SizeOf(Path.Combine(folder, f.Id)) : 0));
        var key = BackupCipher.NewKey();
        try
        {
            await BackupFormat.WriteHeaderAsync(output, SealedBox.Seal(key, keys.RecoveryPublicKey), cancellationToken);
            using var encryptor = BackupCipher.Encrypt(output, key);
            await using var payload = new EncryptingStream(encryptor);
            var leftOut = new HashSet<string>(StringComparer.Ordinal);
            await using (var tar = new TarWriter(payload, leaveOpen: true))
            {
                using (var instanceKey = new MemoryStream(keyFile, writable: false))
                {
                    await tar.WriteEntryAsync(BackupFormat.Entry(BackupFormat.InstanceKeyEntry, instanceKey), cancellationToken);
                }

                foreach (var group in files.GroupBy(f => f.CaseId, StringComparer.Ordinal))
                {
                    if (!await WriteBlobsAsync(tar, folder, group.Key, [.. group.Select(f => f.Id)], manifest.Blobs, tally, cancellationToken))
                    {
                        leftOut.Add(group.Key);
                    }
                }

                foreach (var table in schema.Tables)
                {
                    manifest.Tables.Add(table.Describe(await WriteTableAsync(tar, schema, table, connection, transaction, leftOut, cancellationToken)));
                    tally.Items();
                }

                manifest.CasesLeftOut = leftOut.Count;
                using var manifestBytes = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(manifest), writable: false);
                await tar.WriteEntryAsync(BackupFormat.Entry(BackupFormat.ManifestEntry, manifestBytes), cancellationToken);
            }

            await payload.CompleteAsync(cancellationToken);
            await output.FlushAsync(cancellationToken);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }

        return new BackupResult(createdOn, manifest.Tables, manifest.Blobs.Count, manifest.Blobs.Sum(b => b.Length), manifest.CasesLeftOut);
    }

    /// <summary>
    /// SQLite: <c>BEGIN</c> (deferred), so that the server's writers are never blocked. PostgreSQL:
    /// REPEATABLE READ, READ ONLY, one snapshot for the whole transaction.
    /// </summary>
    private static async Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        if (connection is SqliteConnection sqlite)
        {
            return sqlite.BeginTransaction(IsolationLevel.Serializable, deferred: true);
        }

        var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SET TRANSACTION READ ONLY";
        await command.ExecuteNonQueryAsync(cancellationToken);
        return transaction;
    }

    /// <summary>Writes the blobs of one case; false when the case was purged after the snapshot (nothing written).</summary>
    private async Task<bool> WriteBlobsAsync(TarWriter tar, string folder, string caseId, List<string> ids, List<BackupBlobInfo> written, ProgressTally tally, CancellationToken cancellationToken)
    {
        var open = new List<(string Id, FileStream Stream)>();
        try
        {
            foreach (var id in ids)
            {
                var stream = RandomId.IsValid(id) ? await OpenBlobAsync(folder, id, cancellationToken) : null;
                if (stream is null)
                {
                    if (!await CaseStillExistsAsync(caseId, cancellationToken))
                    {
                        tally.Items(ids.Count);
                        return false;
                    }

                    throw new BackupException($"file {id} of case {caseId} has no blob in {folder} (it is missing, or still pending after a crash: starting the server once settles pending blobs); no backup was written.");
                }

                open.Add((id, stream));
            }

            foreach (var (id, stream) in open)
            {
                using var hashing = new HashingReadStream(stream, tally.Bytes);
                await tar.WriteEntryAsync(BackupFormat.Entry(BackupFormat.BlobPrefix + id, hashing), cancellationToken);
                written.Add(new BackupBlobInfo { Id = id, Length = hashing.Length, Sha256 = Convert.ToHexStringLower(hashing.Finish()) });
                tally.Items();
            }

            return true;
        }
        finally
        {
            foreach (var (_, stream) in open)
            {
                await stream.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Opens a final blob; if only its <c>.part</c> exists (the row is committed and the rename is about to
    /// follow), waits for the rename. Null when neither appears.
    /// </summary>
    private async Task<FileStream?> OpenBlobAsync(string folder, string id, CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder, id);
        var waited = TimeSpan.Zero;
        while (true)
        {
            try
            {
                // FileShare.Delete: a purge may delete the blob while it is read (on Unix it always can).
                return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                if (!File.Exists(path + ".part") || waited >= PendingWait)
                {
                    return null;
                }
            }

            var step = TimeSpan.FromMilliseconds(50);
            await Task.Delay(step, cancellationToken);
            waited += step;
        }
    }

    /// <summary>The length of a blob for the progress's total; 0 when it is not there (the backup itself says why).</summary>
    private static long SizeOf(string path)
    {
        var file = new FileInfo(path);
        return file.Exists ? file.Length : 0;
    }

    /// <summary>Whether the case exists now, outside the snapshot.</summary>
    private async Task<bool> CaseStillExistsAsync(string caseId, CancellationToken cancellationToken)
    {
        await using var live = StorageServiceCollectionExtensions.CreateContext(data);
        return await live.Cases.AnyAsync(c => c.Id == caseId, cancellationToken);
    }

    /// <summary>Writes a table as JSON lines, in parts of about <see cref="BackupFormat.PartBytes"/>; returns its row count.</summary>
    private static async Task<long> WriteTableAsync(TarWriter tar, BackupSchema schema, BackupTable table, DbConnection connection, DbTransaction transaction, HashSet<string> leftOut, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = schema.SelectAll(table);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var caseOrdinal = table.CaseColumn is null || leftOut.Count == 0 ? -1 : table.Columns.ToList().FindIndex(c => c.Name == table.CaseColumn);
        using var part = new MemoryStream();
        await using var json = new Utf8JsonWriter(part);
        long rows = 0;
        var parts = 0;
        try
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                if (caseOrdinal >= 0 && leftOut.Contains(reader.GetString(caseOrdinal)))
                {
                    continue;
                }

                json.WriteStartObject();
                for (var i = 0; i < table.Columns.Count; i++)
                {
                    json.WritePropertyName(table.Columns[i].Name);
                    BackupValues.Write(json, reader, i, table.Columns[i].Type);
                }

                json.WriteEndObject();
                await json.FlushAsync(cancellationToken);
                json.Reset();
                part.WriteByte((byte)'\n');
                rows++;
                if (part.Length >= BackupFormat.PartBytes)
                {
                    await WritePartAsync();
                }
            }

            if (part.Length > 0)
            {
                await WritePartAsync();
            }
        }
        finally
        {
            // The parts hold ciphertext and metadata, and plaintext only where the database does (names, checklist texts).
            CryptographicOperations.ZeroMemory(part.GetBuffer());
        }

        return rows;

        async Task WritePartAsync()
        {
            part.Position = 0;
            await tar.WriteEntryAsync(BackupFormat.Entry(BackupFormat.TablePart(table.Name, ++parts), part), cancellationToken);
            CryptographicOperations.ZeroMemory(part.GetBuffer().AsSpan(0, (int)part.Length));
            part.SetLength(0);
        }
    }
}
