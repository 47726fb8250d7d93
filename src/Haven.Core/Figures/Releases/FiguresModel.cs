using Microsoft.EntityFrameworkCore;

namespace Haven.Figures.Releases;

/// <summary>The EF Core mapping of figure releases (table <c>figure_releases</c>).</summary>
internal static class FiguresModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<FigureRelease>(e =>
        {
            e.ToTable("figure_releases");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id").HasMaxLength(32);
            e.Property(x => x.Number).HasColumnName("number");
            e.Property(x => x.Version).HasColumnName("version");
            e.Property(x => x.Status).HasColumnName("status");
            e.Property(x => x.Definition).HasColumnName("definition");
            e.Property(x => x.Titles).HasColumnName("titles");
            e.Property(x => x.ChangeNote).HasColumnName("change_note");
            e.Property(x => x.Threshold).HasColumnName("threshold");
            e.Property(x => x.Published).HasColumnName("published");
            e.Property(x => x.Audit).HasColumnName("audit");
            e.Property(x => x.Basis).HasColumnName("basis");
            e.Property(x => x.BasisKeyForDocumentation).HasColumnName("basis_key_for_documentation");
            e.Property(x => x.DocumentationGeneration).HasColumnName("documentation_generation");
            e.Property(x => x.PreparedAt).HasColumnName("prepared_at");
            e.Property(x => x.PreparedBy).HasColumnName("prepared_by").HasMaxLength(32);
            e.Property(x => x.PublishedAt).HasColumnName("published_at");
            e.Property(x => x.ApprovedBy).HasColumnName("approved_by").HasMaxLength(32);
            e.Property(x => x.WithdrawnAt).HasColumnName("withdrawn_at");
            e.Property(x => x.WithdrawnBy).HasColumnName("withdrawn_by").HasMaxLength(32);
            e.Property(x => x.WithdrawnReason).HasColumnName("withdrawn_reason");
            e.Property(x => x.DiscardedAt).HasColumnName("discarded_at");
            e.Property(x => x.DiscardedBy).HasColumnName("discarded_by").HasMaxLength(32);

            // Two preparers racing for the same next version (even in two processes) cannot both store it.
            e.HasIndex(x => new { x.Number, x.Version }).IsUnique();
            e.HasIndex(x => x.Status);
        });
    }
}
