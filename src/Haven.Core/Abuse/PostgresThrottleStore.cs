using System.Text;
using Haven.Crypto;
using Haven.Instance;
using Haven.Storage;
using Npgsql;

namespace Haven.Abuse;

/// <summary>
/// The throttles' buckets in PostgreSQL (table <c>throttle_buckets</c>), shared by every web node: one upsert per
/// attempt does the generic cell rate algorithm's step atomically in the database (a refused attempt reads the
/// bucket once more to say when to come back). A key is stored as <c>BLAKE2b(32, bucket ‖ 0 ‖ key)</c> keyed
/// with a key derived from the instance pepper, in hex: the same on every node, and saying nothing about which
/// name, case or action tried. Time is the caller's clock (the nodes' clocks must agree, as they must for
/// sessions and TOTP). Rows whose bucket is full again are deleted by the lease-held retention run
/// (<see cref="SweepAsync"/>).
/// </summary>
internal sealed class PostgresThrottleStore(DataDirectory data, InstanceState instance) : IThrottleStore
{
    private static readonly byte[] KeyLabel = Encoding.ASCII.GetBytes("haven/v1/throttle-key");

    private byte[]? _hashKey;

    public async Task<LimiterAnswer> ReserveAsync(string bucket, string key, ThrottleRule rule, DateTimeOffset now, CancellationToken cancellationToken)
    {
        now = now.ToUniversalTime();
        var hashed = Hash(bucket, key);
        await using var connection = new NpgsqlConnection(data.Database.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var reserve = new NpgsqlCommand(
            """
            INSERT INTO throttle_buckets (bucket, key, full_at) VALUES (@bucket, @key, @now + @interval)
            ON CONFLICT (bucket, key) DO UPDATE SET full_at = GREATEST(throttle_buckets.full_at, @now) + @interval
            WHERE GREATEST(throttle_buckets.full_at, @now) - @now - @tolerance <= @maxwait
            RETURNING full_at
            """,
            connection))
        {
            reserve.Parameters.AddWithValue("bucket", bucket);
            reserve.Parameters.AddWithValue("key", hashed);
            reserve.Parameters.AddWithValue("now", now);
            reserve.Parameters.AddWithValue("interval", rule.Interval);
            reserve.Parameters.AddWithValue("tolerance", rule.Tolerance);
            reserve.Parameters.AddWithValue("maxwait", rule.MaxWait);
            if (await reserve.ExecuteScalarAsync(cancellationToken) is DateTime full)
            {
                var wait = new DateTimeOffset(full, TimeSpan.Zero) - rule.Interval - now - rule.Tolerance;
                return new LimiterAnswer(true, wait > TimeSpan.Zero ? wait : TimeSpan.Zero, TimeSpan.Zero);
            }
        }

        await using var read = new NpgsqlCommand("SELECT full_at FROM throttle_buckets WHERE bucket = @bucket AND key = @key", connection);
        read.Parameters.AddWithValue("bucket", bucket);
        read.Parameters.AddWithValue("key", hashed);
        var retry = await read.ExecuteScalarAsync(cancellationToken) is DateTime at
            ? new DateTimeOffset(at, TimeSpan.Zero) - now - rule.Tolerance - rule.MaxWait
            : TimeSpan.Zero;

        // Another node gave a permit back in between: the next attempt will find it.
        return new LimiterAnswer(false, TimeSpan.Zero, retry > TimeSpan.Zero ? retry : rule.Interval);
    }

    public async Task RefundAsync(string bucket, string key, TimeSpan interval, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(data.Database.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var refund = new NpgsqlCommand("UPDATE throttle_buckets SET full_at = full_at - @interval WHERE bucket = @bucket AND key = @key", connection);
        refund.Parameters.AddWithValue("bucket", bucket);
        refund.Parameters.AddWithValue("key", Hash(bucket, key));
        refund.Parameters.AddWithValue("interval", interval);
        await refund.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int> SweepAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(data.Database.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var sweep = new NpgsqlCommand("DELETE FROM throttle_buckets WHERE full_at <= @now", connection);
        sweep.Parameters.AddWithValue("now", now.ToUniversalTime());
        return await sweep.ExecuteNonQueryAsync(cancellationToken);
    }

    private string Hash(string bucket, string key)
    {
        var hashKey = _hashKey ??= Blake2b.Hash(32, KeyLabel, instance.Required.Pepper);
        var bytes = Encoding.UTF8.GetBytes(bucket + "\0" + key);
        return Hex.Encode(Blake2b.Hash(32, bytes, hashKey));
    }
}
