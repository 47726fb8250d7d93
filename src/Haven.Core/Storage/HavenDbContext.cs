using Haven.Accounts;
using Haven.Cases;
using Haven.Intake;
using Microsoft.EntityFrameworkCore;

namespace Haven.Storage;

/// <summary>The one EF Core model of Haven. Table and column names are part of protocol.md.</summary>
internal sealed class HavenDbContext(DbContextOptions<HavenDbContext> options) : DbContext(options)
{
    public DbSet<Case> Cases => Set<Case>();

    public DbSet<CaseKeySeal> CaseKeySeals => Set<CaseKeySeal>();

    public DbSet<CaseRecord> Records => Set<CaseRecord>();

    public DbSet<Source> Sources => Set<Source>();

    public DbSet<Responder> Responders => Set<Responder>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Case>(e =>
        {
            e.ToTable("cases");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id").HasMaxLength(32);
            e.Property(x => x.State).HasColumnName("state").HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Urgency).HasColumnName("urgency").HasConversion<int>();
            e.Property(x => x.CreatedOn).HasColumnName("created_on");
            e.Property(x => x.LastActivityOn).HasColumnName("last_activity_on");
            e.Property(x => x.AwaitingReply).HasColumnName("awaiting_reply");
            e.Property(x => x.PublicKey).HasColumnName("public_key");
            e.HasIndex(x => new { x.State, x.Urgency });
        });
        modelBuilder.Entity<CaseKeySeal>(e =>
        {
            e.ToTable("case_key_seals");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.CaseId).HasColumnName("case_id").HasMaxLength(32);
            e.Property(x => x.ResponderId).HasColumnName("responder_id").HasMaxLength(32);
            e.Property(x => x.SealedKey).HasColumnName("sealed_key");
            e.HasIndex(x => new { x.CaseId, x.ResponderId }).IsUnique();
            e.HasOne<Case>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<CaseRecord>(e =>
        {
            e.ToTable("records");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id").HasMaxLength(32);
            e.Property(x => x.CaseId).HasColumnName("case_id").HasMaxLength(32);
            e.Property(x => x.Seq).HasColumnName("seq");
            e.Property(x => x.Kind).HasColumnName("kind").HasMaxLength(16);
            e.Property(x => x.CreatedOn).HasColumnName("created_on");
            e.Property(x => x.Ciphertext).HasColumnName("ciphertext");
            e.Property(x => x.KeyForCase).HasColumnName("key_for_case");
            e.Property(x => x.KeyForSource).HasColumnName("key_for_source");
            e.HasIndex(x => new { x.CaseId, x.Seq }).IsUnique();
            e.HasOne<Case>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<Source>(e =>
        {
            e.ToTable("sources");
            e.HasKey(x => x.LookupId);
            e.Property(x => x.LookupId).HasColumnName("lookup_id").HasMaxLength(64);
            e.Property(x => x.CaseId).HasColumnName("case_id").HasMaxLength(32);
            e.Property(x => x.PublicKey).HasColumnName("public_key");
            e.HasIndex(x => x.CaseId);
            e.HasOne<Case>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<Responder>(e =>
        {
            e.ToTable("responders");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id").HasMaxLength(32);
            e.Property(x => x.Name).HasColumnName("name").HasMaxLength(100);
            e.Property(x => x.Role).HasColumnName("role").HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Active).HasColumnName("active");
            e.Property(x => x.X25519PublicKey).HasColumnName("x25519_public_key");
            e.Property(x => x.Ed25519PublicKey).HasColumnName("ed25519_public_key");
            e.Property(x => x.KdfSalt).HasColumnName("kdf_salt");
            e.Property(x => x.Verifier).HasColumnName("verifier");
            e.Property(x => x.WrappedKeys).HasColumnName("wrapped_keys");
            e.Property(x => x.LastTotpStep).HasColumnName("last_totp_step");
            e.Property(x => x.CreatedOn).HasColumnName("created_on");
            e.HasIndex(x => x.Name).IsUnique();
        });
    }
}
