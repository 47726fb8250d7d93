using Haven.Crypto;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;

namespace Haven.Instance;

/// <summary>
/// Creates a new instance in a data directory: applies migrations and writes the key file. Returns the
/// recovery key pair, whose secret half the caller must hand to the operator once and then dispose; the audit log
/// begins with <c>instance.setup</c>, signed by the new instance key. When
/// anything fails (a full disk, the database down) it removes what it created: a folder it made is deleted,
/// a folder that existed keeps only what it held before. A PostgreSQL database it migrated is left, empty of
/// data; the next <c>haven init</c> uses it.
/// </summary>
internal static class InitInstanceCommand
{
    /// <summary>
    /// Creates the instance in <paramref name="data"/> and returns the recovery key pair. Throws
    /// <see cref="InvalidOperationException"/> when the directory already holds an instance.
    /// </summary>
    /// <exception cref="InvalidOperationException">The data directory already holds an instance.</exception>
    /// <exception cref="StorageStartupException">The data directory cannot be written.</exception>
    public static async Task<X25519KeyPair> ExecuteAsync(DataDirectory data, CancellationToken cancellationToken)
    {
        if (InstanceKeys.Exists(data))
        {
            throw new InvalidOperationException("This data directory already holds a Haven instance.");
        }

        var existed = Directory.Exists(data.Path);
        var before = existed ? Directory.GetFileSystemEntries(data.Path).ToHashSet(StringComparer.Ordinal) : [];
        try
        {
            StorageStartup.CheckWritable(data);
            await StorageServiceCollectionExtensions.MigrateAsync(data, cancellationToken);
            var (keys, recovery) = InstanceKeys.Create();
            try
            {
                keys.Save(data);
                await RecordSetupAsync(data, keys, cancellationToken);
            }
            catch
            {
                recovery.Dispose();
                throw;
            }

            return recovery;
        }
        catch
        {
            Undo(data, existed, before);
            throw;
        }
    }

    /// <summary>
    /// Writes the first audit entry, <c>instance.setup</c>, signed by the new key (<see cref="InstanceSetupEntry"/>),
    /// after the key file: an entry whose key was never saved would lock every node out. Refuses a database whose
    /// audit log already has entries: it belongs to an instance set up before (another node's), whose key is
    /// to be copied, not replaced.
    /// </summary>
    private static async Task RecordSetupAsync(DataDirectory data, InstanceKeys keys, CancellationToken cancellationToken)
    {
        var writeLock = Audit.AuditServiceCollectionExtensions.WriteLockFor(data);
        using var disposable = writeLock as IDisposable;
        var instance = new InstanceState(data);
        instance.Set(keys);
        var writer = new Audit.AuditedWriter(new DataDirectoryContextFactory(data), writeLock, [], instance, TimeProvider.System);
        await writer.WriteAsync(
            async scope =>
            {
                if (await scope.Db.AuditEntries.AnyAsync(cancellationToken) || await AddResponderCommand.HasAdministratorAsync(scope.Db, cancellationToken))
                {
                    throw new StorageStartupException($"the database of {data.Path} is already set up (it has an administrator or an audit log): this is another node of an existing instance; copy instance.key from the first node (the one set up first) into {data.Path} instead of running haven init.");
                }

                var system = writer.System(dayOnly: false);
                using (system.SigningKeys)
                {
                    await scope.SaveAsync(system, new Audit.AuditEvent(InstanceSetupEntry.Action), cancellationToken);
                }

                return true;
            },
            cancellationToken);
    }

    /// <summary>Removes what a failed init created; best effort, the original failure is what gets reported.</summary>
    private static void Undo(DataDirectory data, bool existed, HashSet<string> before)
    {
        if (data.IsSqlite)
        {
            // Close pooled connections first: the last one to close would otherwise write the WAL back later.
            StorageServiceCollectionExtensions.ClearSqlitePool(data);
        }

        try
        {
            if (!existed)
            {
                if (Directory.Exists(data.Path))
                {
                    Directory.Delete(data.Path, recursive: true);
                }

                return;
            }

            foreach (var entry in Directory.GetFileSystemEntries(data.Path).Where(e => !before.Contains(e)))
            {
                if (Directory.Exists(entry))
                {
                    Directory.Delete(entry, recursive: true);
                }
                else
                {
                    File.Delete(entry);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Reported by the caller's failure; an operator can remove the rest by hand.
        }
    }
}
