using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Haven.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CaseHoldings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "case_holdings",
                columns: table => new
                {
                    responder_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    case_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    state = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    urgency = table.Column<int>(type: "INTEGER", nullable: false),
                    created_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    last_activity_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    awaiting_reply = table.Column<bool>(type: "INTEGER", nullable: false),
                    assigned_to = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    closed_on = table.Column<DateOnly>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_holdings", x => new { x.responder_id, x.case_id });
                    table.ForeignKey(
                        name: "FK_case_holdings_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "holding_counts",
                columns: table => new
                {
                    responder_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    state = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    held = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_holding_counts", x => new { x.responder_id, x.state });
                });

            migrationBuilder.CreateIndex(
                name: "IX_case_holdings_by_activity",
                table: "case_holdings",
                columns: new[] { "responder_id", "last_activity_on", "case_id", "state" });

            migrationBuilder.CreateIndex(
                name: "IX_case_holdings_by_assignee",
                table: "case_holdings",
                columns: new[] { "responder_id", "assigned_to", "last_activity_on", "state" });

            migrationBuilder.CreateIndex(
                name: "IX_case_holdings_by_closing",
                table: "case_holdings",
                columns: new[] { "responder_id", "state", "closed_on", "last_activity_on" });

            migrationBuilder.CreateIndex(
                name: "IX_case_holdings_by_opening",
                table: "case_holdings",
                columns: new[] { "responder_id", "created_on", "case_id" });

            migrationBuilder.CreateIndex(
                name: "IX_case_holdings_by_state",
                table: "case_holdings",
                columns: new[] { "responder_id", "state", "created_on", "case_id" });

            migrationBuilder.CreateIndex(
                name: "IX_case_holdings_by_urgency",
                table: "case_holdings",
                columns: new[] { "responder_id", "urgency", "last_activity_on", "case_id", "awaiting_reply", "state" });

            migrationBuilder.CreateIndex(
                name: "IX_case_holdings_case_id",
                table: "case_holdings",
                column: "case_id");

            // What responders hold today, then the counts, then the triggers that keep both from now on.
            migrationBuilder.Sql("""
                INSERT INTO case_holdings (responder_id, case_id, state, urgency, created_on, last_activity_on, awaiting_reply, assigned_to, closed_on)
                SELECT DISTINCT s.responder_id, c.id, c.state, c.urgency, c.created_on, c.last_activity_on, c.awaiting_reply, c.assigned_to, c.closed_on
                FROM case_key_seals s JOIN cases c ON c.id = s.case_id
                WHERE s.responder_id IS NOT NULL;
                """);
            migrationBuilder.Sql("""
                INSERT INTO holding_counts (responder_id, state, held)
                SELECT responder_id, state, count(*) FROM case_holdings GROUP BY responder_id, state;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER holding_counts_on_holding_added AFTER INSERT ON case_holdings
                BEGIN
                    INSERT INTO holding_counts (responder_id, state, held) VALUES (NEW.responder_id, NEW.state, 1)
                    ON CONFLICT (responder_id, state) DO UPDATE SET held = held + 1;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER holding_counts_on_holding_removed AFTER DELETE ON case_holdings
                BEGIN
                    UPDATE holding_counts SET held = held - 1 WHERE responder_id = OLD.responder_id AND state = OLD.state;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER holding_counts_on_holding_moved AFTER UPDATE OF state ON case_holdings
                WHEN OLD.state <> NEW.state OR OLD.responder_id <> NEW.responder_id
                BEGIN
                    UPDATE holding_counts SET held = held - 1 WHERE responder_id = OLD.responder_id AND state = OLD.state;
                    INSERT INTO holding_counts (responder_id, state, held) VALUES (NEW.responder_id, NEW.state, 1)
                    ON CONFLICT (responder_id, state) DO UPDATE SET held = held + 1;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER case_holdings_on_seal_added AFTER INSERT ON case_key_seals
                WHEN NEW.responder_id IS NOT NULL
                BEGIN
                    INSERT INTO case_holdings (responder_id, case_id, state, urgency, created_on, last_activity_on, awaiting_reply, assigned_to, closed_on)
                    SELECT NEW.responder_id, c.id, c.state, c.urgency, c.created_on, c.last_activity_on, c.awaiting_reply, c.assigned_to, c.closed_on
                    FROM cases c WHERE c.id = NEW.case_id
                    ON CONFLICT (responder_id, case_id) DO NOTHING;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER case_holdings_on_seal_removed AFTER DELETE ON case_key_seals
                WHEN OLD.responder_id IS NOT NULL
                BEGIN
                    DELETE FROM case_holdings WHERE responder_id = OLD.responder_id AND case_id = OLD.case_id
                    AND NOT EXISTS (SELECT 1 FROM case_key_seals s WHERE s.case_id = OLD.case_id AND s.responder_id = OLD.responder_id);
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER case_holdings_on_case_changed AFTER UPDATE OF state, urgency, created_on, last_activity_on, awaiting_reply, assigned_to, closed_on ON cases
                WHEN OLD.state IS NOT NEW.state OR OLD.urgency IS NOT NEW.urgency OR OLD.created_on IS NOT NEW.created_on OR OLD.last_activity_on IS NOT NEW.last_activity_on
                    OR OLD.awaiting_reply IS NOT NEW.awaiting_reply OR OLD.assigned_to IS NOT NEW.assigned_to OR OLD.closed_on IS NOT NEW.closed_on
                BEGIN
                    UPDATE case_holdings SET state = NEW.state, urgency = NEW.urgency, created_on = NEW.created_on, last_activity_on = NEW.last_activity_on,
                        awaiting_reply = NEW.awaiting_reply, assigned_to = NEW.assigned_to, closed_on = NEW.closed_on
                    WHERE case_id = NEW.id;
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var trigger in new[] { "case_holdings_on_case_changed", "case_holdings_on_seal_removed", "case_holdings_on_seal_added", "holding_counts_on_holding_moved", "holding_counts_on_holding_removed", "holding_counts_on_holding_added" })
            {
                migrationBuilder.Sql($"DROP TRIGGER IF EXISTS {trigger};");
            }

            migrationBuilder.DropTable(
                name: "case_holdings");

            migrationBuilder.DropTable(
                name: "holding_counts");
        }
    }
}
