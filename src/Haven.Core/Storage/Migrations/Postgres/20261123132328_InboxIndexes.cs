using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Haven.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class InboxIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_cases_created_on",
                table: "cases",
                column: "created_on");

            migrationBuilder.CreateIndex(
                name: "IX_cases_state_closed_on",
                table: "cases",
                columns: new[] { "state", "closed_on" });

            migrationBuilder.CreateIndex(
                name: "IX_cases_state_created_on_id",
                table: "cases",
                columns: new[] { "state", "created_on", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_cases_urgency_last_activity_on_id",
                table: "cases",
                columns: new[] { "urgency", "last_activity_on", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_cases_created_on",
                table: "cases");

            migrationBuilder.DropIndex(
                name: "IX_cases_state_closed_on",
                table: "cases");

            migrationBuilder.DropIndex(
                name: "IX_cases_state_created_on_id",
                table: "cases");

            migrationBuilder.DropIndex(
                name: "IX_cases_urgency_last_activity_on_id",
                table: "cases");
        }
    }
}
