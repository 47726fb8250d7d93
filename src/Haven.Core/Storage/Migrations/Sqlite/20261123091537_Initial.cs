using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Haven.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "cases",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    state = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    urgency = table.Column<int>(type: "INTEGER", nullable: false),
                    created_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    last_activity_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    awaiting_reply = table.Column<bool>(type: "INTEGER", nullable: false),
                    public_key = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cases", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "responders",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    role = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    active = table.Column<bool>(type: "INTEGER", nullable: false),
                    x25519_public_key = table.Column<byte[]>(type: "BLOB", nullable: false),
                    ed25519_public_key = table.Column<byte[]>(type: "BLOB", nullable: false),
                    kdf_salt = table.Column<byte[]>(type: "BLOB", nullable: false),
                    verifier = table.Column<byte[]>(type: "BLOB", nullable: false),
                    wrapped_keys = table.Column<byte[]>(type: "BLOB", nullable: false),
                    last_totp_step = table.Column<long>(type: "INTEGER", nullable: false),
                    created_on = table.Column<DateOnly>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_responders", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "case_key_seals",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    case_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    responder_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    sealed_key = table.Column<byte[]>(type: "BLOB", nullable: false)
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
                name: "records",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    case_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    seq = table.Column<long>(type: "INTEGER", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    created_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ciphertext = table.Column<byte[]>(type: "BLOB", nullable: false),
                    key_for_case = table.Column<byte[]>(type: "BLOB", nullable: false),
                    key_for_source = table.Column<byte[]>(type: "BLOB", nullable: true)
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
                    lookup_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    case_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    public_key = table.Column<byte[]>(type: "BLOB", nullable: false)
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

            migrationBuilder.CreateIndex(
                name: "IX_case_key_seals_case_id_responder_id",
                table: "case_key_seals",
                columns: new[] { "case_id", "responder_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_cases_state_urgency",
                table: "cases",
                columns: new[] { "state", "urgency" });

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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "case_key_seals");

            migrationBuilder.DropTable(
                name: "records");

            migrationBuilder.DropTable(
                name: "responders");

            migrationBuilder.DropTable(
                name: "sources");

            migrationBuilder.DropTable(
                name: "cases");
        }
    }
}
