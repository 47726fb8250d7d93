using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Haven.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RecordDocumentationKey : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "documentation_keys",
                columns: table => new
                {
                    generation = table.Column<int>(type: "INTEGER", nullable: false),
                    public_key = table.Column<byte[]>(type: "BLOB", nullable: false),
                    created_on = table.Column<DateOnly>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_documentation_keys", x => x.generation);
                });

            migrationBuilder.CreateTable(
                name: "documentation_key_seals",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    generation = table.Column<int>(type: "INTEGER", nullable: false),
                    responder_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    sealed_key = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_documentation_key_seals", x => x.id);
                    table.ForeignKey(
                        name: "FK_documentation_key_seals_documentation_keys_generation",
                        column: x => x.generation,
                        principalTable: "documentation_keys",
                        principalColumn: "generation",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_documentation_key_seals_generation_responder_id",
                table: "documentation_key_seals",
                columns: new[] { "generation", "responder_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_documentation_key_seals_responder_id",
                table: "documentation_key_seals",
                column: "responder_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "documentation_key_seals");

            migrationBuilder.DropTable(
                name: "documentation_keys");
        }
    }
}
