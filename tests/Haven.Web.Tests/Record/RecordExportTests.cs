using System.Net;
using System.Text;
using System.Text.Json;
using Haven.Accounts;
using Haven.Audit;
using Haven.Crypto;
using Haven.Record.Events;
using Haven.Record.Vocabulary;
using Haven.Storage;
using Haven.Tests;
using Haven.Web.Tests.Cli;
using Haven.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Haven.Web.Tests.Record.RecordExportFiles;

namespace Haven.Web.Tests.Record;

/// <summary>
/// Issue 15's export round trip (docs/record-export.md): events, victims and sources written through the Record
/// commands are exported as JSON and as the CSV zip, read back, and every field compared with what a holder of the
/// case reads; narratives only when asked and only for the cases the exporter holds. The desk export is for
/// administrators and audited; the CLI exports everything with the recovery key; the CSV follows Uwazi's import.
/// </summary>
public sealed class RecordExportTests
{
    private static readonly EventTexts Held = new("Detention at the post", "Held three days", "Beaten", "Fled the region", "A news report", "Akhmed-pseudonym");
    private static readonly EventTexts Other = new("Raid", "A night raid", "Doors broken", "Moved away", "A lawyer's note", "Ruslan-pseudonym");

    [Fact]
    public async Task An_administrator_exports_json_and_csv_from_the_desk_with_every_field_and_narratives_only_of_the_cases_they_hold_audited()
    {
        await using var server = await HavenServer.StartAsync();
        var world = await ExportScenario.WriteAsync(server, Held, Other);
        using var admin = world.Admin;
        var query = server.Services.GetRequiredService<EventQuery>();
        var held = (await query.GetAsync(world.Held.EventId, world.AdminKeys, CancellationToken.None))!;
        Assert.Null(await query.GetAsync(world.Other.EventId, world.AdminKeys, CancellationToken.None));
        var other = (await query.GetAsync(world.Other.EventId, world.CoordinatorKeys, CancellationToken.None))!;
        var victims = new[] { world.Held.VictimId, world.GroupVictim, world.Other.VictimId };
        var victimViews = new Dictionary<string, VictimView>();
        foreach (var id in victims)
        {
            victimViews[id] = (await query.GetVictimAsync(id, id == world.Other.VictimId ? world.CoordinatorKeys : world.AdminKeys, CancellationToken.None))!;
        }

        var page = await admin.GetAsync("/desk/record/export");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("id=\"scope-narratives\"", page.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"/desk/record/export\"", (await admin.GetAsync("/desk/record/lists")).Html, StringComparison.Ordinal);

        // JSON with narratives: the held case's, not the other's.
        var json = await DownloadAsync(admin, "json", "narratives");
        Assert.Equal("application/json", json.Response.Content.Headers.ContentType?.MediaType);
        Assert.Matches("^haven-record-[0-9]{4}-[0-9]{2}-[0-9]{2}-narratives\\.json$", json.Response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.True(json.Response.Headers.CacheControl?.NoStore);
        using (var document = JsonDocument.Parse(json.Bytes))
        {
            var root = document.RootElement;
            Assert.Equal(("haven-record-export", 1, "narratives"), (root.GetProperty("format").GetString(), root.GetProperty("version").GetInt32(), root.GetProperty("scope").GetString()));
            Assert.Equal(["en", "ru"], root.GetProperty("cultures").EnumerateArray().Select(c => c.GetString()));
            var events = root.GetProperty("events").EnumerateArray().ToDictionary(e => e.GetProperty("id").GetString()!);
            Assert.Equal(2, events.Count);
            AssertEvent(events[held.Id], held, narrative: true);
            AssertEvent(events[other.Id], other, narrative: false);
            var exportedVictims = root.GetProperty("victims").EnumerateArray().ToDictionary(v => v.GetProperty("id").GetString()!);
            Assert.Equal(victims.Order(StringComparer.Ordinal), exportedVictims.Keys.Order(StringComparer.Ordinal));
            foreach (var id in victims)
            {
                AssertVictim(exportedVictims[id], victimViews[id], narrative: id != world.Other.VictimId);
            }

            // Nested: the act carries its victim; terms their labels in both languages, a retired one marked.
            var act = events[held.Id].GetProperty("acts")[0];
            AssertVictim(act.GetProperty("victim"), victimViews[world.Held.VictimId], narrative: true);
            Assert.Equal("Произвольное задержание", act.GetProperty("type").GetProperty("labels").GetProperty("ru").GetString());
            Assert.Equal(("released", true), (act.GetProperty("victim_status").GetProperty("key").GetString(), act.GetProperty("victim_status").GetProperty("retired").GetBoolean()));
            Assert.Equal(("RU-CE", "RU", "Chechnya"), (events[held.Id].GetProperty("region").GetProperty("code").GetString(), events[held.Id].GetProperty("region").GetProperty("parent_code").GetString(), events[held.Id].GetProperty("region").GetProperty("labels").GetProperty("en").GetString()));
            Assert.Empty(root.GetProperty("unreadable").GetProperty("events").EnumerateArray());
            Assert.Empty(root.GetProperty("unreadable").GetProperty("victims").EnumerateArray());
            var lists = root.GetProperty("lists");
            Assert.Equal(Enum.GetNames<TermList>(), lists.EnumerateObject().Select(l => l.Name));
            Assert.Contains(lists.GetProperty("VictimStatus").EnumerateArray(), t => t.GetProperty("key").GetString() == "released" && t.GetProperty("retired").GetBoolean());
            Assert.Equal(["RU", "RU-CE"], root.GetProperty("gazetteer").EnumerateArray().Select(r => r.GetProperty("code").GetString()));
        }

        // JSON, coding only: no narrative anywhere.
        var coding = await DownloadAsync(admin, "json", "coding");
        using (var document = JsonDocument.Parse(coding.Bytes))
        {
            var events = document.RootElement.GetProperty("events").EnumerateArray().ToDictionary(e => e.GetProperty("id").GetString()!);
            AssertEvent(events[held.Id], held, narrative: false);
            AssertEvent(events[other.Id], other, narrative: false);
            Assert.All(document.RootElement.GetProperty("victims").EnumerateArray(), v => Assert.False(v.TryGetProperty("pseudonym", out _)));
        }

        foreach (var text in new[] { Held.Title, Held.Description, Held.Method, Held.Consequences, Held.Details, Held.Pseudonym, Other.Title, Other.Pseudonym })
        {
            Assert.DoesNotContain(text, Encoding.UTF8.GetString(coding.Bytes), StringComparison.Ordinal);
        }

        // CSV with narratives and coding only.
        var zip = await DownloadAsync(admin, "csv", "narratives");
        Assert.Equal("application/zip", zip.Response.Content.Headers.ContentType?.MediaType);
        var files = ReadZip(zip.Bytes, out _, out _);
        AssertEventRows(files, held, narrative: true);
        AssertEventRows(files, other, narrative: false);
        foreach (var id in victims)
        {
            AssertVictimRow(files, victimViews[id], narrative: id != world.Other.VictimId);
        }

        var csvCoding = ReadZip((await DownloadAsync(admin, "csv", "coding")).Bytes, out _, out _);
        AssertEventRows(csvCoding, held, narrative: false);
        Assert.All(csvCoding["victims.csv"], v => Assert.Equal("", v["pseudonym"]));

        // A choice the form does not offer is a 400 with the form again; nothing is exported or audited.
        var refused = await admin.PostFormAsync("/desk/record/export", "/desk/record/export", [new("format", "xml"), new("scope", "coding")]);
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("Choose a format and what to include.", refused.Html, StringComparison.Ordinal);

        // Audited by format and scope, as the administrator, content-free.
        await using (var db = DocumentationAccess.Db(server))
        {
            var entries = await db.AuditEntries.AsNoTracking().Where(e => e.Action == "record.exported").OrderBy(e => e.Seq).ToListAsync();
            Assert.Equal(["json:narratives", "json:coding", "csv:narratives", "csv:coding"], entries.Select(e => e.SubjectId));
            Assert.All(entries, e => Assert.Equal((world.AdminKeys.Id, (string?)null), (e.ActorId, e.CaseId)));
        }

        var report = await AuditVerifier.VerifyChainAsync(server.Data, null, CancellationToken.None);
        Assert.True(report.Intact, string.Join("; ", report.Problems.Select(p => p.Problem)));

        // Nobody else: a caseworker, an analyst (who holds the documentation key) and the coordinator find nothing.
        var analyst = await Accounts.Accounts.AddResponderAsync(server, "Analyst", ResponderRole.Analyst);
        Assert.Equal(Haven.Record.Keys.DocumentationAccessOutcome.Done, await DocumentationAccess.Keys(server).GrantAsync(analyst.Id, world.AdminKeys, CancellationToken.None));
        var caseworker = await Accounts.Accounts.AddResponderAsync(server, "Caseworker", ResponderRole.Caseworker);
        foreach (var someone in new[] { analyst, caseworker })
        {
            using var client = server.CreateClient();
            await someone.LoginAsync(server, client);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/desk/record/export")).Status);
            var post = await client.PostAsync("/desk/record/export", [new("format", "json"), new("scope", "coding")]);
            Assert.NotEqual(HttpStatusCode.OK, post.Status);
            Assert.DoesNotContain(held.Id, post.Html, StringComparison.Ordinal);
        }

        await using (var db = DocumentationAccess.Db(server))
        {
            Assert.Equal(4, await db.AuditEntries.CountAsync(e => e.Action == "record.exported"));
        }
    }

    [Fact]
    public async Task The_csv_files_have_the_columns_and_separators_of_Uwazis_csv_import()
    {
        await using var server = await HavenServer.StartAsync();
        var world = await ExportScenario.WriteAsync(server, Held, Other);
        using var admin = world.Admin;
        var files = ReadZip((await DownloadAsync(admin, "csv", "narratives")).Bytes, out var headers, out var raw);

        // Uwazi (huridocs/uwazi, app/api/csv/): csv.ts reads with csvtojson, delimiter "," or ";", the first line the
        // header; entityRow.ts and validateColumns.ts map a header to a property by safeName (lowercase, "_" for
        // anything else) and a language column is "<property>__<language>" (csvDefinitions.ts languageHeaderSeparator)
        // with one for the default language; importEntity.ts takes "title" as the title and "id" as Uwazi's own
        // shared id (so no column is named "id"); typeParsers/relationship.ts finds related entities by title and
        // typeParsers/multiselect.ts splits on "|" (multiValueSeparator); typeParsers/select.ts splits a group and
        // its value on "::" (dictionaryParentChildSeparator); typeParsers.ts parses a date range as "from:to"
        // (dateRangeImportSeparator) in YYYY-MM-DD among its formats; importThesauri.ts reads a thesaurus with a
        // column per language named by the language's English name and a group's values starting with "-".
        Assert.Equal(
            ["title", "case_id", "version", "narrative", "event_title", "description", "start_date", "start_precision", "end_date", "end_precision", "period", "country__en", "country__ru", "region__en", "region__ru", "region_code", "violation_status", "confidentiality", "corroboration", "act_types__en", "act_types__ru", "perpetrator_types__en", "perpetrator_types__ru"],
            headers["events.csv"]);
        Assert.Equal(["title", "event", "victim", "act_type__en", "act_type__ru", "act_type_code", "victim_status__en", "victim_status__ru", "victim_status_code", "method", "consequences"], headers["acts.csv"]);
        Assert.Equal(["title", "case_id", "version", "narrative", "pseudonym", "age_band__en", "age_band__ru", "age_band_code", "counting_unit", "group_size"], headers["victims.csv"]);
        Assert.Equal(["title", "act", "event", "perpetrator_type__en", "perpetrator_type__ru", "perpetrator_type_code", "degree__en", "degree__ru", "degree_code"], headers["involvements.csv"]);
        Assert.Equal(["title", "event", "source", "case_id", "connection__en", "connection__ru", "connection_code", "reliability", "details"], headers["information.csv"]);
        Assert.Equal(["list", "key", "retired", "label_en", "label_ru"], headers["terms.csv"]);
        Assert.Equal(["code", "parent_code", "label_en", "label_ru", "retired"], headers["gazetteer.csv"]);
        Assert.Equal(["English", "Russian"], headers["thesauri/ActType.csv"]);
        foreach (var (name, names) in headers.Where(h => !h.Key.StartsWith("thesauri/", StringComparison.Ordinal) && h.Key is not "terms.csv" and not "gazetteer.csv"))
        {
            Assert.All(names, n => Assert.Matches("^[a-z0-9_]+$", n));
            Assert.DoesNotContain("id", names);
            Assert.Equal((byte)'t', raw[name][0]); // no byte order mark: Uwazi would read it as part of "title"
        }

        var vocabulary = server.Services.GetRequiredService<RecordVocabulary>();
        var terms = new Dictionary<(TermList, string), VocabularyTerm>();
        foreach (var list in Enum.GetValues<TermList>())
        {
            foreach (var term in await vocabulary.TermsAsync(list, CancellationToken.None))
            {
                terms[(list, term.Key)] = term;
            }
        }

        string Label(TermList list, string key, string culture) => terms[(list, key)].Labels[culture];
        var heldRow = Assert.Single(files["events.csv"], r => r["title"] == world.Held.EventId);
        Assert.Equal(("Russia", "Russia::Chechnya", "Russia::Chechnya"), (heldRow["country__en"], heldRow["region__en"], heldRow["region__ru"])); // no Russian label: the English one
        Assert.Equal(("2017-03", "month", "2017-04-02", "day", "2017-03-01:2017-04-02"), (heldRow["start_date"], heldRow["start_precision"], heldRow["end_date"], heldRow["end_precision"], heldRow["period"]));
        Assert.Equal(Label(TermList.ActType, "arbitrary_detention", "en") + "|" + Label(TermList.ActType, "torture", "en"), heldRow["act_types__en"]);
        Assert.Equal(Label(TermList.ActType, "arbitrary_detention", "ru") + "|" + Label(TermList.ActType, "torture", "ru"), heldRow["act_types__ru"]);
        Assert.Equal(Label(TermList.PerpetratorType, "police", "en") + "|" + Label(TermList.PerpetratorType, "military", "en"), heldRow["perpetrator_types__en"]);
        var otherRow = Assert.Single(files["events.csv"], r => r["title"] == world.Other.EventId);
        Assert.Equal(("Russia", "", "RU", "2017-03-01:2017-03-31"), (otherRow["country__en"], otherRow["region__en"], otherRow["region_code"], otherRow["period"]));
        var group = Assert.Single(files["victims.csv"], r => r["title"] == world.GroupVictim);
        Assert.Equal(("group", "12", ""), (group["counting_unit"], group["group_size"], group["age_band__en"]));
        Assert.Equal(["Russia", " - Chechnya"], files["thesauri/Regions.csv"].Select(r => r["English"])); // parseValue skips spaces, then "-" nests
        Assert.Equal(Label(TermList.ActType, "torture", "ru"), files["thesauri/ActType.csv"][1]["Russian"]);
    }

    [Fact]
    public async Task The_cli_exports_every_event_with_the_recovery_key_into_the_file_named_and_refuses_clearly()
    {
        await using var server = await HavenServer.StartAsync();
        var world = await ExportScenario.WriteAsync(server, Held, Other);
        world.Admin.Dispose();
        var query = server.Services.GetRequiredService<EventQuery>();
        var held = (await query.GetAsync(world.Held.EventId, world.AdminKeys, CancellationToken.None))!;
        var other = (await query.GetAsync(world.Other.EventId, world.CoordinatorKeys, CancellationToken.None))!;
        var victim = (await query.GetVictimAsync(world.Other.VictimId, world.CoordinatorKeys, CancellationToken.None))!;
        using var folder = new TempFolder();
        var key = folder.WriteSecretFile("recovery.txt", RecoverySecret.Format(server.RecoverySecretKey));

        // Beside the running server (which holds the data directory's lock), and without a key: refused, nothing written.
        var beside = await CliRunner.RunAsync("record", "export", "--format", "json", "--out", folder["x.json"], "--recovery-key", key, "--data", server.DataPath);
        Assert.Equal(2, beside.ExitCode);
        Assert.StartsWith("haven: ", beside.Stderr, StringComparison.Ordinal);
        await server.StopAsync();
        Assert.NotEqual(0, (await CliRunner.RunAsync("record", "export", "--format", "json", "--out", folder["x.json"], "--data", server.DataPath)).ExitCode);
        Assert.False(File.Exists(folder["x.json"]));

        var json = await CliRunner.RunAsync("record", "export", "--format", "json", "--narratives", "--out", folder["export.json"], "--recovery-key", key, "--data", server.DataPath);
        Assert.True(json.ExitCode == 0, json.ToString());
        Assert.Equal(folder["export.json"], json.Stdout.Trim());
        using (var document = JsonDocument.Parse(await File.ReadAllBytesAsync(folder["export.json"])))
        {
            var events = document.RootElement.GetProperty("events").EnumerateArray().ToDictionary(e => e.GetProperty("id").GetString()!);
            AssertEvent(events[held.Id], held, narrative: true);
            AssertEvent(events[other.Id], other, narrative: true); // the recovery key holds every case
            AssertVictim(document.RootElement.GetProperty("victims").EnumerateArray().Single(v => v.GetProperty("id").GetString() == victim.Id), victim, narrative: true);
        }

        var csv = await CliRunner.RunAsync("record", "export", "--format", "csv", "--out", folder["export.zip"], "--recovery-key", key, "--data", server.DataPath);
        Assert.True(csv.ExitCode == 0, csv.ToString());
        var files = ReadZip(await File.ReadAllBytesAsync(folder["export.zip"]), out _, out _);
        AssertEventRows(files, held, narrative: false);
        AssertEventRows(files, other, narrative: false);
        Assert.Equal(["export.json", "export.zip", "recovery.txt"], Directory.GetFiles(folder.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(folder["export.zip"]));
        }

        // Refused in one line, leaving nothing: an existing file, a folder that does not exist, another instance's secret.
        var before = await File.ReadAllBytesAsync(folder["export.json"]);
        var exists = await CliRunner.RunAsync("record", "export", "--format", "json", "--out", folder["export.json"], "--recovery-key", key, "--data", server.DataPath);
        Assert.Equal(2, exists.ExitCode);
        Assert.Contains("already exists", exists.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(folder["export.json"]));
        var nowhere = await CliRunner.RunAsync("record", "export", "--format", "json", "--out", folder["no/such/export.json"], "--recovery-key", key, "--data", server.DataPath);
        Assert.Equal(2, nowhere.ExitCode);
        Assert.Contains("does not exist", nowhere.Stderr, StringComparison.Ordinal);
        using var stranger = X25519KeyPair.Generate();
        var wrong = await CliRunner.RunAsync("record", "export", "--format", "json", "--out", folder["w.json"], "--recovery-key", folder.WriteSecretFile("other.txt", RecoverySecret.Format(stranger.ExportSecretKey())), "--data", server.DataPath);
        Assert.Equal(2, wrong.ExitCode);
        Assert.Contains("does not belong to this instance", wrong.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", exists.Stderr + nowhere.Stderr + wrong.Stderr, StringComparison.Ordinal);
        Assert.Equal(["export.json", "export.zip", "other.txt", "recovery.txt"], Directory.GetFiles(folder.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        // Audited as the instance, by format and scope.
        await using var db = StorageServiceCollectionExtensions.CreateContext(TestDatabases.Data(server.DataPath));
        var entries = await db.AuditEntries.AsNoTracking().Where(e => e.Action == "record.exported").OrderBy(e => e.Seq).ToListAsync();
        Assert.Equal([(AuditActors.System, "json:narratives"), (AuditActors.System, "csv:coding")], entries.Select(e => (e.ActorId, e.SubjectId)));
    }

    private static async Task<(byte[] Bytes, HttpResponseMessage Response)> DownloadAsync(HavenClient admin, string format, string scope)
    {
        var page = await admin.PostFormAsync("/desk/record/export", "/desk/record/export", [new("format", format), new("scope", scope)]);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        return (await page.Response.Content.ReadAsByteArrayAsync(), page.Response);
    }
}
