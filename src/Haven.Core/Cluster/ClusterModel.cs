using Microsoft.EntityFrameworkCore;

namespace Haven.Cluster;

/// <summary>
/// The EF Core mapping of what several web nodes share in the database (issue 19): throttle buckets, job
/// leases, data-protection keys and upload reservations. SQLite has the tables too (one schema for both
/// providers) but a single node keeps its in-process paths.
/// </summary>
internal static class ClusterModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ThrottleBucket>(e =>
        {
            e.ToTable("throttle_buckets");
            e.HasKey(x => new { x.Bucket, x.Key });
            e.Property(x => x.Bucket).HasColumnName("bucket").HasMaxLength(32);
            e.Property(x => x.Key).HasColumnName("key").HasMaxLength(64);
            e.Property(x => x.FullAt).HasColumnName("full_at");
            e.HasIndex(x => x.FullAt);
        });
        modelBuilder.Entity<NodeLease>(e =>
        {
            e.ToTable("node_leases");
            e.HasKey(x => x.Name);
            e.Property(x => x.Name).HasColumnName("name").HasMaxLength(32);
            e.Property(x => x.Holder).HasColumnName("holder").HasMaxLength(32);
            e.Property(x => x.ExpiresAt).HasColumnName("expires_at");
            e.Property(x => x.LastRunAt).HasColumnName("last_run_at");
            e.Property(x => x.Runs).HasColumnName("runs");
        });
        modelBuilder.Entity<ProtectionKey>(e =>
        {
            e.ToTable("protection_keys");
            e.HasKey(x => x.Name);
            e.Property(x => x.Name).HasColumnName("name").HasMaxLength(64);
            e.Property(x => x.Xml).HasColumnName("xml");
            e.Property(x => x.CreatedAt).HasColumnName("created_at");
        });
        modelBuilder.Entity<UploadReservation>(e =>
        {
            e.ToTable("upload_reservations");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id").HasMaxLength(32);
            e.Property(x => x.Bytes).HasColumnName("bytes");
            e.Property(x => x.ExpiresAt).HasColumnName("expires_at");
        });
    }
}
