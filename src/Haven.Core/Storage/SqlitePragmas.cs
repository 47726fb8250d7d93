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

    /// <summary>
    /// Gives the query planner statistics (<c>sqlite_stat1</c>) for the tables whose size changed much since
    /// the last time, each from a sample of its index pages (<c>analysis_limit</c>), so that it takes quickly
    /// even with a million cases. Without them SQLite guesses between indexes that start alike (the inbox's
    /// <c>case_holdings</c> has several per responder) and can walk every case a responder holds. Run when the
    /// database is opened at start and after every purge, as SQLite advises for long-running applications.
    /// </summary>
    public const string Optimize = "PRAGMA analysis_limit=1000; PRAGMA optimize=0x10002;";

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
