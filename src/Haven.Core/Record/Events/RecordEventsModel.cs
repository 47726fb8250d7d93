using Haven.Cases;
using Microsoft.EntityFrameworkCore;

namespace Haven.Record.Events;

/// <summary>The EF Core mapping of events and victims (table <c>record_versions</c>, protocol.md).</summary>
internal static class RecordEventsModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<RecordVersion>(e =>
        {
            e.ToTable("record_versions");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id").HasMaxLength(32);
            e.Property(x => x.Seq).HasColumnName("seq");
            e.Property(x => x.Kind).HasColumnName("kind").HasMaxLength(16);
            e.Property(x => x.SubjectId).HasColumnName("subject_id").HasMaxLength(32);
            e.Property(x => x.Number).HasColumnName("number");
            e.Property(x => x.CaseId).HasColumnName("case_id").HasMaxLength(32);
            e.Property(x => x.CreatedOn).HasColumnName("created_on");
            e.Property(x => x.DocumentationGeneration).HasColumnName("documentation_generation");
            e.Property(x => x.CaseKeyGeneration).HasColumnName("case_key_generation");
            e.Property(x => x.Coding).HasColumnName("coding");
            e.Property(x => x.CodingKeyForDocumentation).HasColumnName("coding_key_for_documentation");
            e.Property(x => x.CodingKeyForCase).HasColumnName("coding_key_for_case");
            e.Property(x => x.Narrative).HasColumnName("narrative");
            e.Property(x => x.NarrativeKeyForCase).HasColumnName("narrative_key_for_case");

            // Unique, so that two writers (even in two processes) cannot take the same number: see RecordVersion.Seq.
            e.HasIndex(x => x.Seq).IsUnique();
            e.HasIndex(x => new { x.SubjectId, x.Number }).IsUnique();

            // The coding index's refresh: the versions of one documentation generation after the last one it read.
            e.HasIndex(x => new { x.DocumentationGeneration, x.Seq });
            e.HasIndex(x => new { x.CaseId, x.Kind });
            e.HasOne<Case>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
