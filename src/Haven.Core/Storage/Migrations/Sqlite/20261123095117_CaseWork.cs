using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Haven.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CaseWork : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_case_key_seals_case_id_responder_id",
                table: "case_key_seals");

            migrationBuilder.AddColumn<int>(
                name: "key_generation",
                table: "records",
                type: "INTEGER",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<string>(
                name: "assigned_to",
                table: "cases",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "closed_on",
                table: "cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "key_generation",
                table: "cases",
                type: "INTEGER",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<string>(
                name: "outcome",
                table: "cases",
                type: "TEXT",
                maxLength: 24,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "generation",
                table: "case_key_seals",
                type: "INTEGER",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.CreateTable(
                name: "audit_entries",
                columns: table => new
                {
                    seq = table.Column<long>(type: "INTEGER", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    actor_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    action = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    case_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    subject_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    prev_hash = table.Column<byte[]>(type: "BLOB", nullable: false),
                    hash = table.Column<byte[]>(type: "BLOB", nullable: false),
                    signature = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_entries", x => x.seq);
                });

            migrationBuilder.CreateTable(
                name: "checklist_items",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    key = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    text = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    position = table.Column<int>(type: "INTEGER", nullable: false),
                    active = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_checklist_items", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "invitations",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    token_hash = table.Column<byte[]>(type: "BLOB", nullable: false),
                    role = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    used = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_invitations", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "case_checks",
                columns: table => new
                {
                    case_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    item_id = table.Column<int>(type: "INTEGER", nullable: false),
                    checked_by = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    checked_on = table.Column<DateOnly>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_checks", x => new { x.case_id, x.item_id });
                    table.ForeignKey(
                        name: "FK_case_checks_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_case_checks_checklist_items_item_id",
                        column: x => x.item_id,
                        principalTable: "checklist_items",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_cases_assigned_to",
                table: "cases",
                column: "assigned_to");

            migrationBuilder.CreateIndex(
                name: "IX_cases_last_activity_on",
                table: "cases",
                column: "last_activity_on");

            migrationBuilder.CreateIndex(
                name: "IX_case_key_seals_case_id_generation_responder_id",
                table: "case_key_seals",
                columns: new[] { "case_id", "generation", "responder_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_case_key_seals_responder_id_case_id",
                table: "case_key_seals",
                columns: new[] { "responder_id", "case_id" });

            migrationBuilder.CreateIndex(
                name: "IX_audit_entries_case_id",
                table: "audit_entries",
                column: "case_id");

            migrationBuilder.CreateIndex(
                name: "IX_case_checks_item_id",
                table: "case_checks",
                column: "item_id");

            migrationBuilder.CreateIndex(
                name: "IX_invitations_token_hash",
                table: "invitations",
                column: "token_hash",
                unique: true);

            // Issue 3: the single "Open" state became the workflow; open cases start at Triage.
            migrationBuilder.Sql("UPDATE cases SET state = 'Triage' WHERE state = 'Open';");

            // The default verification checklist, shown in the reader's language by key.
            migrationBuilder.Sql("INSERT INTO checklist_items (key, text, position, active) VALUES ('vouched', NULL, 1, 1), ('consistent', NULL, 2, 1), ('independent', NULL, 3, 1), ('not_bait', NULL, 4, 1), ('safe_channel', NULL, 5, 1);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "audit_entries");

            migrationBuilder.DropTable(
                name: "case_checks");

            migrationBuilder.DropTable(
                name: "invitations");

            migrationBuilder.DropTable(
                name: "checklist_items");

            migrationBuilder.DropIndex(
                name: "IX_cases_assigned_to",
                table: "cases");

            migrationBuilder.DropIndex(
                name: "IX_cases_last_activity_on",
                table: "cases");

            migrationBuilder.DropIndex(
                name: "IX_case_key_seals_case_id_generation_responder_id",
                table: "case_key_seals");

            migrationBuilder.DropIndex(
                name: "IX_case_key_seals_responder_id_case_id",
                table: "case_key_seals");

            migrationBuilder.DropColumn(
                name: "key_generation",
                table: "records");

            migrationBuilder.DropColumn(
                name: "assigned_to",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "closed_on",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "key_generation",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "outcome",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "generation",
                table: "case_key_seals");

            migrationBuilder.CreateIndex(
                name: "IX_case_key_seals_case_id_responder_id",
                table: "case_key_seals",
                columns: new[] { "case_id", "responder_id" },
                unique: true);
        }
    }
}
