using Haven.Storage;
using Npgsql;

namespace Haven.Cluster;

/// <summary>
/// The singleton jobs' leases in PostgreSQL (table <c>node_leases</c>), one row per job. Every time is the
/// database's (<c>now()</c>), so the nodes' clocks need not agree for a lease to expire when it should. A holder is
/// this process's <see cref="NodeIdentity"/>: a restarted node is a new holder and waits for its old lease to expire
/// unless it was released.
/// </summary>
internal sealed class PostgresNodeLeases(DataDirectory data, NodeIdentity node) : INodeLeases
{
    public async Task<LeaseGrant?> TryAcquireAsync(string name, TimeSpan ttl, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var acquire = new NpgsqlCommand(
            """
            INSERT INTO node_leases (name, holder, expires_at, last_run_at, runs) VALUES (@name, @holder, now() + @ttl, NULL, 0)
            ON CONFLICT (name) DO UPDATE SET holder = @holder, expires_at = now() + @ttl
            WHERE node_leases.holder = @holder OR node_leases.expires_at <= now()
            RETURNING last_run_at, now()
            """,
            connection);
        Parameters(acquire, name);
        acquire.Parameters.AddWithValue("ttl", ttl);
        await using var reader = await acquire.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        DateTimeOffset? last = await reader.IsDBNullAsync(0, cancellationToken) ? null : new DateTimeOffset(reader.GetDateTime(0), TimeSpan.Zero);
        return new LeaseGrant(last, new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero));
    }

    public async Task<bool> RenewAsync(string name, TimeSpan ttl, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var renew = new NpgsqlCommand("UPDATE node_leases SET expires_at = now() + @ttl WHERE name = @name AND holder = @holder", connection);
        Parameters(renew, name);
        renew.Parameters.AddWithValue("ttl", ttl);
        return await renew.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task FinishRunAsync(string name, CancellationToken cancellationToken)
    {
        // Only the holder's run is the job's: a node whose lease ran out meanwhile (and was taken over) must not move
        // the last run the new holder schedules by, nor be counted as the job's run.
        await using var connection = await OpenAsync(cancellationToken);
        await using var finish = new NpgsqlCommand("UPDATE node_leases SET last_run_at = now(), runs = runs + 1 WHERE name = @name AND holder = @holder", connection);
        Parameters(finish, name);
        await finish.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task ReleaseAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var release = new NpgsqlCommand("UPDATE node_leases SET expires_at = now() WHERE name = @name AND holder = @holder", connection);
        Parameters(release, name);
        await release.ExecuteNonQueryAsync(cancellationToken);
    }

    private void Parameters(NpgsqlCommand command, string name)
    {
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("holder", node.Id);
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(data.Database.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}
