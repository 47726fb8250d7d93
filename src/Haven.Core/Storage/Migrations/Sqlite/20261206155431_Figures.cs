using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Haven.Storage.Migrations.Sqlite
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
                    id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    number = table.Column<int>(type: "INTEGER", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    status = table.Column<int>(type: "INTEGER", nullable: false),
                    definition = table.Column<string>(type: "TEXT", nullable: false),
                    titles = table.Column<string>(type: "TEXT", nullable: false),
                    change_note = table.Column<string>(type: "TEXT", nullable: true),
                    threshold = table.Column<int>(type: "INTEGER", nullable: false),
                    published = table.Column<string>(type: "TEXT", nullable: false),
                    audit = table.Column<string>(type: "TEXT", nullable: false),
                    basis = table.Column<byte[]>(type: "BLOB", nullable: false),
                    basis_key_for_documentation = table.Column<byte[]>(type: "BLOB", nullable: false),
                    documentation_generation = table.Column<int>(type: "INTEGER", nullable: false),
                    prepared_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    prepared_by = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    published_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    approved_by = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    withdrawn_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    withdrawn_by = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    withdrawn_reason = table.Column<string>(type: "TEXT", nullable: true),
                    discarded_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    discarded_by = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true)
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
