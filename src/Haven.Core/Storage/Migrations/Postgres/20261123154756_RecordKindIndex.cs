using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Haven.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RecordKindIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_records_case_id_kind",
                table: "records",
                columns: new[] { "case_id", "kind" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_records_case_id_kind",
                table: "records");
        }
    }
}
