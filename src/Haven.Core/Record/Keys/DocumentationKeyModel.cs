using Microsoft.EntityFrameworkCore;

namespace Haven.Record.Keys;

/// <summary>The tables of the documentation key (protocol.md, "Documentation key"), part of <see cref="Storage.HavenDbContext"/>'s model.</summary>
internal static class DocumentationKeyModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<DocumentationKey>(e =>
        {
            e.ToTable("documentation_keys");
            e.HasKey(x => x.Generation);
            e.Property(x => x.Generation).HasColumnName("generation").ValueGeneratedNever();
            e.Property(x => x.PublicKey).HasColumnName("public_key");
            e.Property(x => x.CreatedOn).HasColumnName("created_on");
        });
        modelBuilder.Entity<DocumentationKeySeal>(e =>
        {
            e.ToTable("documentation_key_seals");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id").HasMaxLength(32);
            e.Property(x => x.Generation).HasColumnName("generation");
            e.Property(x => x.ResponderId).HasColumnName("responder_id").HasMaxLength(32);
            e.Property(x => x.SealedKey).HasColumnName("sealed_key");
            e.HasIndex(x => new { x.Generation, x.ResponderId }).IsUnique();
            e.HasIndex(x => x.ResponderId);
            e.HasOne<DocumentationKey>().WithMany().HasForeignKey(x => x.Generation).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
