using Haven.Cluster;
using Haven.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Haven.Files;

/// <summary>
/// The storage quota for several web nodes on one PostgreSQL (<see cref="IsActive"/>; SQLite keeps the
/// in-process <see cref="StorageQuota"/>). An upload's reservation is a row in <c>upload_reservations</c>,
/// grown as its bytes arrive and renewed each time; "used" is the committed sum of the files plus the live
/// reservations of every node, checked and reserved under the advisory lock <see cref="ClusterLocks.Quota"/>
/// (transaction-level; lock order: <see cref="ClusterLocks"/>). A reservation is deleted when its batch ends; one
/// left by a node that died expires after <see cref="Lifetime"/> and is then deleted by the next reservation.
/// </summary>
internal sealed class SharedQuota(DataDirectory data, IDbContextFactory<HavenDbContext> dbFactory, IOptions<AttachmentOptions> options, TimeProvider clock)
{
    /// <summary>How long a reservation lives after its last growth: longer than any upload pauses between two reads.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    /// <summary>Whether the quota is held in the database (PostgreSQL) rather than in this process.</summary>
    public bool IsActive => !data.IsSqlite;

    /// <summary>
    /// Adds at least <paramref name="bytes"/>, and up to <paramref name="preferred"/> while the quota has ample room, to
    /// the reservation <paramref name="id"/> (made if new, its expiry renewed) when the files committed plus every
    /// live reservation plus them stay within the quota. Returns the bytes granted; 0 when even
    /// <paramref name="bytes"/> do not fit, and then nothing is reserved. Expired reservations are deleted first.
    /// <paramref name="cancellationToken"/> is looked at once, before the transaction: a request cancelled half-way
    /// through it (a person's connection breaking between two reads of the body) would cut a commit and log an error
    /// for nothing; the transaction is a few statements, and a grant the upload no longer uses is released by its
    /// batch's end like any other.
    /// </summary>
    public async Task<long> TryReserveAsync(string id, long bytes, long preferred, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        cancellationToken.ThrowIfCancellationRequested();
        var whole = CancellationToken.None;
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(whole);
        await using var transaction = await db.Database.BeginTransactionAsync(whole);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({ClusterLocks.Quota})", whole);
        await db.UploadReservations.Where(r => r.ExpiresAt <= now).ExecuteDeleteAsync(whole);
        var committed = await db.Files.SumAsync(f => f.Length, whole);
        var reserved = await db.UploadReservations.SumAsync(r => r.Bytes, whole);
        var room = options.Value.QuotaBytes - committed - reserved;
        if (bytes > room)
        {
            await transaction.CommitAsync(whole);
            return 0;
        }

        // More than asked only from ample room (a sixteenth of what is left), so that uploads near the quota do
        // not starve each other with grants they will not use.
        var grant = Math.Max(bytes, Math.Min(preferred, (room - bytes) / 16));
        var row = await db.UploadReservations.SingleOrDefaultAsync(r => r.Id == id, whole);
        if (row is null)
        {
            db.UploadReservations.Add(new UploadReservation { Id = id, Bytes = grant, ExpiresAt = now + Lifetime });
        }
        else
        {
            row.Bytes += grant;
            row.ExpiresAt = now + Lifetime;
        }

        await db.SaveChangesAsync(whole);
        await transaction.CommitAsync(whole);
        return grant;
    }

    /// <summary>
    /// Deletes the reservation <paramref name="id"/>: its files are committed (and counted as files) or given up.
    /// Best effort: when the database cannot be reached the row expires by itself.
    /// </summary>
    public void Release(string id)
    {
        try
        {
            using var db = dbFactory.CreateDbContext();
            db.UploadReservations.Where(r => r.Id == id).ExecuteDelete();
        }
        catch (Exception e) when (StorageFailure.IsStorageFailure(e))
        {
            // Expires after Lifetime; until then it only makes the quota stricter.
        }
    }

    /// <summary>Bytes reserved by live reservations of every node (for tests and the operator).</summary>
    public async Task<long> ReservedAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.UploadReservations.Where(r => r.ExpiresAt > now).SumAsync(r => r.Bytes, cancellationToken);
    }
}
