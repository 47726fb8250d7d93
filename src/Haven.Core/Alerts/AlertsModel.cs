using Microsoft.EntityFrameworkCore;

namespace Haven.Alerts;

/// <summary>The EF Core mapping of responders' alert opt-ins (table <c>responder_alerts</c>).</summary>
internal static class AlertsModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ResponderAlert>(e =>
        {
            e.ToTable("responder_alerts");
            e.HasKey(x => x.ResponderId);
            e.Property(x => x.ResponderId).HasColumnName("responder_id").HasMaxLength(32);
            e.Property(x => x.SealedAddress).HasColumnName("sealed_address");
            e.Property(x => x.NewRequests).HasColumnName("new_requests");
            e.Property(x => x.CaseMessages).HasColumnName("case_messages");
            e.Property(x => x.LastSentAt).HasColumnName("last_sent_at");
            e.Property(x => x.PendingSince).HasColumnName("pending_since");
        });
    }
}
