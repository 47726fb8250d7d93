using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Haven.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Files : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "files",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    case_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    record_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    length = table.Column<long>(type: "INTEGER", nullable: false),
                    created_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    original_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true)
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

            migrationBuilder.CreateIndex(
                name: "IX_files_case_id",
                table: "files",
                column: "case_id");

            migrationBuilder.CreateIndex(
                name: "IX_files_record_id",
                table: "files",
                column: "record_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "files");
        }
    }
}
