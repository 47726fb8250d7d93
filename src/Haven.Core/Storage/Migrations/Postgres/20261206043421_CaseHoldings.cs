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
            // Statement-level triggers over transition tables: a statement that writes many rows (a COPY, a
            // restore, a purge's cascade) adjusts each count once, instead of updating the same few count rows
            // once per row, which in one transaction leaves a version of the row per update to walk.
            migrationBuilder.Sql("""
                CREATE FUNCTION holding_counts_on_holding_added() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO holding_counts (responder_id, state, held)
                    SELECT responder_id, state, count(*) FROM added GROUP BY responder_id, state
                    ON CONFLICT (responder_id, state) DO UPDATE SET held = holding_counts.held + EXCLUDED.held;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER holding_counts_on_holding_added AFTER INSERT ON case_holdings
                REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION holding_counts_on_holding_added();
                """);
            migrationBuilder.Sql("""
                CREATE FUNCTION holding_counts_on_holding_removed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE holding_counts h SET held = h.held - r.n
                    FROM (SELECT responder_id, state, count(*) AS n FROM removed GROUP BY responder_id, state) r
                    WHERE h.responder_id = r.responder_id AND h.state = r.state;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER holding_counts_on_holding_removed AFTER DELETE ON case_holdings
                REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION holding_counts_on_holding_removed();
                """);
            migrationBuilder.Sql("""
                CREATE FUNCTION holding_counts_on_holding_moved() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO holding_counts (responder_id, state, held)
                    SELECT responder_id, state, sum(n) FROM (
                        SELECT responder_id, state, count(*) AS n FROM after_move GROUP BY responder_id, state
                        UNION ALL
                        SELECT responder_id, state, -count(*) FROM before_move GROUP BY responder_id, state) d
                    GROUP BY responder_id, state HAVING sum(n) <> 0
                    ON CONFLICT (responder_id, state) DO UPDATE SET held = holding_counts.held + EXCLUDED.held;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER holding_counts_on_holding_moved AFTER UPDATE ON case_holdings
                REFERENCING OLD TABLE AS before_move NEW TABLE AS after_move FOR EACH STATEMENT EXECUTE FUNCTION holding_counts_on_holding_moved();
                """);
            migrationBuilder.Sql("""
                CREATE FUNCTION case_holdings_on_seal_added() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO case_holdings (responder_id, case_id, state, urgency, created_on, last_activity_on, awaiting_reply, assigned_to, closed_on)
                    SELECT DISTINCT s.responder_id, c.id, c.state, c.urgency, c.created_on, c.last_activity_on, c.awaiting_reply, c.assigned_to, c.closed_on
                    FROM added s JOIN cases c ON c.id = s.case_id
                    WHERE s.responder_id IS NOT NULL
                    ON CONFLICT (responder_id, case_id) DO NOTHING;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER case_holdings_on_seal_added AFTER INSERT ON case_key_seals
                REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION case_holdings_on_seal_added();
                """);
            migrationBuilder.Sql("""
                CREATE FUNCTION case_holdings_on_seal_removed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    DELETE FROM case_holdings h
                    USING (SELECT DISTINCT case_id, responder_id FROM removed WHERE responder_id IS NOT NULL) r
                    WHERE h.responder_id = r.responder_id AND h.case_id = r.case_id
                    AND NOT EXISTS (SELECT 1 FROM case_key_seals s WHERE s.case_id = r.case_id AND s.responder_id = r.responder_id);
                    RETURN NULL;
                END $$;
                CREATE TRIGGER case_holdings_on_seal_removed AFTER DELETE ON case_key_seals
                REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION case_holdings_on_seal_removed();
                """);
            migrationBuilder.Sql("""
                CREATE FUNCTION case_holdings_on_case_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE case_holdings h SET state = n.state, urgency = n.urgency, created_on = n.created_on, last_activity_on = n.last_activity_on,
                        awaiting_reply = n.awaiting_reply, assigned_to = n.assigned_to, closed_on = n.closed_on
                    FROM after_change n JOIN before_change o ON o.id = n.id
                    WHERE h.case_id = n.id
                    AND (o.state, o.urgency, o.created_on, o.last_activity_on, o.awaiting_reply, o.assigned_to, o.closed_on)
                        IS DISTINCT FROM (n.state, n.urgency, n.created_on, n.last_activity_on, n.awaiting_reply, n.assigned_to, n.closed_on);
                    RETURN NULL;
                END $$;
                CREATE TRIGGER case_holdings_on_case_changed AFTER UPDATE ON cases
                REFERENCING OLD TABLE AS before_change NEW TABLE AS after_change FOR EACH STATEMENT EXECUTE FUNCTION case_holdings_on_case_changed();
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
