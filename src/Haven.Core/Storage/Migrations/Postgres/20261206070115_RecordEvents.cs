using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Haven.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RecordEvents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "record_versions",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C"),
                    seq = table.Column<long>(type: "bigint", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false, collation: "C"),
                    subject_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C"),
                    number = table.Column<int>(type: "integer", nullable: false),
                    case_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C"),
                    created_on = table.Column<DateOnly>(type: "date", nullable: false),
                    documentation_generation = table.Column<int>(type: "integer", nullable: false),
                    case_key_generation = table.Column<int>(type: "integer", nullable: false),
                    coding = table.Column<byte[]>(type: "bytea", nullable: false),
                    coding_key_for_documentation = table.Column<byte[]>(type: "bytea", nullable: false),
                    coding_key_for_case = table.Column<byte[]>(type: "bytea", nullable: false),
                    narrative = table.Column<byte[]>(type: "bytea", nullable: false),
                    narrative_key_for_case = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_record_versions", x => x.id);
                    table.ForeignKey(
                        name: "FK_record_versions_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_record_versions_case_id_kind",
                table: "record_versions",
                columns: new[] { "case_id", "kind" });

            migrationBuilder.CreateIndex(
                name: "IX_record_versions_documentation_generation_seq",
                table: "record_versions",
                columns: new[] { "documentation_generation", "seq" });

            migrationBuilder.CreateIndex(
                name: "IX_record_versions_seq",
                table: "record_versions",
                column: "seq",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_record_versions_subject_id_number",
                table: "record_versions",
                columns: new[] { "subject_id", "number" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "record_versions");
        }
    }
}
