using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Haven.Storage;

/// <summary>
/// Sets the per-connection SQLite pragmas Haven relies on: foreign keys, a busy timeout for concurrent
/// writers, and secure_delete so that deleted records are overwritten on disk.
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    /// <summary>How long a statement waits for another connection's lock (a writer's) before it fails.</summary>
    public const string BusyTimeout = "PRAGMA busy_timeout=10000;";

    private const string Pragmas = "PRAGMA foreign_keys=ON; " + BusyTimeout + " PRAGMA secure_delete=ON; PRAGMA synchronous=FULL; PRAGMA cache_size=-32768;";

    /// <summary>
    /// The native connections already set up. Pragmas last as long as the native connection, and the pool
    /// hands the same one out again and again, so they are set once per native connection instead of on
    /// every open (EF opens a connection for every query).
    /// </summary>
    private readonly ConditionalWeakTable<object, object> _configured = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (!NeedsPragmas(connection))
        {
            return;
        }

        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
        Configured(connection);
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (!NeedsPragmas(connection))
        {
            return;
        }

        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        Configured(connection);
    }

    private bool NeedsPragmas(DbConnection connection) =>
        connection is not SqliteConnection { Handle: { } handle } || !_configured.TryGetValue(handle, out _);

    private void Configured(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle })
        {
            _configured.AddOrUpdate(handle, handle);
        }
    }
}
