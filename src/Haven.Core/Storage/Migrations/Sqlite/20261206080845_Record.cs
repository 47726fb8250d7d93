using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Haven.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Record : Migration
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
                name: "gazetteer_regions",
                columns: table => new
                {
                    code = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    parent_code = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    position = table.Column<int>(type: "INTEGER", nullable: false),
                    retired = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_gazetteer_regions", x => x.code);
                    table.ForeignKey(
                        name: "FK_gazetteer_regions_gazetteer_regions_parent_code",
                        column: x => x.parent_code,
                        principalTable: "gazetteer_regions",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "record_versions",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    seq = table.Column<long>(type: "INTEGER", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    subject_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    number = table.Column<int>(type: "INTEGER", nullable: false),
                    case_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    created_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    documentation_generation = table.Column<int>(type: "INTEGER", nullable: false),
                    case_key_generation = table.Column<int>(type: "INTEGER", nullable: false),
                    coding = table.Column<byte[]>(type: "BLOB", nullable: false),
                    coding_key_for_documentation = table.Column<byte[]>(type: "BLOB", nullable: false),
                    coding_key_for_case = table.Column<byte[]>(type: "BLOB", nullable: false),
                    narrative = table.Column<byte[]>(type: "BLOB", nullable: false),
                    narrative_key_for_case = table.Column<byte[]>(type: "BLOB", nullable: false)
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

            migrationBuilder.CreateTable(
                name: "vocabulary_terms",
                columns: table => new
                {
                    list = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    position = table.Column<int>(type: "INTEGER", nullable: false),
                    retired = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_vocabulary_terms", x => new { x.list, x.key });
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

            migrationBuilder.CreateTable(
                name: "gazetteer_region_labels",
                columns: table => new
                {
                    code = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    culture = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    label = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_gazetteer_region_labels", x => new { x.code, x.culture });
                    table.ForeignKey(
                        name: "FK_gazetteer_region_labels_gazetteer_regions_code",
                        column: x => x.code,
                        principalTable: "gazetteer_regions",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "vocabulary_term_labels",
                columns: table => new
                {
                    list = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    culture = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    label = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_vocabulary_term_labels", x => new { x.list, x.key, x.culture });
                    table.ForeignKey(
                        name: "FK_vocabulary_term_labels_vocabulary_terms_list_key",
                        columns: x => new { x.list, x.key },
                        principalTable: "vocabulary_terms",
                        principalColumns: new[] { "list", "key" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "vocabulary_terms",
                columns: new[] { "key", "list", "position", "retired" },
                values: new object[,]
                {
                    { "abduction", "ActType", 50, false },
                    { "arbitrary_detention", "ActType", 10, false },
                    { "enforced_disappearance", "ActType", 40, false },
                    { "entrapment", "ActType", 100, false },
                    { "extortion", "ActType", 60, false },
                    { "family_violence", "ActType", 90, false },
                    { "forced_outing", "ActType", 80, false },
                    { "killing", "ActType", 30, false },
                    { "other", "ActType", 110, false },
                    { "threats", "ActType", 70, false },
                    { "torture", "ActType", 20, false },
                    { "18_25", "AgeBand", 20, false },
                    { "26_35", "AgeBand", 30, false },
                    { "36_50", "AgeBand", 40, false },
                    { "over_50", "AgeBand", 50, false },
                    { "under_18", "AgeBand", 10, false },
                    { "unknown", "AgeBand", 60, false },
                    { "carried_out", "InvolvementDegree", 10, false },
                    { "complicit", "InvolvementDegree", 40, false },
                    { "ordered", "InvolvementDegree", 20, false },
                    { "planned", "InvolvementDegree", 30, false },
                    { "suspected", "InvolvementDegree", 50, false },
                    { "family", "PerpetratorType", 50, false },
                    { "local_officials", "PerpetratorType", 40, false },
                    { "military", "PerpetratorType", 30, false },
                    { "other_non_state", "PerpetratorType", 60, false },
                    { "police", "PerpetratorType", 20, false },
                    { "state_security", "PerpetratorType", 10, false },
                    { "unknown", "PerpetratorType", 70, false },
                    { "document", "SourceConnection", 50, false },
                    { "media", "SourceConnection", 60, false },
                    { "relative", "SourceConnection", 30, false },
                    { "second_hand", "SourceConnection", 40, false },
                    { "victim", "SourceConnection", 10, false },
                    { "witness", "SourceConnection", 20, false },
                    { "dead", "VictimStatus", 50, false },
                    { "displaced", "VictimStatus", 70, false },
                    { "escaped", "VictimStatus", 30, false },
                    { "exiled", "VictimStatus", 60, false },
                    { "held", "VictimStatus", 10, false },
                    { "missing", "VictimStatus", 40, false },
                    { "released", "VictimStatus", 20, false }
                });

            migrationBuilder.InsertData(
                table: "vocabulary_term_labels",
                columns: new[] { "culture", "key", "list", "label" },
                values: new object[,]
                {
                    { "en", "abduction", "ActType", "Abduction" },
                    { "ru", "abduction", "ActType", "Похищение" },
                    { "en", "arbitrary_detention", "ActType", "Arbitrary detention" },
                    { "ru", "arbitrary_detention", "ActType", "Произвольное задержание" },
                    { "en", "enforced_disappearance", "ActType", "Enforced disappearance" },
                    { "ru", "enforced_disappearance", "ActType", "Насильственное исчезновение" },
                    { "en", "entrapment", "ActType", "Entrapment through dating apps or social media" },
                    { "ru", "entrapment", "ActType", "Заманивание в ловушку через приложения знакомств или соцсети" },
                    { "en", "extortion", "ActType", "Extortion" },
                    { "ru", "extortion", "ActType", "Вымогательство" },
                    { "en", "family_violence", "ActType", "Family or “honour” violence" },
                    { "ru", "family_violence", "ActType", "Насилие со стороны семьи, в том числе «во имя чести»" },
                    { "en", "forced_outing", "ActType", "Forced outing or forced informing on others" },
                    { "ru", "forced_outing", "ActType", "Принудительный аутинг или принуждение доносить на других" },
                    { "en", "killing", "ActType", "Killing" },
                    { "ru", "killing", "ActType", "Убийство" },
                    { "en", "other", "ActType", "Other" },
                    { "ru", "other", "ActType", "Другое" },
                    { "en", "threats", "ActType", "Threats" },
                    { "ru", "threats", "ActType", "Угрозы" },
                    { "en", "torture", "ActType", "Torture or ill-treatment" },
                    { "ru", "torture", "ActType", "Пытки или жестокое обращение" },
                    { "en", "18_25", "AgeBand", "18–25" },
                    { "ru", "18_25", "AgeBand", "18–25 лет" },
                    { "en", "26_35", "AgeBand", "26–35" },
                    { "ru", "26_35", "AgeBand", "26–35 лет" },
                    { "en", "36_50", "AgeBand", "36–50" },
                    { "ru", "36_50", "AgeBand", "36–50 лет" },
                    { "en", "over_50", "AgeBand", "Over 50" },
                    { "ru", "over_50", "AgeBand", "Старше 50 лет" },
                    { "en", "under_18", "AgeBand", "Under 18" },
                    { "ru", "under_18", "AgeBand", "До 18 лет" },
                    { "en", "unknown", "AgeBand", "Unknown" },
                    { "ru", "unknown", "AgeBand", "Неизвестно" },
                    { "en", "carried_out", "InvolvementDegree", "Carried out" },
                    { "ru", "carried_out", "InvolvementDegree", "Непосредственное исполнение" },
                    { "en", "complicit", "InvolvementDegree", "Complicit" },
                    { "ru", "complicit", "InvolvementDegree", "Соучастие" },
                    { "en", "ordered", "InvolvementDegree", "Ordered" },
                    { "ru", "ordered", "InvolvementDegree", "Отдача приказа" },
                    { "en", "planned", "InvolvementDegree", "Planned" },
                    { "ru", "planned", "InvolvementDegree", "Планирование" },
                    { "en", "suspected", "InvolvementDegree", "Suspected" },
                    { "ru", "suspected", "InvolvementDegree", "Предполагаемое участие" },
                    { "en", "family", "PerpetratorType", "Family" },
                    { "ru", "family", "PerpetratorType", "Семья или родственники" },
                    { "en", "local_officials", "PerpetratorType", "Local officials" },
                    { "ru", "local_officials", "PerpetratorType", "Представители местной власти" },
                    { "en", "military", "PerpetratorType", "Military" },
                    { "ru", "military", "PerpetratorType", "Военные" },
                    { "en", "other_non_state", "PerpetratorType", "Other non-state actors" },
                    { "ru", "other_non_state", "PerpetratorType", "Другие негосударственные лица" },
                    { "en", "police", "PerpetratorType", "Police" },
                    { "ru", "police", "PerpetratorType", "Полиция" },
                    { "en", "state_security", "PerpetratorType", "State security services" },
                    { "ru", "state_security", "PerpetratorType", "Органы государственной безопасности" },
                    { "en", "unknown", "PerpetratorType", "Unknown" },
                    { "ru", "unknown", "PerpetratorType", "Неизвестно" },
                    { "en", "document", "SourceConnection", "Document" },
                    { "ru", "document", "SourceConnection", "Документ" },
                    { "en", "media", "SourceConnection", "Media" },
                    { "ru", "media", "SourceConnection", "СМИ" },
                    { "en", "relative", "SourceConnection", "Relative" },
                    { "ru", "relative", "SourceConnection", "Родственник или родственница" },
                    { "en", "second_hand", "SourceConnection", "Second-hand account" },
                    { "ru", "second_hand", "SourceConnection", "Информация из вторых рук" },
                    { "en", "victim", "SourceConnection", "Victim" },
                    { "ru", "victim", "SourceConnection", "Пострадавшее лицо" },
                    { "en", "witness", "SourceConnection", "Witness" },
                    { "ru", "witness", "SourceConnection", "Свидетель" },
                    { "en", "dead", "VictimStatus", "Dead" },
                    { "ru", "dead", "VictimStatus", "Погиб(ла)" },
                    { "en", "displaced", "VictimStatus", "Displaced" },
                    { "ru", "displaced", "VictimStatus", "Вынужденно покинул(а) место жительства" },
                    { "en", "escaped", "VictimStatus", "Escaped" },
                    { "ru", "escaped", "VictimStatus", "Смог(ла) бежать" },
                    { "en", "exiled", "VictimStatus", "Exiled" },
                    { "ru", "exiled", "VictimStatus", "В изгнании" },
                    { "en", "held", "VictimStatus", "Held" },
                    { "ru", "held", "VictimStatus", "Удерживается" },
                    { "en", "missing", "VictimStatus", "Missing" },
                    { "ru", "missing", "VictimStatus", "Пропал(а) без вести" },
                    { "en", "released", "VictimStatus", "Released" },
                    { "ru", "released", "VictimStatus", "Освобождён(а)" }
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

            migrationBuilder.CreateIndex(
                name: "IX_gazetteer_regions_parent_code",
                table: "gazetteer_regions",
                column: "parent_code");

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
                name: "documentation_key_seals");

            migrationBuilder.DropTable(
                name: "gazetteer_region_labels");

            migrationBuilder.DropTable(
                name: "record_versions");

            migrationBuilder.DropTable(
                name: "vocabulary_term_labels");

            migrationBuilder.DropTable(
                name: "documentation_keys");

            migrationBuilder.DropTable(
                name: "gazetteer_regions");

            migrationBuilder.DropTable(
                name: "vocabulary_terms");
        }
    }
}
