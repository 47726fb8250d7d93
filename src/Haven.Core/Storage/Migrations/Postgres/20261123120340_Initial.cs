using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Haven.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "audit_entries",
                columns: table => new
                {
                    seq = table.Column<long>(type: "bigint", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    actor_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C"),
                    action = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    case_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true, collation: "C"),
                    subject_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true, collation: "C"),
                    prev_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    signature = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_entries", x => x.seq);
                });

            migrationBuilder.CreateTable(
                name: "cases",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C"),
                    state = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false, collation: "C"),
                    urgency = table.Column<int>(type: "integer", nullable: false),
                    created_on = table.Column<DateOnly>(type: "date", nullable: false),
                    last_activity_on = table.Column<DateOnly>(type: "date", nullable: false),
                    awaiting_reply = table.Column<bool>(type: "boolean", nullable: false),
                    public_key = table.Column<byte[]>(type: "bytea", nullable: false),
                    key_generation = table.Column<int>(type: "integer", nullable: false, defaultValue: 1),
                    assigned_to = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true, collation: "C"),
                    outcome = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: true, collation: "C"),
                    closed_on = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cases", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "checklist_items",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    key = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true, collation: "C"),
                    text = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true, collation: "C"),
                    position = table.Column<int>(type: "integer", nullable: false),
                    active = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_checklist_items", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "invitations",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C"),
                    token_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    role = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false, collation: "C"),
                    created_by = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C"),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    used = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_invitations", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "responders",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C"),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false, collation: "C"),
                    role = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false, collation: "C"),
                    active = table.Column<bool>(type: "boolean", nullable: false),
                    x25519_public_key = table.Column<byte[]>(type: "bytea", nullable: false),
                    ed25519_public_key = table.Column<byte[]>(type: "bytea", nullable: false),
                    kdf_salt = table.Column<byte[]>(type: "bytea", nullable: false),
                    verifier = table.Column<byte[]>(type: "bytea", nullable: false),
                    wrapped_keys = table.Column<byte[]>(type: "bytea", nullable: false),
                    last_totp_step = table.Column<long>(type: "bigint", nullable: false),
                    created_on = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_responders", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "case_key_seals",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    case_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C"),
                    responder_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true, collation: "C"),
                    generation = table.Column<int>(type: "integer", nullable: false, defaultValue: 1),
                    sealed_key = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_key_seals", x => x.id);
                    table.ForeignKey(
                        name: "FK_case_key_seals_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "files",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C"),
                    case_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C"),
                    record_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C"),
                    length = table.Column<long>(type: "bigint", nullable: false),
                    created_on = table.Column<DateOnly>(type: "date", nullable: false),
                    original_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_files", x => x.id);
                    table.ForeignKey(
                        name: "FK_files_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "records",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C"),
                    case_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C"),
                    seq = table.Column<long>(type: "bigint", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false, collation: "C"),
                    key_generation = table.Column<int>(type: "integer", nullable: false, defaultValue: 1),
                    created_on = table.Column<DateOnly>(type: "date", nullable: false),
                    ciphertext = table.Column<byte[]>(type: "bytea", nullable: false),
                    key_for_case = table.Column<byte[]>(type: "bytea", nullable: false),
                    key_for_source = table.Column<byte[]>(type: "bytea", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_records", x => x.id);
                    table.ForeignKey(
                        name: "FK_records_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "sources",
                columns: table => new
                {
                    lookup_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    case_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C"),
                    public_key = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sources", x => x.lookup_id);
                    table.ForeignKey(
                        name: "FK_sources_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "case_checks",
                columns: table => new
                {
                    case_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C"),
                    item_id = table.Column<int>(type: "integer", nullable: false),
                    checked_by = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C"),
                    checked_on = table.Column<DateOnly>(type: "date", nullable: false)
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
                name: "IX_audit_entries_case_id",
                table: "audit_entries",
                column: "case_id");

            migrationBuilder.CreateIndex(
                name: "IX_case_checks_item_id",
                table: "case_checks",
                column: "item_id");

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
                name: "IX_cases_assigned_to",
                table: "cases",
                column: "assigned_to");

            migrationBuilder.CreateIndex(
                name: "IX_cases_last_activity_on",
                table: "cases",
                column: "last_activity_on");

            migrationBuilder.CreateIndex(
                name: "IX_cases_state_urgency",
                table: "cases",
                columns: new[] { "state", "urgency" });

            migrationBuilder.CreateIndex(
                name: "IX_files_case_id",
                table: "files",
                column: "case_id");

            migrationBuilder.CreateIndex(
                name: "IX_files_record_id",
                table: "files",
                column: "record_id");

            migrationBuilder.CreateIndex(
                name: "IX_invitations_token_hash",
                table: "invitations",
                column: "token_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_records_case_id_seq",
                table: "records",
                columns: new[] { "case_id", "seq" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_responders_name",
                table: "responders",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_sources_case_id",
                table: "sources",
                column: "case_id");

            // The default verification checklist, as the SQLite migration CaseWork seeds it (texts come from the resources by key).
            migrationBuilder.Sql("INSERT INTO checklist_items (key, text, position, active) VALUES ('vouched', NULL, 1, TRUE), ('consistent', NULL, 2, TRUE), ('independent', NULL, 3, TRUE), ('not_bait', NULL, 4, TRUE), ('safe_channel', NULL, 5, TRUE);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "audit_entries");

            migrationBuilder.DropTable(
                name: "case_checks");

            migrationBuilder.DropTable(
                name: "case_key_seals");

            migrationBuilder.DropTable(
                name: "files");

            migrationBuilder.DropTable(
                name: "invitations");

            migrationBuilder.DropTable(
                name: "records");

            migrationBuilder.DropTable(
                name: "responders");

            migrationBuilder.DropTable(
                name: "sources");

            migrationBuilder.DropTable(
                name: "checklist_items");

            migrationBuilder.DropTable(
                name: "cases");
        }
    }
}
