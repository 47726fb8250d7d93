using Haven.Cluster;
using Npgsql;

namespace Haven.Storage;

/// <summary>
/// The write lock of several web nodes on one PostgreSQL: this process's semaphore first (re-entrant within one
/// asynchronous flow, as <see cref="ProcessWriteLock"/>), then the session-level advisory lock
/// <see cref="ClusterLocks.Write"/> on a connection of its own, held for the work and released after. So the
/// audit chain head and record numbers are read and taken by one writer of the instance at a time; their unique
/// keys stay the net. The connection is not pooled: closing it releases the advisory lock, and one that breaks
/// (or whose lock or unlock fails) is closed and opened anew next time. A node that dies drops its connection,
/// and the server releases its lock. Lock order: <see cref="ClusterLocks"/>.
/// </summary>
internal sealed class PostgresWriteLock : IWriteLock, IDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);

    /// <summary>Whether the current asynchronous flow already holds the lock.</summary>
    private readonly AsyncLocal<bool> _held = new();

    private readonly string _connectionString;

    /// <summary>The lock's own connection, used only holding <see cref="_lock"/>; null until opened or after it broke.</summary>
    private NpgsqlConnection? _connection;

    public PostgresWriteLock(DataDirectory data)
    {
        ArgumentNullException.ThrowIfNull(data);
        _connectionString = new NpgsqlConnectionStringBuilder(data.Database.ConnectionString)
        {
            Pooling = false,
            ApplicationName = "haven-write-lock",
            // Waiting for the lock is as long as another node's write takes; the caller's token ends a wait.
            CommandTimeout = 0,
            // A half-open connection is noticed by this side too.
            KeepAlive = 30,
        }.ConnectionString;
    }

    public async Task<T> RunAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (_held.Value)
        {
            return await work();
        }

        await _lock.WaitAsync(cancellationToken);
        try
        {
            var connection = await LockAsync(cancellationToken);
            try
            {
                _held.Value = true;
                return await work();
            }
            finally
            {
                _held.Value = false;
                await UnlockAsync(connection);
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    private async Task<NpgsqlConnection> LockAsync(CancellationToken cancellationToken)
    {
        var reused = _connection is not null;
        try
        {
            return await TryLockAsync(cancellationToken);
        }
        catch (Exception e) when (reused && !cancellationToken.IsCancellationRequested && (e is NpgsqlException || StorageFailure.IsStorageFailure(e)))
        {
            // The connection kept from an earlier write died meanwhile (the server restarted, a failover): once more
            // on a new one, so that the first write after the database is back does not fail for it.
            return await TryLockAsync(cancellationToken);
        }
    }

    private async Task<NpgsqlConnection> TryLockAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (_connection is null)
            {
                _connection = new NpgsqlConnection(_connectionString);
                await _connection.OpenAsync(cancellationToken);
            }

            await using var command = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", _connection);
            command.Parameters.AddWithValue("key", ClusterLocks.Write);
            await command.ExecuteNonQueryAsync(cancellationToken);
            return _connection;
        }
        catch
        {
            // Broken, or cancelled at a point where the lock may or may not be held: closing the session releases it.
            await DropAsync();
            throw;
        }
    }

    private async Task UnlockAsync(NpgsqlConnection connection)
    {
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
            command.Parameters.AddWithValue("key", ClusterLocks.Write);
            // Not cancellable: the work is done and the lock must go whatever the caller wants now.
            var released = await command.ExecuteScalarAsync(CancellationToken.None);
            if (released is not true)
            {
                await DropAsync();
            }
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            // The connection broke during the work: the server ends its session (and the lock) when it notices;
            // the next write opens a new one.
            await DropAsync();
        }
    }

    private async Task DropAsync()
    {
        var connection = _connection;
        _connection = null;
        if (connection is not null)
        {
            await connection.DisposeAsync();
        }
    }

    public void Dispose()
    {
        _connection?.Dispose();
        _connection = null;
        _lock.Dispose();
    }
}
