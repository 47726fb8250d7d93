using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Haven.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Figures : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "figure_releases",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C"),
                    number = table.Column<int>(type: "integer", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<int>(type: "integer", nullable: false),
                    definition = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    titles = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    change_note = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    threshold = table.Column<int>(type: "integer", nullable: false),
                    published = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    audit = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    basis = table.Column<byte[]>(type: "bytea", nullable: false),
                    basis_key_for_documentation = table.Column<byte[]>(type: "bytea", nullable: false),
                    documentation_generation = table.Column<int>(type: "integer", nullable: false),
                    prepared_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    prepared_by = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C"),
                    published_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    approved_by = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true, collation: "C"),
                    withdrawn_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    withdrawn_by = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true, collation: "C"),
                    withdrawn_reason = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    discarded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    discarded_by = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_figure_releases", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_figure_releases_number_version",
                table: "figure_releases",
                columns: new[] { "number", "version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_figure_releases_status",
                table: "figure_releases",
                column: "status");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "figure_releases");
        }
    }
}
