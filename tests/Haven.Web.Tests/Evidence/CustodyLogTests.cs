using System.Net;
using System.Text;
using System.Text.Json;
using Haven.Accounts;
using Haven.Audit;
using Haven.Crypto;
using Haven.Evidence.Custody;
using Haven.Tests;
using Haven.Web.Tests.Cli;
using Haven.Web.Tests.Infrastructure;
using ImageMagick;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Haven.Web.Tests.Files.FileTestKit;

namespace Haven.Web.Tests.Evidence;

/// <summary>
/// The custody log of a file (docs/evidence.md, "Custody log") over real HTTP: its receipt, every download, the
/// working copies made from it, exports and changes of holders, each an entry of the signed audit chain; the same
/// entries on the file's page and in its CSV and JSON downloads, for holders of the case only; an edited entry caught
/// by <c>haven audit verify</c>; and no file name in the audit table.
/// </summary>
public sealed class CustodyLogTests
{
    /// <summary>A file name that must never reach the audit table (nor any other table: the canary tests check those).</summary>
    private const string PhotoName = "checkpoint marker c7d1 фото.jpg";

    [Fact]
    public async Task The_log_records_receipt_every_download_a_cleaned_copy_and_each_grant_and_revocation_on_the_page_and_in_both_downloads()
    {
        await using var server = await HavenServer.StartAsync();
        var photo = Jpeg();
        using var person = await PersonAsync(server);
        Assert.Equal("/sent", (await person.SubmitRequestWithFilesAsync("please keep this photo", [(PhotoName, Bytes(photo, "image/jpeg"))])).Location.AbsolutePath);
        var (caseId, fileId) = await SingleFileAsync(server);
        var worker = await Workflow.WorkflowDesk.AddResponderAsync(server, "Worker Marta", ResponderRole.Caseworker);
        using var admin = await AdminAsync(server);

        server.Clock.Advance(TimeSpan.FromMinutes(7));
        Assert.Equal(photo, await admin.Http.GetByteArrayAsync($"/desk/case/{caseId}/file/{fileId}"));
        server.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(photo, await admin.Http.GetByteArrayAsync($"/desk/case/{caseId}/file/{fileId}"));
        Assert.Equal(HttpStatusCode.OK, (await Workflow.WorkflowDesk.PostWithTokenAsync(admin, $"/desk/case/{caseId}", $"/desk/case/{caseId}?handler=grant", [new("ResponderId", worker.Id)])).Status);
        using (var client = await Workflow.WorkflowDesk.LoginAsync(server, worker))
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/desk/case/{caseId}/files/{fileId}")).Status);
            Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync($"/desk/case/{caseId}/files/{fileId}/custody.csv")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await Workflow.WorkflowDesk.PostWithTokenAsync(admin, $"/desk/case/{caseId}", $"/desk/case/{caseId}?handler=revoke", [new("ResponderId", worker.Id)])).Status);
        var info = await admin.GetAsync($"/desk/case/{caseId}/files/{fileId}");
        var made = await admin.PostAsync($"/desk/case/{caseId}/files/{fileId}", [new("__af", HavenClient.Hidden(info.Html, "__af")!), new("RecordId", HavenClient.Hidden(info.Html, "RecordId")!)]);
        Assert.Equal(HttpStatusCode.OK, made.Status);
        var copyId = await CopyOfAsync(server, fileId);

        // The log is the audit chain's own entries: numbers and hashes as stored, in the chain's order.
        string[] expected = [CustodyActions.Received, CustodyActions.Downloaded, CustodyActions.Downloaded, "case.granted", "case.revoked", CustodyActions.Cleaned];
        var stored = await StoredAsync(server, caseId, e => e.SubjectId == fileId || e.SubjectId == copyId || CustodyActions.HolderChanges.Contains(e.Action));
        Assert.Equal(expected, stored.Select(e => e.Action));
        var page = await admin.GetAsync($"/desk/case/{caseId}/files/{fileId}");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("<section id=\"custody\">", page.Html, StringComparison.Ordinal);
        Assert.Equal(stored.Select(e => (e.Seq, e.Action)), Rows(page.Html));
        var received = Row(page.Html, stored[0].Seq);
        Assert.Contains("<td>2026-11-23</td><td>system</td>", received, StringComparison.Ordinal);
        Assert.Contains(Hex(System.Security.Cryptography.SHA256.HashData(photo)), received, StringComparison.Ordinal);
        Assert.Contains("<td>2026-11-23 10:07 UTC</td><td>Admin</td><td>", Row(page.Html, stored[1].Seq), StringComparison.Ordinal);
        Assert.Contains("Access to the case given: Worker Marta", Row(page.Html, stored[3].Seq), StringComparison.Ordinal);
        Assert.Contains("Access to the case taken away: Worker Marta", Row(page.Html, stored[4].Seq), StringComparison.Ordinal);
        Assert.Contains($"href=\"/desk/case/{caseId}/files/{copyId}#custody\"", Row(page.Html, stored[5].Seq), StringComparison.Ordinal);
        Assert.Contains($"title=\"{stored[5].Hash}\">{stored[5].Seq}</span>", Row(page.Html, stored[5].Seq), StringComparison.Ordinal);
        Assert.Contains("append", page.Html, StringComparison.OrdinalIgnoreCase);

        // The copy's log: its own making (and the case's holder changes), none of the original's downloads.
        var copyPage = await admin.GetAsync($"/desk/case/{caseId}/files/{copyId}");
        Assert.Equal(stored.Where(e => e.Action is not (CustodyActions.Received or CustodyActions.Downloaded)).Select(e => (e.Seq, e.Action)), Rows(copyPage.Html));
        Assert.Contains("This cleaned copy was made", Row(copyPage.Html, stored[5].Seq), StringComparison.Ordinal);

        // Both downloads list the same entries; reading the log downloads no file and adds nothing to the log.
        var json = await DownloadLogAsync(admin, caseId, fileId, "json");
        Assert.Equal("application/json", json.Response.Content.Headers.ContentType?.MediaType);
        using (var document = JsonDocument.Parse(json.Body))
        {
            var root = document.RootElement;
            Assert.Equal("haven-custody-log/1", root.GetProperty("format").GetString());
            Assert.Equal(caseId, root.GetProperty("case").GetString());
            Assert.Equal(fileId, root.GetProperty("file").GetProperty("id").GetString());
            Assert.Equal(PhotoName, root.GetProperty("file").GetProperty("name").GetString());
            Assert.Equal(Hex(System.Security.Cryptography.SHA256.HashData(photo)), root.GetProperty("file").GetProperty("sha256").GetString());
            Assert.Equal(photo.Length, root.GetProperty("file").GetProperty("size").GetInt64());
            var entries = root.GetProperty("entries").EnumerateArray().ToList();
            Assert.Equal(stored.Select(e => (e.Seq, e.Action, e.Hash, e.Subject)), entries.Select(e => (e.GetProperty("seq").GetInt64(), e.GetProperty("action").GetString()!, e.GetProperty("hash").GetString()!, e.GetProperty("subject").GetString())));
            Assert.Equal("2026-11-23T00:00:00Z", entries[0].GetProperty("at").GetString());
            Assert.Equal("system", entries[0].GetProperty("actor").GetString());
            Assert.Equal("2026-11-23T10:07:00Z", entries[1].GetProperty("at").GetString());
            Assert.Equal("Admin", entries[1].GetProperty("actor_name").GetString());
        }

        var csv = await DownloadLogAsync(admin, caseId, fileId, "csv");
        Assert.Equal("text/csv", csv.Response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", csv.Response.Content.Headers.ContentDisposition?.DispositionType);
        var lines = Encoding.UTF8.GetString(csv.Body).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(',', CustodyLogExport.CsvHeader), lines[0]);
        Assert.Equal(stored.Select(e => (e.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Action, e.Hash)), lines.Skip(1).Select(l => l.Split(',')).Select(c => (c[0], c[4], c[6])));
        Assert.Equal([Hex(System.Security.Cryptography.SHA256.HashData(photo)), photo.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)], lines[1].Split(',')[7..]);
        Assert.Equal(stored.Count, (await StoredAsync(server, caseId, e => e.SubjectId == fileId || e.SubjectId == copyId || CustodyActions.HolderChanges.Contains(e.Action))).Count);

        // The copy downloaded: in its log, not in the original's.
        await admin.Http.GetByteArrayAsync($"/desk/case/{caseId}/file/{copyId}");
        Assert.Equal(stored.Count, Rows((await admin.GetAsync($"/desk/case/{caseId}/files/{fileId}")).Html).Count);
        Assert.Equal(CustodyActions.Downloaded, Rows((await admin.GetAsync($"/desk/case/{caseId}/files/{copyId}")).Html)[^1].Action);

        // In Russian too.
        using (var russian = server.CreateClient("ru"))
        {
            await russian.LoginAsync(HavenServer.AdminName, HavenServer.AdminPassphrase, server.AdminCode(1));
            var ru = await russian.GetAsync($"/desk/case/{caseId}/files/{fileId}");
            Assert.Contains("Журнал хранения", ru.Html, StringComparison.Ordinal);
            Assert.Contains("Дан доступ к делу: Worker Marta", ru.Html, StringComparison.Ordinal);
            Assert.Contains("Скачан", Row(ru.Html, stored[1].Seq), StringComparison.Ordinal);
        }

        // Whoever does not hold the case (any more) finds nothing, as for an unknown file or format.
        server.Clock.Advance(TimeSpan.FromMinutes(2));
        using (var client = await Workflow.WorkflowDesk.LoginAsync(server, worker))
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync($"/desk/case/{caseId}/files/{fileId}/custody.csv")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync($"/desk/case/{caseId}/files/{fileId}/custody.json")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await admin.Http.GetAsync($"/desk/case/{caseId}/files/{fileId}/custody.xml")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Http.GetAsync($"/desk/case/{caseId}/files/{RandomId.New()}/custody.json")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Http.GetAsync($"/desk/case/{RandomId.New()}/files/{fileId}/custody.json")).StatusCode);
        using (var anonymous = server.CreateClient())
        {
            var response = await anonymous.Http.GetAsync($"/desk/case/{caseId}/files/{fileId}/custody.json");
            Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
            Assert.DoesNotContain(fileId, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await AssertNoNameInAuditAsync(server, "checkpoint marker c7d1", "фото");
        var report = await AuditVerifier.VerifyChainAsync(TestDatabases.Data(server.DataPath), null, CancellationToken.None);
        Assert.True(report.Intact, string.Join("; ", report.Problems.Select(p => p.Problem)));
    }

    [Fact]
    public async Task Files_of_follow_ups_and_replies_are_received_in_the_save_that_lists_them_by_the_instance_to_the_day_or_by_the_responder()
    {
        await using var server = await HavenServer.StartAsync("--Haven:Throttle:Submissions:MessagesPerCaseBurst=100");
        var (person, caseId) = await PersonWithCaseAsync(server);
        using var _ = person;
        using var admin = await AdminAsync(server);

        // Follow-ups at once (written together when they arrive together) and a reply with a file meanwhile.
        var page = await person.GetAsync("/conversation");
        var token = HavenClient.Hidden(page.Html, "__af")!;
        var sends = Enumerable.Range(0, 6).Select(i => person.PostMultipartAsync("/conversation", [new("__af", token), new("RecordId", RandomId.New()), new("Text", $"message {i}")], [($"{PhotoName} {i}", Bytes(RandomBytes(2000 + i), "image/jpeg"))]));
        var reply = ReplyWithFilesAsync(admin, caseId, "the route", [("route marker c7d1.pdf", Bytes(RandomBytes(3000), "application/pdf"))]);
        Assert.All(await Task.WhenAll(sends), s => Assert.Equal(HttpStatusCode.OK, s.Status));
        Assert.Equal(HttpStatusCode.OK, (await reply).Status);

        await using var db = await DbAsync(server);
        var files = await db.Files.AsNoTracking().Where(f => f.CaseId == caseId).ToListAsync();
        var records = await db.Records.AsNoTracking().Where(r => r.CaseId == caseId).ToDictionaryAsync(r => r.Id, r => r.Kind);
        var entries = await db.AuditEntries.AsNoTracking().Where(e => e.CaseId == caseId).OrderBy(e => e.Seq).ToListAsync();
        Assert.Equal(7, files.Count);
        var receipts = entries.Where(e => e.Action == CustodyActions.Received).ToList();
        Assert.Equal(files.Select(f => f.Id).Order(StringComparer.Ordinal), receipts.Select(e => e.SubjectId!).Order(StringComparer.Ordinal));
        foreach (var file in files)
        {
            var receipt = receipts.Single(e => e.SubjectId == file.Id);
            var fromPerson = records[file.RecordId] == Haven.Cases.RecordKinds.Message;
            Assert.Equal(fromPerson ? AuditActors.System : (await db.Responders.SingleAsync(r => r.Name == HavenServer.AdminName)).Id, receipt.ActorId);
            Assert.Equal(fromPerson ? new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero) : new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero), receipt.At);

            // In the same save as the record listing it: right after that record's own entry (or another receipt of it).
            var before = entries.Last(e => e.Seq < receipt.Seq && e.Action != CustodyActions.Received);
            Assert.Equal(fromPerson ? "case.message_received" : "case.replied", before.Action is "case.state" ? "case.replied" : before.Action);
            Assert.Equal(before.At, receipt.At);
            Assert.Equal(before.ActorId, receipt.ActorId);
        }

        await AssertNoNameInAuditAsync(server, "checkpoint marker c7d1", "route marker c7d1", "фото");
        var report = await AuditVerifier.VerifyChainAsync(TestDatabases.Data(server.DataPath), null, CancellationToken.None);
        Assert.True(report.Intact, string.Join("; ", report.Problems.Select(p => p.Problem)));
    }

    [Fact]
    public async Task Exports_are_in_the_log_of_each_exported_file_and_the_query_reads_several_files_at_once()
    {
        // The bundle command writes evidence.exported (one per file, before the bundle streams); it is not on this
        // branch, so the entries are written here the way it writes them: through the audited writer, by the responder.
        await using var server = await HavenServer.StartAsync();
        using var person = await PersonAsync(server);
        Assert.Equal("/sent", (await person.SubmitRequestWithFilesAsync("two photos", [("a.jpg", Bytes(Jpeg(), "image/jpeg")), ("b.jpg", Bytes(Jpeg(), "image/jpeg"))])).Location.AbsolutePath);
        string caseId;
        List<string> fileIds;
        await using (var db = await DbAsync(server))
        {
            caseId = await db.Cases.Select(c => c.Id).SingleAsync();
            fileIds = await db.Files.Select(f => f.Id).ToListAsync();
        }

        var login = await server.Services.GetRequiredService<LoginCommand>().ExecuteAsync(HavenServer.AdminName, HavenServer.AdminPassphrase, server.AdminCode(), CancellationToken.None);
        using var responder = login.Responder!;
        var writer = server.Services.GetRequiredService<AuditedWriter>();
        await using (var db = await DbAsync(server))
        {
            await writer.SaveAsync(db, AuditActor.For(responder), [new AuditEvent(CustodyActions.Exported, caseId, fileIds[0])], CancellationToken.None);
        }

        var query = server.Services.GetRequiredService<CustodyLogQuery>();
        var one = await query.ExecuteAsync(caseId, fileIds[0], responder, CancellationToken.None);
        Assert.NotNull(one);
        Assert.Equal([CustodyActions.Received, CustodyActions.Exported], one.Select(e => e.Action));
        Assert.Equal(responder.Id, one[1].ActorId);
        Assert.Equal(HavenServer.AdminName, one[1].ActorName);
        Assert.Equal(fileIds[0], one[1].SubjectId);

        var both = await query.ForFilesAsync(caseId, fileIds, fileIds.ToDictionary(id => id, _ => (string?)null), CancellationToken.None);
        Assert.Equal(one, both[fileIds[0]]);
        Assert.Equal([CustodyActions.Received], both[fileIds[1]].Select(e => e.Action));
        Assert.All(both.Values.SelectMany(v => v), e => Assert.Matches("^[0-9a-f]{64}$", e.HashHex));

        using var admin = await AdminAsync(server, step: 1);
        var page = await admin.GetAsync($"/desk/case/{caseId}/files/{fileIds[0]}");
        Assert.Contains("Put into a signed evidence bundle", Row(page.Html, one[1].Seq), StringComparison.Ordinal);

        // A responder without the case, and a file of another case, get nothing.
        var (other, _) = await PersonWithCaseAsync(server);
        other.Dispose();
        var worker = await Workflow.WorkflowDesk.AddResponderAsync(server, "Worker", ResponderRole.Caseworker);
        var workerLogin = await server.Services.GetRequiredService<LoginCommand>().ExecuteAsync(worker.Name, worker.Passphrase, TotpCodes.Compute(worker.TotpSecret, server.Clock.GetUtcNow()), CancellationToken.None);
        using var outsider = workerLogin.Responder!;
        Assert.Null(await query.ExecuteAsync(caseId, fileIds[0], outsider, CancellationToken.None));
        Assert.Null(await query.ExecuteAsync(caseId, RandomId.New(), responder, CancellationToken.None));
    }

    [Fact]
    public async Task Cleaned_copies_logged_in_the_legacy_form_are_paired_with_their_copies_in_the_order_they_were_made()
    {
        // Before copies were named in the log, file.cleaned named the original. Two copies of one photo, both entries
        // put in that form (the chain is not checked here: the query reads what the database holds).
        await using var server = await HavenServer.StartAsync();
        using var person = await PersonAsync(server);
        Assert.Equal("/sent", (await person.SubmitRequestWithFilesAsync("a photo", [("photo.jpg", Bytes(Jpeg(), "image/jpeg"))])).Location.AbsolutePath);
        var (caseId, fileId) = await SingleFileAsync(server);
        using var admin = await AdminAsync(server);
        var copies = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var info = await admin.GetAsync($"/desk/case/{caseId}/files/{fileId}");
            Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/desk/case/{caseId}/files/{fileId}", [new("__af", HavenClient.Hidden(info.Html, "__af")!), new("RecordId", HavenClient.Hidden(info.Html, "RecordId")!)])).Status);
            await using var db = await DbAsync(server);
            copies.Add(await db.Files.AsNoTracking().Where(f => f.OriginalId == fileId && !copies.Contains(f.Id)).Select(f => f.Id).SingleAsync());
        }

        await Audit.AuditScenario.ExecuteAsync(server.DataPath, "UPDATE audit_entries SET subject_id = @original WHERE action = 'file.cleaned'", ("@original", fileId));
        var made = (await StoredAsync(server, caseId, e => e.Action == CustodyActions.Cleaned)).Select(e => e.Seq).ToList();
        Assert.Equal(2, made.Count);

        var original = await admin.GetAsync($"/desk/case/{caseId}/files/{fileId}");
        Assert.Equal([CustodyActions.Received, CustodyActions.Cleaned, CustodyActions.Cleaned], Rows(original.Html).Select(r => r.Action));
        for (var i = 0; i < 2; i++)
        {
            Assert.Contains($"href=\"/desk/case/{caseId}/files/{copies[i]}#custody\"", Row(original.Html, made[i]), StringComparison.Ordinal);
            var copy = await admin.GetAsync($"/desk/case/{caseId}/files/{copies[i]}");
            Assert.Equal([(made[i], CustodyActions.Cleaned)], Rows(copy.Html));
            Assert.Contains("This cleaned copy was made", Row(copy.Html, made[i]), StringComparison.Ordinal);
        }

        var query = server.Services.GetRequiredService<CustodyLogQuery>();
        var logs = await query.ForFilesAsync(caseId, [fileId, .. copies], new Dictionary<string, string?> { [fileId] = null, [copies[0]] = fileId, [copies[1]] = fileId }, CancellationToken.None);
        Assert.Equal(made, logs[fileId].Where(e => e.Action == CustodyActions.Cleaned).Select(e => e.Seq));
        Assert.Equal([made[0]], logs[copies[0]].Select(e => e.Seq));
        Assert.Equal([made[1]], logs[copies[1]].Select(e => e.Seq));
    }

    [Theory]
    [InlineData("subject_id")]
    [InlineData("at")]
    public async Task Haven_audit_verify_catches_an_edited_download_entry_and_names_it(string column)
    {
        await using var server = await HavenServer.StartAsync();
        using var person = await PersonAsync(server);
        Assert.Equal("/sent", (await person.SubmitRequestWithFilesAsync("two photos", [("a.jpg", Bytes(Jpeg(), "image/jpeg")), ("b.jpg", Bytes(Jpeg(), "image/jpeg"))])).Location.AbsolutePath);
        string caseId;
        List<string> fileIds;
        await using (var db = await DbAsync(server))
        {
            caseId = await db.Cases.Select(c => c.Id).SingleAsync();
            fileIds = await db.Files.Select(f => f.Id).ToListAsync();
        }

        using (var admin = await AdminAsync(server))
        {
            await admin.Http.GetByteArrayAsync($"/desk/case/{caseId}/file/{fileIds[0]}");
            await admin.Http.GetByteArrayAsync($"/desk/case/{caseId}/file/{fileIds[1]}");
        }

        var download = (await StoredAsync(server, caseId, e => e.Action == CustodyActions.Downloaded && e.SubjectId == fileIds[0])).Single();
        await server.StopAsync();
        Assert.True((await CliRunner.RunAsync("audit", "verify", "--data", server.DataPath)).ExitCode == 0);

        // Someone with the database rewrites who downloaded what, or when: the download of file 0 becomes one of file 1, or an hour earlier.
        await Audit.AuditScenario.ExecuteAsync(
            server.DataPath,
            $"UPDATE audit_entries SET {column} = @value WHERE seq = @seq",
            ("@value", column == "at" ? (object)new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero) : fileIds[1]),
            ("@seq", download.Seq));

        var result = await CliRunner.RunAsync("audit", "verify", "--data", server.DataPath);
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"entry {download.Seq}: its content does not match its hash (edited)", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("tampered with", result.Stdout, StringComparison.Ordinal);
    }

    private static byte[] Jpeg()
    {
        using var image = new MagickImage(MagickColors.SteelBlue, 48, 32);
        image.Comment = "marker " + RandomId.New();
        return image.ToByteArray(MagickFormat.Jpeg);
    }

    private static async Task<(string CaseId, string FileId)> SingleFileAsync(HavenServer server)
    {
        await using var db = await DbAsync(server);
        var file = await db.Files.AsNoTracking().SingleAsync();
        return (file.CaseId, file.Id);
    }

    private static async Task<string> CopyOfAsync(HavenServer server, string fileId)
    {
        await using var db = await DbAsync(server);
        return await db.Files.AsNoTracking().Where(f => f.OriginalId == fileId).Select(f => f.Id).SingleAsync();
    }

    private static async Task<List<(long Seq, string Action, string Hash, string? Subject)>> StoredAsync(HavenServer server, string caseId, Func<AuditEntry, bool> concerns)
    {
        await using var db = await DbAsync(server);
        var entries = await db.AuditEntries.AsNoTracking().Where(e => e.CaseId == caseId).OrderBy(e => e.Seq).ToListAsync();
        return [.. entries.Where(e => e.Action.StartsWith("file.", StringComparison.Ordinal) || e.Action.StartsWith("evidence.", StringComparison.Ordinal) || CustodyActions.HolderChanges.Contains(e.Action)).Where(concerns).Select(e => (e.Seq, e.Action, Hex(e.Hash), e.SubjectId))];
    }

    /// <summary>The rows of the custody section: entry number and action, in page order.</summary>
    private static List<(long Seq, string Action)> Rows(string html) =>
        [.. System.Text.RegularExpressions.Regex.Matches(html, "<tr id=\"custody-(\\d+)\" data-action=\"([^\"]+)\">").Select(m => (long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), m.Groups[2].Value))];

    private static string Row(string html, long seq)
    {
        var start = html.IndexOf($"<tr id=\"custody-{seq}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no row for entry {seq}");
        var end = html.IndexOf("</tr>", start, StringComparison.Ordinal);
        return System.Text.RegularExpressions.Regex.Replace(html[start..end], ">\\s+<", "><");
    }

    private static async Task<(HttpResponseMessage Response, byte[] Body)> DownloadLogAsync(HavenClient client, string caseId, string fileId, string format)
    {
        var response = await client.Http.GetAsync($"/desk/case/{caseId}/files/{fileId}/custody.{format}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"haven-custody-{fileId}.{format}", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        return (response, await response.Content.ReadAsByteArrayAsync());
    }

    /// <summary>Reads every column of every audit entry as stored and finds none of <paramref name="markers"/> in it.</summary>
    private static async Task AssertNoNameInAuditAsync(HavenServer server, params string[] markers)
    {
        await using var connection = await RawDatabase.OpenAsync(server.DataPath, readOnly: true);
        await using var command = RawDatabase.Command(connection, "SELECT * FROM audit_entries");
        await using var reader = await command.ExecuteReaderAsync();
        var rows = 0;
        while (await reader.ReadAsync())
        {
            rows++;
            for (var i = 0; i < reader.FieldCount; i++)
            {
                var value = reader.GetValue(i);
                var text = value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
                foreach (var marker in markers)
                {
                    Assert.DoesNotContain(marker, text, StringComparison.OrdinalIgnoreCase);
                }
            }
        }

        Assert.True(rows > 3);
    }
}
