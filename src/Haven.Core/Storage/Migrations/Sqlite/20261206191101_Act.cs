using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Haven.Storage.Migrations.Sqlite
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
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    action_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    target_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    channel = table.Column<int>(type: "INTEGER", nullable: false),
                    language = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    country = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    count = table.Column<int>(type: "INTEGER", nullable: false),
                    first_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    last_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_action_counts", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "action_form_tokens",
                columns: table => new
                {
                    token_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    action_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_action_form_tokens", x => x.token_hash);
                });

            migrationBuilder.CreateTable(
                name: "action_held",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    action_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    target_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    channel = table.Column<int>(type: "INTEGER", nullable: false),
                    language = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    country = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    sealed_letter = table.Column<byte[]>(type: "BLOB", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_action_held", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "action_targets",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    action_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    kind = table.Column<int>(type: "INTEGER", nullable: false),
                    position = table.Column<int>(type: "INTEGER", nullable: false),
                    name = table.Column<string>(type: "TEXT", nullable: false),
                    title = table.Column<string>(type: "TEXT", nullable: false),
                    organisation = table.Column<string>(type: "TEXT", nullable: false),
                    postal_address = table.Column<string>(type: "TEXT", nullable: false),
                    language = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    salutations = table.Column<string>(type: "TEXT", nullable: false),
                    channels = table.Column<int>(type: "INTEGER", nullable: false),
                    sealed_email = table.Column<byte[]>(type: "BLOB", nullable: true),
                    fax = table.Column<string>(type: "TEXT", nullable: true),
                    social_handle = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_action_targets", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "action_updates",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    action_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    number = table.Column<int>(type: "INTEGER", nullable: false),
                    texts = table.Column<string>(type: "TEXT", nullable: false),
                    published_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    written_by = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_action_updates", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "mail_outbox",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    kind = table.Column<int>(type: "INTEGER", nullable: false),
                    status = table.Column<int>(type: "INTEGER", nullable: false),
                    payload = table.Column<byte[]>(type: "BLOB", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    due_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    claimed_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    last_result = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    finished_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    action_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    target_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    language = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    country = table.Column<string>(type: "TEXT", maxLength: 2, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_mail_outbox", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "responder_alerts",
                columns: table => new
                {
                    responder_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    sealed_address = table.Column<byte[]>(type: "BLOB", nullable: false),
                    new_requests = table.Column<bool>(type: "INTEGER", nullable: false),
                    case_messages = table.Column<bool>(type: "INTEGER", nullable: false),
                    last_sent_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    pending_since = table.Column<DateTimeOffset>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_responder_alerts", x => x.responder_id);
                });

            migrationBuilder.CreateTable(
                name: "urgent_actions",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    year = table.Column<int>(type: "INTEGER", nullable: false),
                    status = table.Column<int>(type: "INTEGER", nullable: false),
                    languages = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    texts = table.Column<string>(type: "TEXT", nullable: false),
                    person_consented = table.Column<bool>(type: "INTEGER", nullable: false),
                    deadline = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    moderated = table.Column<bool>(type: "INTEGER", nullable: false),
                    outcome = table.Column<int>(type: "INTEGER", nullable: false),
                    outcome_texts = table.Column<string>(type: "TEXT", nullable: true),
                    refused = table.Column<int>(type: "INTEGER", nullable: false),
                    revision = table.Column<int>(type: "INTEGER", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    published_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    ended_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: true)
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
