using Haven.Accounts;
using Haven.Audit;
using Haven.Cases;
using Haven.Intake;
using Haven.Record.Keys;
using Haven.Record.Vocabulary;
using Haven.TeamTexts;
using Haven.Workflow;
using Microsoft.EntityFrameworkCore;

namespace Haven.Storage;

/// <summary>The one EF Core model of Haven. Table and column names are part of protocol.md.</summary>
internal sealed class HavenDbContext(DbContextOptions<HavenDbContext> options) : DbContext(options)
{
    public DbSet<Case> Cases => Set<Case>();

    public DbSet<CaseKeySeal> CaseKeySeals => Set<CaseKeySeal>();

    public DbSet<CaseHolding> CaseHoldings => Set<CaseHolding>();

    public DbSet<HoldingCount> HoldingCounts => Set<HoldingCount>();

    public DbSet<CaseRecord> Records => Set<CaseRecord>();

    public DbSet<Source> Sources => Set<Source>();

    public DbSet<Responder> Responders => Set<Responder>();

    public DbSet<Invitation> Invitations => Set<Invitation>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<ChecklistItem> ChecklistItems => Set<ChecklistItem>();

    public DbSet<CaseCheck> CaseChecks => Set<CaseCheck>();

    public DbSet<Files.StoredFile> Files => Set<Files.StoredFile>();

    public DbSet<TeamTextVersion> TeamTexts => Set<TeamTextVersion>();

    public DbSet<StoredTerm> VocabularyTerms => Set<StoredTerm>();

    public DbSet<StoredTermLabel> VocabularyTermLabels => Set<StoredTermLabel>();

    public DbSet<StoredRegion> GazetteerRegions => Set<StoredRegion>();

    public DbSet<StoredRegionLabel> GazetteerRegionLabels => Set<StoredRegionLabel>();

    public DbSet<DocumentationKey> DocumentationKeys => Set<DocumentationKey>();

    public DbSet<DocumentationKeySeal> DocumentationKeySeals => Set<DocumentationKeySeal>();

    public DbSet<Record.Events.RecordVersion> RecordVersions => Set<Record.Events.RecordVersion>();

    public DbSet<Figures.Releases.FigureRelease> FigureReleases => Set<Figures.Releases.FigureRelease>();

    public DbSet<Act.UrgentAction> UrgentActions => Set<Act.UrgentAction>();

    public DbSet<Act.ActionUpdate> ActionUpdates => Set<Act.ActionUpdate>();

    public DbSet<Act.ActionTarget> ActionTargets => Set<Act.ActionTarget>();

    public DbSet<Act.ActionCount> ActionCounts => Set<Act.ActionCount>();

    public DbSet<Act.HeldSubmission> HeldSubmissions => Set<Act.HeldSubmission>();

    public DbSet<Act.UsedFormToken> UsedFormTokens => Set<Act.UsedFormToken>();

    public DbSet<Mail.OutboxMessage> Outbox => Set<Mail.OutboxMessage>();

    public DbSet<Alerts.ResponderAlert> ResponderAlerts => Set<Alerts.ResponderAlert>();

    public DbSet<Cluster.ThrottleBucket> ThrottleBuckets => Set<Cluster.ThrottleBucket>();

    public DbSet<Cluster.NodeLease> NodeLeases => Set<Cluster.NodeLease>();

    public DbSet<Cluster.ProtectionKey> ProtectionKeys => Set<Cluster.ProtectionKey>();

    public DbSet<Cluster.UploadReservation> UploadReservations => Set<Cluster.UploadReservation>();

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
            e.Property(x => x.KeyGeneration).HasColumnName("key_generation").HasDefaultValue(1);
            e.Property(x => x.AssignedTo).HasColumnName("assigned_to").HasMaxLength(32);
            e.Property(x => x.Outcome).HasColumnName("outcome").HasConversion<string>().HasMaxLength(24);
            e.Property(x => x.ClosedOn).HasColumnName("closed_on");
            e.HasIndex(x => new { x.State, x.Urgency });
            e.HasIndex(x => x.AssignedTo);
            e.HasIndex(x => x.LastActivityOn);

            // The inbox's orders, so that a page is found without sorting every case (docs/benchmarks.md).
            e.HasIndex(x => new { x.Urgency, x.LastActivityOn, x.Id });
            e.HasIndex(x => new { x.State, x.CreatedOn, x.Id });
            e.HasIndex(x => x.CreatedOn);
            e.HasIndex(x => new { x.State, x.ClosedOn });

            // Triggers copy these fields into case_holdings (migration CaseHoldings); EF must not read values back through RETURNING.
            e.ToTable(t => t.HasTrigger(CaseHoldingTriggers.OnCaseChanged));
        });
        modelBuilder.Entity<CaseKeySeal>(e =>
        {
            e.ToTable("case_key_seals");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.CaseId).HasColumnName("case_id").HasMaxLength(32);
            e.Property(x => x.ResponderId).HasColumnName("responder_id").HasMaxLength(32);
            e.Property(x => x.SealedKey).HasColumnName("sealed_key");
            e.Property(x => x.Generation).HasColumnName("generation").HasDefaultValue(1);
            e.HasIndex(x => new { x.CaseId, x.Generation, x.ResponderId }).IsUnique();
            e.HasIndex(x => new { x.ResponderId, x.CaseId });
            e.HasOne<Case>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
            e.ToTable(t =>
            {
                t.HasTrigger(CaseHoldingTriggers.OnSealAdded);
                t.HasTrigger(CaseHoldingTriggers.OnSealRemoved);
            });
        });
        modelBuilder.Entity<CaseHolding>(e =>
        {
            // Derived from cases and case_key_seals by triggers; each index is one way the inbox reads a responder's cases.
            e.ToTable("case_holdings", t =>
            {
                t.HasTrigger(CaseHoldingTriggers.OnHoldingAdded);
                t.HasTrigger(CaseHoldingTriggers.OnHoldingRemoved);
                t.HasTrigger(CaseHoldingTriggers.OnHoldingMoved);
            });
            e.IsDerived();
            e.HasKey(x => new { x.ResponderId, x.CaseId });
            e.Property(x => x.ResponderId).HasColumnName("responder_id").HasMaxLength(32);
            e.Property(x => x.CaseId).HasColumnName("case_id").HasMaxLength(32);
            e.Property(x => x.State).HasColumnName("state").HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Urgency).HasColumnName("urgency").HasConversion<int>();
            e.Property(x => x.CreatedOn).HasColumnName("created_on");
            e.Property(x => x.LastActivityOn).HasColumnName("last_activity_on");
            e.Property(x => x.AwaitingReply).HasColumnName("awaiting_reply");
            e.Property(x => x.AssignedTo).HasColumnName("assigned_to").HasMaxLength(32);
            e.Property(x => x.ClosedOn).HasColumnName("closed_on");
            e.HasIndex(x => x.CaseId);

            // The orders of the list; the columns after the order let a filter's counts be read from the index alone.
            e.HasIndex(x => new { x.ResponderId, x.Urgency, x.LastActivityOn, x.CaseId, x.AwaitingReply, x.State }).HasDatabaseName("IX_case_holdings_by_urgency");
            e.HasIndex(x => new { x.ResponderId, x.LastActivityOn, x.CaseId, x.State }).HasDatabaseName("IX_case_holdings_by_activity");
            e.HasIndex(x => new { x.ResponderId, x.CreatedOn, x.CaseId }).HasDatabaseName("IX_case_holdings_by_opening");
            e.HasIndex(x => new { x.ResponderId, x.State, x.CreatedOn, x.CaseId }).HasDatabaseName("IX_case_holdings_by_state");

            // The retention rule's columns (the warning's three parts, the "soon" filter) and the assignee filters.
            e.HasIndex(x => new { x.ResponderId, x.State, x.ClosedOn, x.LastActivityOn }).HasDatabaseName("IX_case_holdings_by_closing");
            e.HasIndex(x => new { x.ResponderId, x.AssignedTo, x.LastActivityOn, x.State }).HasDatabaseName("IX_case_holdings_by_assignee");
            e.HasOne<Case>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<HoldingCount>(e =>
        {
            e.ToTable("holding_counts");
            e.IsDerived();
            e.HasKey(x => new { x.ResponderId, x.State });
            e.Property(x => x.ResponderId).HasColumnName("responder_id").HasMaxLength(32);
            e.Property(x => x.State).HasColumnName("state").HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Held).HasColumnName("held");
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
            e.Property(x => x.KeyGeneration).HasColumnName("key_generation").HasDefaultValue(1);
            e.HasIndex(x => new { x.CaseId, x.Seq }).IsUnique();

            // "Has the team replied at all?" for the person's page, without reading the whole case.
            e.HasIndex(x => new { x.CaseId, x.Kind });
            e.HasOne<Case>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<Files.StoredFile>(e =>
        {
            e.ToTable("files");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id").HasMaxLength(32);
            e.Property(x => x.CaseId).HasColumnName("case_id").HasMaxLength(32);
            e.Property(x => x.RecordId).HasColumnName("record_id").HasMaxLength(32);
            e.Property(x => x.Length).HasColumnName("length");
            e.Property(x => x.CreatedOn).HasColumnName("created_on");
            e.Property(x => x.OriginalId).HasColumnName("original_id").HasMaxLength(32);
            e.HasIndex(x => x.CaseId);
            e.HasIndex(x => x.RecordId);
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
        modelBuilder.Entity<Invitation>(e =>
        {
            e.ToTable("invitations");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id").HasMaxLength(32);
            e.Property(x => x.TokenHash).HasColumnName("token_hash");
            e.Property(x => x.Role).HasColumnName("role").HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.CreatedBy).HasColumnName("created_by").HasMaxLength(32);
            e.Property(x => x.ExpiresAt).HasColumnName("expires_at");
            e.Property(x => x.Used).HasColumnName("used");
            e.HasIndex(x => x.TokenHash).IsUnique();
        });
        modelBuilder.Entity<AuditEntry>(e =>
        {
            e.ToTable("audit_entries");
            e.HasKey(x => x.Seq);
            e.Property(x => x.Seq).HasColumnName("seq").ValueGeneratedNever();
            e.Property(x => x.At).HasColumnName("at");
            e.Property(x => x.ActorId).HasColumnName("actor_id").HasMaxLength(32);
            e.Property(x => x.Action).HasColumnName("action").HasMaxLength(64);
            e.Property(x => x.CaseId).HasColumnName("case_id").HasMaxLength(32);
            e.Property(x => x.SubjectId).HasColumnName("subject_id").HasMaxLength(64);
            e.Property(x => x.PrevHash).HasColumnName("prev_hash");
            e.Property(x => x.Hash).HasColumnName("hash");
            e.Property(x => x.Signature).HasColumnName("signature");
            e.HasIndex(x => x.CaseId);
        });
        modelBuilder.Entity<ChecklistItem>(e =>
        {
            e.ToTable("checklist_items");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.Key).HasColumnName("key").HasMaxLength(32);
            e.Property(x => x.Text).HasColumnName("text").HasMaxLength(300);
            e.Property(x => x.Position).HasColumnName("position");
            e.Property(x => x.Active).HasColumnName("active");
        });
        modelBuilder.Entity<CaseCheck>(e =>
        {
            e.ToTable("case_checks");
            e.HasKey(x => new { x.CaseId, x.ItemId });
            e.Property(x => x.CaseId).HasColumnName("case_id").HasMaxLength(32);
            e.Property(x => x.ItemId).HasColumnName("item_id");
            e.Property(x => x.CheckedBy).HasColumnName("checked_by").HasMaxLength(32);
            e.Property(x => x.CheckedOn).HasColumnName("checked_on");
            e.HasOne<Case>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<ChecklistItem>().WithMany().HasForeignKey(x => x.ItemId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<TeamTextVersion>(e =>
        {
            // Public configuration shown on the intake, in the clear; every version is kept.
            e.ToTable("team_texts");
            e.HasKey(x => new { x.Language, x.Kind, x.Version });
            e.Property(x => x.Language).HasColumnName("language").HasMaxLength(16);
            e.Property(x => x.Kind).HasColumnName("kind").HasMaxLength(32);
            e.Property(x => x.Version).HasColumnName("version");
            e.Property(x => x.Text).HasColumnName("text").HasMaxLength(TeamTextKinds.MaxLength);
            e.Property(x => x.ChangedBy).HasColumnName("changed_by").HasMaxLength(32);
            e.Property(x => x.ChangedOn).HasColumnName("changed_on");
        });

        // Record's controlled lists and gazetteer (Record/Vocabulary).
        VocabularyModel.Configure(modelBuilder);

        // Record's documentation key (Record/Keys).
        DocumentationKeyModel.Configure(modelBuilder);

        // Record's events and victims (Record/Events).
        Record.Events.RecordEventsModel.Configure(modelBuilder);

        // Figures' releases (Figures/Releases).
        Figures.Releases.FiguresModel.Configure(modelBuilder);

        // Act (Urgent Actions), the mail outbox and responders' alerts (issue 18).
        Act.ActModel.Configure(modelBuilder);
        Mail.MailModel.Configure(modelBuilder);
        Alerts.AlertsModel.Configure(modelBuilder);
        Cluster.ClusterModel.Configure(modelBuilder);
    }
}
