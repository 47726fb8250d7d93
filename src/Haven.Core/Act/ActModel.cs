using Microsoft.EntityFrameworkCore;

namespace Haven.Act;

/// <summary>The EF Core mapping of Act (tables <c>urgent_actions</c>, <c>action_updates</c>, <c>action_targets</c>, <c>action_counts</c>, <c>action_held</c>, <c>action_form_tokens</c>).</summary>
internal static class ActModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<UrgentAction>(e =>
        {
            e.ToTable("urgent_actions");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id").HasMaxLength(32);
            e.Property(x => x.Sequence).HasColumnName("sequence");
            e.Property(x => x.Year).HasColumnName("year");
            e.Property(x => x.Status).HasColumnName("status");
            e.Property(x => x.Languages).HasColumnName("languages").HasMaxLength(200);
            e.Property(x => x.Texts).HasColumnName("texts");
            e.Property(x => x.PersonConsented).HasColumnName("person_consented");
            e.Property(x => x.Deadline).HasColumnName("deadline");
            e.Property(x => x.Moderated).HasColumnName("moderated");
            e.Property(x => x.Outcome).HasColumnName("outcome");
            e.Property(x => x.OutcomeTexts).HasColumnName("outcome_texts");
            e.Property(x => x.Refused).HasColumnName("refused");
            e.Property(x => x.Revision).HasColumnName("revision");
            e.Property(x => x.CreatedAt).HasColumnName("created_at");
            e.Property(x => x.CreatedBy).HasColumnName("created_by").HasMaxLength(32);
            e.Property(x => x.UpdatedAt).HasColumnName("updated_at");
            e.Property(x => x.PublishedAt).HasColumnName("published_at");
            e.Property(x => x.EndedAt).HasColumnName("ended_at");

            // Drafts have (0, 0); a published number is unique (a filtered index would differ per provider, so
            // drafts are told apart by status in the queries and the number is given under the write lock).
            e.HasIndex(x => new { x.Year, x.Sequence });
            e.HasIndex(x => x.Status);
        });

        modelBuilder.Entity<ActionUpdate>(e =>
        {
            e.ToTable("action_updates");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id").HasMaxLength(32);
            e.Property(x => x.ActionId).HasColumnName("action_id").HasMaxLength(32);
            e.Property(x => x.Number).HasColumnName("number");
            e.Property(x => x.Texts).HasColumnName("texts");
            e.Property(x => x.PublishedAt).HasColumnName("published_at");
            e.Property(x => x.WrittenBy).HasColumnName("written_by").HasMaxLength(32);
            e.HasIndex(x => new { x.ActionId, x.Number }).IsUnique();
        });

        modelBuilder.Entity<ActionTarget>(e =>
        {
            e.ToTable("action_targets");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id").HasMaxLength(32);
            e.Property(x => x.ActionId).HasColumnName("action_id").HasMaxLength(32);
            e.Property(x => x.Kind).HasColumnName("kind");
            e.Property(x => x.Position).HasColumnName("position");
            e.Property(x => x.Name).HasColumnName("name");
            e.Property(x => x.Title).HasColumnName("title");
            e.Property(x => x.Organisation).HasColumnName("organisation");
            e.Property(x => x.PostalAddress).HasColumnName("postal_address");
            e.Property(x => x.Language).HasColumnName("language").HasMaxLength(20);
            e.Property(x => x.Salutations).HasColumnName("salutations");
            e.Property(x => x.Channels).HasColumnName("channels");
            e.Property(x => x.SealedEmail).HasColumnName("sealed_email");
            e.Property(x => x.Fax).HasColumnName("fax");
            e.Property(x => x.SocialHandle).HasColumnName("social_handle");
            e.HasIndex(x => new { x.ActionId, x.Kind, x.Position });
        });

        modelBuilder.Entity<ActionCount>(e =>
        {
            e.ToTable("action_counts");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id").ValueGeneratedOnAdd();
            e.Property(x => x.ActionId).HasColumnName("action_id").HasMaxLength(32);
            e.Property(x => x.TargetId).HasColumnName("target_id").HasMaxLength(32);
            e.Property(x => x.Channel).HasColumnName("channel");
            e.Property(x => x.Language).HasColumnName("language").HasMaxLength(20);
            e.Property(x => x.Country).HasColumnName("country").HasMaxLength(2);
            e.Property(x => x.Count).HasColumnName("count");
            e.Property(x => x.FirstAt).HasColumnName("first_at");
            e.Property(x => x.LastAt).HasColumnName("last_at");
            e.HasIndex(x => new { x.ActionId, x.TargetId, x.Channel, x.Language, x.Country }).IsUnique();
        });

        modelBuilder.Entity<HeldSubmission>(e =>
        {
            e.ToTable("action_held");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id").HasMaxLength(32);
            e.Property(x => x.ActionId).HasColumnName("action_id").HasMaxLength(32);
            e.Property(x => x.TargetId).HasColumnName("target_id").HasMaxLength(32);
            e.Property(x => x.Channel).HasColumnName("channel");
            e.Property(x => x.Language).HasColumnName("language").HasMaxLength(20);
            e.Property(x => x.Country).HasColumnName("country").HasMaxLength(2);
            e.Property(x => x.SealedLetter).HasColumnName("sealed_letter");
            e.Property(x => x.CreatedAt).HasColumnName("created_at");
            e.HasIndex(x => new { x.ActionId, x.CreatedAt });
        });

        modelBuilder.Entity<UsedFormToken>(e =>
        {
            e.ToTable("action_form_tokens");
            e.HasKey(x => x.TokenHash);
            e.Property(x => x.TokenHash).HasColumnName("token_hash").HasMaxLength(64);
            e.Property(x => x.ActionId).HasColumnName("action_id").HasMaxLength(32);
            e.Property(x => x.ExpiresAt).HasColumnName("expires_at");
            e.HasIndex(x => x.ExpiresAt);
        });
    }
}
