using Microsoft.EntityFrameworkCore;

namespace Haven.Mail;

/// <summary>The EF Core mapping of the mail outbox (table <c>mail_outbox</c>).</summary>
internal static class MailModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboxMessage>(e =>
        {
            e.ToTable("mail_outbox");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id").HasMaxLength(32);
            e.Property(x => x.Kind).HasColumnName("kind");
            e.Property(x => x.Status).HasColumnName("status");
            e.Property(x => x.Payload).HasColumnName("payload");
            e.Property(x => x.CreatedAt).HasColumnName("created_at");
            e.Property(x => x.DueAt).HasColumnName("due_at");
            e.Property(x => x.Attempts).HasColumnName("attempts");
            e.Property(x => x.ClaimedAt).HasColumnName("claimed_at");
            e.Property(x => x.LastResult).HasColumnName("last_result").HasMaxLength(100);
            e.Property(x => x.FinishedAt).HasColumnName("finished_at");
            e.Property(x => x.ActionId).HasColumnName("action_id").HasMaxLength(32);
            e.Property(x => x.TargetId).HasColumnName("target_id").HasMaxLength(32);
            e.Property(x => x.Language).HasColumnName("language").HasMaxLength(20);
            e.Property(x => x.Country).HasColumnName("country").HasMaxLength(2);
            e.HasIndex(x => new { x.Status, x.DueAt });
            e.HasIndex(x => new { x.ActionId, x.Status });
        });
    }
}
