using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Haven.Storage.Migrations.Postgres
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
                    responder_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C"),
                    case_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C"),
                    state = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false, collation: "C"),
                    urgency = table.Column<int>(type: "integer", nullable: false),
                    created_on = table.Column<DateOnly>(type: "date", nullable: false),
                    last_activity_on = table.Column<DateOnly>(type: "date", nullable: false),
                    awaiting_reply = table.Column<bool>(type: "boolean", nullable: false),
                    assigned_to = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true, collation: "C"),
                    closed_on = table.Column<DateOnly>(type: "date", nullable: true)
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
                    responder_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C"),
                    state = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false, collation: "C"),
                    held = table.Column<int>(type: "integer", nullable: false)
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
                CREATE FUNCTION holding_counts_on_holding_added() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO holding_counts (responder_id, state, held) VALUES (NEW.responder_id, NEW.state, 1)
                    ON CONFLICT (responder_id, state) DO UPDATE SET held = holding_counts.held + 1;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER holding_counts_on_holding_added AFTER INSERT ON case_holdings
                FOR EACH ROW EXECUTE FUNCTION holding_counts_on_holding_added();
                """);
            migrationBuilder.Sql("""
                CREATE FUNCTION holding_counts_on_holding_removed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE holding_counts SET held = held - 1 WHERE responder_id = OLD.responder_id AND state = OLD.state;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER holding_counts_on_holding_removed AFTER DELETE ON case_holdings
                FOR EACH ROW EXECUTE FUNCTION holding_counts_on_holding_removed();
                """);
            migrationBuilder.Sql("""
                CREATE FUNCTION holding_counts_on_holding_moved() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE holding_counts SET held = held - 1 WHERE responder_id = OLD.responder_id AND state = OLD.state;
                    INSERT INTO holding_counts (responder_id, state, held) VALUES (NEW.responder_id, NEW.state, 1)
                    ON CONFLICT (responder_id, state) DO UPDATE SET held = holding_counts.held + 1;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER holding_counts_on_holding_moved AFTER UPDATE OF state, responder_id ON case_holdings
                FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state OR OLD.responder_id IS DISTINCT FROM NEW.responder_id)
                EXECUTE FUNCTION holding_counts_on_holding_moved();
                """);
            migrationBuilder.Sql("""
                CREATE FUNCTION case_holdings_on_seal_added() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO case_holdings (responder_id, case_id, state, urgency, created_on, last_activity_on, awaiting_reply, assigned_to, closed_on)
                    SELECT NEW.responder_id, c.id, c.state, c.urgency, c.created_on, c.last_activity_on, c.awaiting_reply, c.assigned_to, c.closed_on
                    FROM cases c WHERE c.id = NEW.case_id
                    ON CONFLICT (responder_id, case_id) DO NOTHING;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER case_holdings_on_seal_added AFTER INSERT ON case_key_seals
                FOR EACH ROW WHEN (NEW.responder_id IS NOT NULL) EXECUTE FUNCTION case_holdings_on_seal_added();
                """);
            migrationBuilder.Sql("""
                CREATE FUNCTION case_holdings_on_seal_removed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    DELETE FROM case_holdings WHERE responder_id = OLD.responder_id AND case_id = OLD.case_id
                    AND NOT EXISTS (SELECT 1 FROM case_key_seals s WHERE s.case_id = OLD.case_id AND s.responder_id = OLD.responder_id);
                    RETURN NULL;
                END $$;
                CREATE TRIGGER case_holdings_on_seal_removed AFTER DELETE ON case_key_seals
                FOR EACH ROW WHEN (OLD.responder_id IS NOT NULL) EXECUTE FUNCTION case_holdings_on_seal_removed();
                """);
            migrationBuilder.Sql("""
                CREATE FUNCTION case_holdings_on_case_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE case_holdings SET state = NEW.state, urgency = NEW.urgency, created_on = NEW.created_on, last_activity_on = NEW.last_activity_on,
                        awaiting_reply = NEW.awaiting_reply, assigned_to = NEW.assigned_to, closed_on = NEW.closed_on
                    WHERE case_id = NEW.id;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER case_holdings_on_case_changed AFTER UPDATE OF state, urgency, created_on, last_activity_on, awaiting_reply, assigned_to, closed_on ON cases
                FOR EACH ROW WHEN ((OLD.state, OLD.urgency, OLD.created_on, OLD.last_activity_on, OLD.awaiting_reply, OLD.assigned_to, OLD.closed_on)
                    IS DISTINCT FROM (NEW.state, NEW.urgency, NEW.created_on, NEW.last_activity_on, NEW.awaiting_reply, NEW.assigned_to, NEW.closed_on))
                EXECUTE FUNCTION case_holdings_on_case_changed();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var (trigger, table) in new[] { ("case_holdings_on_case_changed", "cases"), ("case_holdings_on_seal_removed", "case_key_seals"), ("case_holdings_on_seal_added", "case_key_seals"), ("holding_counts_on_holding_moved", "case_holdings"), ("holding_counts_on_holding_removed", "case_holdings"), ("holding_counts_on_holding_added", "case_holdings") })
            {
                migrationBuilder.Sql($"DROP TRIGGER IF EXISTS {trigger} ON {table}; DROP FUNCTION IF EXISTS {trigger}();");
            }

            migrationBuilder.DropTable(
                name: "case_holdings");

            migrationBuilder.DropTable(
                name: "holding_counts");
        }
    }
}
