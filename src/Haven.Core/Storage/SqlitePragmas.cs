using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Haven.Storage;

/// <summary>
/// Sets the per-connection SQLite pragmas Haven relies on: foreign keys, a busy timeout for concurrent
/// writers, and secure_delete so that deleted records are overwritten on disk.
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000; PRAGMA secure_delete=ON; PRAGMA synchronous=FULL; PRAGMA cache_size=-32768;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
