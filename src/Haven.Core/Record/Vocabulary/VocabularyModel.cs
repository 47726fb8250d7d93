using Microsoft.EntityFrameworkCore;

namespace Haven.Record.Vocabulary;

/// <summary>
/// The tables of the controlled lists and the gazetteer in <see cref="Storage.HavenDbContext"/>, and the seeded
/// terms. Plaintext: they are the team's configuration, and coding refers to them by key only.
/// </summary>
internal static class VocabularyModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<StoredTerm>(e =>
        {
            e.ToTable("vocabulary_terms");
            e.HasKey(x => new { x.List, x.Key });
            e.Property(x => x.List).HasColumnName("list").HasConversion<string>().HasMaxLength(32);
            e.Property(x => x.Key).HasColumnName("key").HasMaxLength(VocabularyRules.MaxKeyLength);
            e.Property(x => x.Position).HasColumnName("position");
            e.Property(x => x.Retired).HasColumnName("retired");
            e.HasData(VocabularySeed.StoredTerms());
        });
        modelBuilder.Entity<StoredTermLabel>(e =>
        {
            e.ToTable("vocabulary_term_labels");
            e.HasKey(x => new { x.List, x.Key, x.Culture });
            e.Property(x => x.List).HasColumnName("list").HasConversion<string>().HasMaxLength(32);
            e.Property(x => x.Key).HasColumnName("key").HasMaxLength(VocabularyRules.MaxKeyLength);
            e.Property(x => x.Culture).HasColumnName("culture").HasMaxLength(VocabularyRules.MaxCultureLength);
            e.Property(x => x.Label).HasColumnName("label").HasMaxLength(VocabularyRules.MaxLabelLength);
            e.HasOne<StoredTerm>().WithMany().HasForeignKey(x => new { x.List, x.Key }).OnDelete(DeleteBehavior.Cascade);
            e.HasData(VocabularySeed.StoredLabels());
        });
        modelBuilder.Entity<StoredRegion>(e =>
        {
            e.ToTable("gazetteer_regions");
            e.HasKey(x => x.Code);
            e.Property(x => x.Code).HasColumnName("code").HasMaxLength(VocabularyRules.MaxKeyLength);
            e.Property(x => x.ParentCode).HasColumnName("parent_code").HasMaxLength(VocabularyRules.MaxKeyLength);
            e.Property(x => x.Position).HasColumnName("position");
            e.Property(x => x.Retired).HasColumnName("retired");
            e.HasIndex(x => x.ParentCode);
            e.HasOne<StoredRegion>().WithMany().HasForeignKey(x => x.ParentCode).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<StoredRegionLabel>(e =>
        {
            e.ToTable("gazetteer_region_labels");
            e.HasKey(x => new { x.Code, x.Culture });
            e.Property(x => x.Code).HasColumnName("code").HasMaxLength(VocabularyRules.MaxKeyLength);
            e.Property(x => x.Culture).HasColumnName("culture").HasMaxLength(VocabularyRules.MaxCultureLength);
            e.Property(x => x.Label).HasColumnName("label").HasMaxLength(VocabularyRules.MaxLabelLength);
            e.HasOne<StoredRegion>().WithMany().HasForeignKey(x => x.Code).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
