using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Haven.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Act : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "action_counts",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    action_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C"),
                    target_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C"),
                    channel = table.Column<int>(type: "integer", nullable: false),
                    language = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, collation: "C"),
                    country = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false, collation: "C"),
                    count = table.Column<int>(type: "integer", nullable: false),
                    first_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_action_counts", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "action_form_tokens",
                columns: table => new
                {
                    token_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    action_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C"),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_action_form_tokens", x => x.token_hash);
                });

            migrationBuilder.CreateTable(
                name: "action_held",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C"),
                    action_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C"),
                    target_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C"),
                    channel = table.Column<int>(type: "integer", nullable: false),
                    language = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, collation: "C"),
                    country = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false, collation: "C"),
                    sealed_letter = table.Column<byte[]>(type: "bytea", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_action_held", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "action_targets",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C"),
                    action_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C"),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    title = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    organisation = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    postal_address = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    language = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, collation: "C"),
                    salutations = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    channels = table.Column<int>(type: "integer", nullable: false),
                    sealed_email = table.Column<byte[]>(type: "bytea", nullable: true),
                    fax = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    social_handle = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_action_targets", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "action_updates",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C"),
                    action_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C"),
                    number = table.Column<int>(type: "integer", nullable: false),
                    texts = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    published_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    written_by = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_action_updates", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "mail_outbox",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C"),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<int>(type: "integer", nullable: false),
                    payload = table.Column<byte[]>(type: "bytea", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    claimed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_result = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true, collation: "C"),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    action_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true, collation: "C"),
                    target_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true, collation: "C"),
                    language = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true, collation: "C"),
                    country = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_mail_outbox", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "responder_alerts",
                columns: table => new
                {
                    responder_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C"),
                    sealed_address = table.Column<byte[]>(type: "bytea", nullable: false),
                    new_requests = table.Column<bool>(type: "boolean", nullable: false),
                    case_messages = table.Column<bool>(type: "boolean", nullable: false),
                    last_sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    pending_since = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_responder_alerts", x => x.responder_id);
                });

            migrationBuilder.CreateTable(
                name: "urgent_actions",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C"),
                    sequence = table.Column<int>(type: "integer", nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<int>(type: "integer", nullable: false),
                    languages = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C"),
                    texts = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    person_consented = table.Column<bool>(type: "boolean", nullable: false),
                    deadline = table.Column<DateOnly>(type: "date", nullable: true),
                    moderated = table.Column<bool>(type: "boolean", nullable: false),
                    outcome = table.Column<int>(type: "integer", nullable: false),
                    outcome_texts = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    refused = table.Column<int>(type: "integer", nullable: false),
                    revision = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C"),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    published_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ended_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_urgent_actions", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_action_counts_action_id_target_id_channel_language_country",
                table: "action_counts",
                columns: new[] { "action_id", "target_id", "channel", "language", "country" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_action_form_tokens_expires_at",
                table: "action_form_tokens",
                column: "expires_at");

            migrationBuilder.CreateIndex(
                name: "IX_action_held_action_id_created_at",
                table: "action_held",
                columns: new[] { "action_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "IX_action_targets_action_id_kind_position",
                table: "action_targets",
                columns: new[] { "action_id", "kind", "position" });

            migrationBuilder.CreateIndex(
                name: "IX_action_updates_action_id_number",
                table: "action_updates",
                columns: new[] { "action_id", "number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_mail_outbox_action_id_status",
                table: "mail_outbox",
                columns: new[] { "action_id", "status" });

            migrationBuilder.CreateIndex(
                name: "IX_mail_outbox_status_due_at",
                table: "mail_outbox",
                columns: new[] { "status", "due_at" });

            migrationBuilder.CreateIndex(
                name: "IX_urgent_actions_status",
                table: "urgent_actions",
                column: "status");

            migrationBuilder.CreateIndex(
                name: "IX_urgent_actions_year_sequence",
                table: "urgent_actions",
                columns: new[] { "year", "sequence" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "action_counts");

            migrationBuilder.DropTable(
                name: "action_form_tokens");

            migrationBuilder.DropTable(
                name: "action_held");

            migrationBuilder.DropTable(
                name: "action_targets");

            migrationBuilder.DropTable(
                name: "action_updates");

            migrationBuilder.DropTable(
                name: "mail_outbox");

            migrationBuilder.DropTable(
                name: "responder_alerts");

            migrationBuilder.DropTable(
                name: "urgent_actions");
        }
    }
}
