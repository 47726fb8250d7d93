using System.Net;
using System.Text;
using Haven.Accounts;
using Haven.Crypto;
using Haven.Evidence.Custody;
using Haven.Record.Events;
using Haven.Web.Tests.Files;
using Haven.Web.Tests.Infrastructure;
using Haven.Web.Tests.Interop;
using Haven.Web.Tests.Record;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Haven.Web.Tests.Evidence.ExportKit;
using static Haven.Web.Tests.Workflow.WorkflowDesk;

namespace Haven.Web.Tests.Evidence;

/// <summary>
/// The desk's exports of signed evidence bundles over real HTTP (issue 16, point 4): from a case, to a recipient's
/// OpenPGP key made with gpg or to a passphrase, opened with <c>gpg --decrypt</c>; refusals shown again with what was
/// typed (never the passphrase) and a localized 4xx; a responder who does not hold the case gets 404; from documented
/// events, only the files of the cases the responder holds, and the page says how many are left out.
/// </summary>
public sealed class EvidenceExportHttpTests(BundleGpg lawyer) : IClassFixture<BundleGpg>
{
    private const string Passphrase = "correct horse battery staple";

    private static readonly EventTexts Texts = new("Detention at the checkpoint", "what the person told", "beaten", "hospital", "a neighbour saw it", "Swallow");

    [Fact]
    public async Task A_case_export_to_a_gpg_key_decrypts_with_gpg_and_its_manifest_lists_the_chosen_files_their_working_copies_and_the_events()
    {
        await using var server = await HavenServer.StartAsync();
        await EventScenario.AddRegionsAsync(server);
        var photo = CleanCopyTests.JpegWithGps(64, 48);
        var notes = Encoding.UTF8.GetBytes("names and places, written down the same night");
        var voice = RandomNumberGeneratorBytes(5000);
        var (caseId, ids) = await PersonSendsAsync(server, ("photo.jpg", photo), ("notes.txt", notes), ("voice.ogg", voice));
        using var admin = await LoginAdminAsync(server);

        // A cleaned working copy of the photo, and an event documented from the case.
        var info = await admin.GetAsync($"/desk/case/{caseId}/files/{ids[0]}");
        Assert.Equal($"/desk/case/{caseId}/evidence", LinkOf(info.Html, "export-evidence"));
        var made = await admin.PostAsync($"/desk/case/{caseId}/files/{ids[0]}", [new("__af", HavenClient.Hidden(info.Html, "__af")!), new("RecordId", HavenClient.Hidden(info.Html, "RecordId")!)]);
        Assert.Equal(HttpStatusCode.OK, made.Status);
        var copyId = Assert.Single(await FileScenario.FileIdsAsync(server, caseId, Haven.Cases.RecordKinds.FileCopy));
        var written = await EventScenario.WriteAsync(server, DocumentationAccess.Session(server, HavenServer.AdminName), caseId, Texts);

        // The case page links to the export; the export page ticks every file as received and offers the copy.
        var casePage = await admin.GetAsync($"/desk/case/{caseId}");
        Assert.Equal($"/desk/case/{caseId}/evidence", LinkOf(casePage.Html, "export-evidence"));
        var form = await admin.GetAsync($"/desk/case/{caseId}/evidence");
        Assert.Equal(HttpStatusCode.OK, form.Status);
        foreach (var id in ids)
        {
            Assert.Contains($"value=\"{id}\" id=\"file-{id}\" checked=\"checked\"", form.Html, StringComparison.Ordinal);
        }

        Assert.DoesNotContain($"id=\"file-{copyId}\"", form.Html, StringComparison.Ordinal);
        Assert.Contains("id=\"working-copies\"", form.Html, StringComparison.Ordinal);
        Assert.Contains($"id=\"event-{written.EventId}\"", form.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(Texts.Title, form.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", form.Html, StringComparison.OrdinalIgnoreCase);

        // The photo and the notes, with working copies, to the lawyer's key.
        using var response = await ExportAsync(admin, $"/desk/case/{caseId}/evidence", [.. Picked(ids[0], ids[1]), new("Input.WorkingCopies", "true"), new("Input.PublicKey", lawyer.PublicKey(lawyer.Curve25519))]);
        var (name, bytes) = await DownloadAsync(response);
        Assert.Matches("^haven-evidence-[0-9a-f]+\\.gpg$", name);
        var bundle = Open(lawyer, bytes);

        Assert.Equal(["manifest.json", "manifest.json.responder.sig", "manifest.json.instance.sig", "public-keys.json", "README.txt"], bundle.Entries.Take(5).Select(e => e.Name));
        Assert.Equal(new[] { ids[0], ids[1], copyId }, bundle.Files.Select(f => f.GetProperty("id").GetString()!).ToArray());
        Assert.Equal(new[] { Sha256(photo), Sha256(notes) }, bundle.Files.Take(2).Select(f => f.GetProperty("sha256").GetString()!).ToArray());
        Assert.Equal("cleaned", bundle.Files[2].GetProperty("copy").GetString());
        Assert.Equal(ids[0], bundle.Files[2].GetProperty("from").GetString());
        foreach (var file in bundle.Files)
        {
            var path = file.GetProperty("path").GetString()!;
            Assert.StartsWith(file.GetProperty("copy").ValueKind == System.Text.Json.JsonValueKind.Null ? "files/" : "working/", path, StringComparison.Ordinal);
            Assert.Equal(file.GetProperty("sha256").GetString(), Sha256(bundle[path]));
            Assert.Equal(caseId, file.GetProperty("case").GetString());
            Assert.Contains(file.GetProperty("custody").EnumerateArray(), c => c.GetProperty("action").GetString() == CustodyActions.Exported);
        }

        Assert.DoesNotContain(bundle.Entries, e => e.Bytes.AsSpan().SequenceEqual(voice));
        var @event = Assert.Single(bundle.Events);
        Assert.Equal(written.EventId, @event.GetProperty("id").GetString());
        Assert.Equal(3, @event.GetProperty("version").GetInt32());
        Assert.Equal(new[] { ids[0], ids[1], copyId }, @event.GetProperty("files").EnumerateArray().Select(f => f.GetString()!).ToArray());
        Assert.DoesNotContain(Texts.Title, Encoding.UTF8.GetString(bundle["manifest.json"]), StringComparison.Ordinal);
        Assert.Equal(HavenServer.AdminName, bundle.Manifest.GetProperty("exporter").GetProperty("name").GetString());

        // One custody entry per exported file, by the administrator.
        await using var db = await Db(server);
        var exported = await db.AuditEntries.AsNoTracking().Where(e => e.Action == CustodyActions.Exported).Select(e => new { e.CaseId, e.SubjectId }).ToListAsync();
        Assert.Equal(new[] { ids[0], ids[1], copyId }.Order(StringComparer.Ordinal), exported.Select(e => e.SubjectId!).Order(StringComparer.Ordinal));
        Assert.All(exported, e => Assert.Equal(caseId, e.CaseId));
    }

    [Fact]
    public async Task A_refused_export_shows_the_form_again_with_what_was_typed_but_never_the_passphrase_and_a_passphrase_export_opens_with_gpg()
    {
        await using var server = await HavenServer.StartAsync();
        var (caseId, ids) = await PersonSendsAsync(server, ("a.txt", "first"u8.ToArray()), ("b.txt", "second"u8.ToArray()));
        using var admin = await LoginAdminAsync(server);
        var path = $"/desk/case/{caseId}/evidence";

        async Task<string> Refused(HttpStatusCode status, string error, IEnumerable<KeyValuePair<string, string>> fields)
        {
            using var response = await ExportAsync(admin, path, fields);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains(error, html, StringComparison.Ordinal);
            Assert.DoesNotContain(Passphrase, html, StringComparison.Ordinal);
            return html;
        }

        var html = await Refused(HttpStatusCode.UnprocessableEntity, "Choose at least one file.", [new("Input.PublicKey", "typed key text")]);
        Assert.Contains(">typed key text</textarea>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("checked=\"checked\"", html, StringComparison.Ordinal);
        html = await Refused(HttpStatusCode.BadRequest, "not both", [.. Picked(ids[0]), new("Input.PublicKey", lawyer.PublicKey(lawyer.Curve25519)), new("Input.Passphrase", Passphrase), new("Input.PassphraseAgain", Passphrase)]);
        Assert.Contains("-----BEGIN PGP PUBLIC KEY BLOCK-----", html, StringComparison.Ordinal);
        Assert.Contains($"value=\"{ids[0]}\" id=\"file-{ids[0]}\" checked=\"checked\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"value=\"{ids[1]}\" id=\"file-{ids[1]}\" checked=\"checked\"", html, StringComparison.Ordinal);
        await Refused(HttpStatusCode.BadRequest, "Give the recipient", Picked(ids[0]));
        await Refused(HttpStatusCode.BadRequest, "not the same", [.. Picked(ids[0]), new("Input.Passphrase", Passphrase), new("Input.PassphraseAgain", Passphrase + "!")]);
        await Refused(HttpStatusCode.UnprocessableEntity, "at least 12 characters", [.. Picked(ids[0]), new("Input.Passphrase", "too short"), new("Input.PassphraseAgain", "too short")]);
        await Refused(HttpStatusCode.UnprocessableEntity, "not an armored OpenPGP public key", [.. Picked(ids[0]), new("Input.PublicKey", "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nnot a key\n-----END PGP PUBLIC KEY BLOCK-----")]);
        await Refused(HttpStatusCode.UnprocessableEntity, "no key that may encrypt", [.. Picked(ids[0]), new("Input.PublicKey", lawyer.PublicKey(lawyer.SignOnly))]);
        await Refused(HttpStatusCode.UnprocessableEntity, "no key that may encrypt", [.. Picked(ids[0]), new("Input.PublicKey", lawyer.PublicKey(lawyer.Expired))]);
        await Refused(HttpStatusCode.Conflict, "The files have changed", [.. Picked(ids[0], RandomId.New()), new("Input.Passphrase", Passphrase), new("Input.PassphraseAgain", Passphrase)]);

        // Nothing was exported by a refused form.
        await using (var db = await Db(server))
        {
            Assert.Equal(0, await db.AuditEntries.CountAsync(e => e.Action == CustodyActions.Exported));
        }

        // The same refusal in Russian.
        using var russian = server.CreateClient("ru");
        Assert.Equal("/desk", (await russian.LoginAsync(HavenServer.AdminName, HavenServer.AdminPassphrase, server.AdminCode(1))).Location.AbsolutePath);
        using (var ru = await ExportAsync(russian, path, [.. Picked(ids[0]), new("Input.Passphrase", Passphrase), new("Input.PassphraseAgain", "другой пароль, длинный")]))
        {
            Assert.Equal(HttpStatusCode.BadRequest, ru.StatusCode);
            var text = await ru.Content.ReadAsStringAsync();
            Assert.Contains("Экспорт доказательств", text, StringComparison.Ordinal);
            Assert.Contains("Парольные фразы не совпадают", text, StringComparison.Ordinal);
        }

        // Every file as received, to a passphrase: gpg opens it with the passphrase.
        using var response = await ExportAsync(admin, path, [.. Picked(ids), new("Input.Passphrase", Passphrase), new("Input.PassphraseAgain", Passphrase)]);
        var (_, bytes) = await DownloadAsync(response);
        var bundle = Open(lawyer, bytes, Passphrase);
        Assert.Equal(ids, bundle.Files.Select(f => f.GetProperty("id").GetString()!).ToList());
        Assert.Equal("first"u8.ToArray(), bundle[bundle.Files[0].GetProperty("path").GetString()!]);
        Assert.Empty(bundle.Events);
        Assert.False(Opens(lawyer, bytes, Passphrase + "?"));
    }

    [Fact]
    public async Task A_responder_who_does_not_hold_the_case_gets_404_from_its_export_and_an_analyst_from_every_export()
    {
        await using var server = await HavenServer.StartAsync();
        await EventScenario.AddRegionsAsync(server);
        var (caseId, ids) = await PersonSendsAsync(server, ("a.txt", "first"u8.ToArray()));
        using var admin = await LoginAdminAsync(server);
        var written = await EventScenario.WriteAsync(server, DocumentationAccess.Session(server, HavenServer.AdminName), caseId, Texts);
        var worker = await AddResponderAsync(server, "Worker", ResponderRole.Caseworker);
        var analyst = await AddResponderAsync(server, "Analyst", ResponderRole.Analyst);
        using var workerClient = await LoginAsync(server, worker);
        using var analystClient = await LoginAsync(server, analyst);

        foreach (var client in new[] { workerClient, analystClient })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/desk/case/{caseId}/evidence")).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/desk/record/evidence?event={written.EventId}")).Status);
            var token = HavenClient.Hidden((await client.GetAsync("/desk")).Html, "__af")!;
            using var posted = await client.Http.PostAsync($"/desk/case/{caseId}/evidence", new FormUrlEncodedContent([new("__af", token), .. Picked(ids), new("Input.Passphrase", Passphrase), new("Input.PassphraseAgain", Passphrase)]));
            Assert.Equal(HttpStatusCode.NotFound, posted.StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/desk/case/{RandomId.New()}/evidence")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/desk/record/evidence?event={RandomId.New()}")).Status);
        await using var db = await Db(server);
        Assert.Equal(0, await db.AuditEntries.CountAsync(e => e.Action == CustodyActions.Exported));
    }

    [Fact]
    public async Task An_export_from_an_event_holds_only_the_files_of_the_source_cases_the_responder_holds_and_says_how_many_are_left_out()
    {
        await using var server = await HavenServer.StartAsync();
        await EventScenario.AddRegionsAsync(server);
        var (caseA, filesA) = await PersonSendsAsync(server, ("a1.txt", "a one"u8.ToArray()), ("a2.txt", "a two"u8.ToArray()));
        var (caseB, filesB) = await PersonSendsAsync(server, ("b1.txt", "b one"u8.ToArray()));
        using var admin = await LoginAdminAsync(server);
        var me = DocumentationAccess.Session(server, HavenServer.AdminName);
        var written = await EventScenario.WriteAsync(server, me, caseA, Texts);
        Assert.Equal(RecordWriteOutcome.Saved, await server.Services.GetRequiredService<SaveEventCommand>().ExecuteAsync(written.EventId, RandomId.New(), 3, new EventEdit.AddInformation(new InformationCoding { Id = RandomId.New(), Source = InformationSource.Case, CaseId = caseB, Connection = "witness", Reliability = 3 }, null), me, CancellationToken.None));

        // A caseworker who holds case A only.
        var worker = await AddResponderAsync(server, "Worker", ResponderRole.Caseworker);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostWithTokenAsync($"/desk/case/{caseA}", $"/desk/case/{caseA}?handler=grant", [new("ResponderId", worker.Id)])).Status);
        using var workerClient = await LoginAsync(server, worker);

        var eventPage = await workerClient.GetAsync($"/desk/record/events/{written.EventId}");
        Assert.Equal(HttpStatusCode.OK, eventPage.Status);
        Assert.Equal($"/desk/record/evidence?event={written.EventId}", LinkOf(eventPage.Html, "export-evidence"));
        var path = $"/desk/record/evidence?event={written.EventId}";
        var page = await workerClient.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.All(filesA, id => Assert.Contains($"id=\"file-{id}\" checked=\"checked\"", page.Html, StringComparison.Ordinal));
        Assert.DoesNotContain(filesB[0], page.Html, StringComparison.Ordinal);
        Assert.Contains("id=\"left-out\" data-files=\"1\" data-cases=\"1\"", page.Html, StringComparison.Ordinal);
        Assert.Contains("1 file as received is left out", page.Html, StringComparison.Ordinal);

        using var response = await ExportAsync(workerClient, path, [.. Picked(filesA), new("event", written.EventId), new("Input.Passphrase", Passphrase), new("Input.PassphraseAgain", Passphrase)]);
        var (_, bytes) = await DownloadAsync(response);
        var bundle = Open(lawyer, bytes, Passphrase);
        Assert.Equal(filesA, bundle.Files.Select(f => f.GetProperty("id").GetString()!).ToList());
        var @event = Assert.Single(bundle.Events);
        Assert.Equal(4, @event.GetProperty("version").GetInt32());
        Assert.Equal(filesA, @event.GetProperty("files").EnumerateArray().Select(f => f.GetString()!).ToList());
        Assert.Contains(caseB, @event.GetProperty("coding").GetProperty("information").EnumerateArray().Select(i => i.TryGetProperty("case", out var c) ? c.GetString() : null));
        Assert.Equal("Worker", bundle.Manifest.GetProperty("exporter").GetProperty("name").GetString());

        // The administrator holds both cases: nothing is left out, and both cases' files are offered.
        var adminPage = await admin.GetAsync(path);
        Assert.DoesNotContain("id=\"left-out\"", adminPage.Html, StringComparison.Ordinal);
        Assert.All(filesA.Concat(filesB), id => Assert.Contains($"id=\"file-{id}\" checked=\"checked\"", adminPage.Html, StringComparison.Ordinal));

        // In Russian, the count is in words that agree with it.
        using var russian = server.CreateClient("ru");
        Assert.Equal("/desk", (await russian.LoginAsync(worker.Name, worker.Passphrase, Haven.Accounts.TotpCodes.Compute(worker.TotpSecret, server.Clock.GetUtcNow().AddSeconds(30)))).Location.AbsolutePath);
        Assert.Contains("1 полученный файл не включён", (await russian.GetAsync(path)).Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_ticked_on_the_documentation_list_are_exported_together_and_none_ticked_is_a_400()
    {
        await using var server = await HavenServer.StartAsync();
        await EventScenario.AddRegionsAsync(server);
        var (caseA, filesA) = await PersonSendsAsync(server, ("a.txt", "from case a"u8.ToArray()));
        var (caseB, filesB) = await PersonSendsAsync(server, ("b.txt", "from case b"u8.ToArray()));
        using var admin = await LoginAdminAsync(server);
        var me = DocumentationAccess.Session(server, HavenServer.AdminName);
        var first = await EventScenario.WriteAsync(server, me, caseA, Texts);
        var second = await EventScenario.WriteAsync(server, me, caseB, Texts);

        // One box per event (not per act), outside the filter form, tied to the export form by its form attribute.
        var list = await admin.GetAsync("/desk/record");
        Assert.Equal(HttpStatusCode.OK, list.Status);
        Assert.Contains("<form method=\"get\" id=\"export-events\" action=\"/desk/record/evidence\">", list.Html, StringComparison.Ordinal);
        foreach (var id in new[] { first.EventId, second.EventId })
        {
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(list.Html, $"<input type=\"checkbox\" name=\"event\" value=\"{id}\" id=\"choose-{id}\" form=\"export-events\""));
        }

        Assert.Contains("id=\"export-chosen\"", list.Html, StringComparison.Ordinal);

        // What the browser sends with both ticked: both events and both cases' files, exported in one bundle.
        var path = $"/desk/record/evidence?event={first.EventId}&event={second.EventId}";
        var page = await admin.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.All(filesA.Concat(filesB), id => Assert.Contains($"id=\"file-{id}\" checked=\"checked\"", page.Html, StringComparison.Ordinal));
        using var response = await ExportAsync(admin, path, [.. Picked(filesA.Concat(filesB)), new("event", first.EventId), new("event", second.EventId), new("Input.Passphrase", Passphrase), new("Input.PassphraseAgain", Passphrase)]);
        var (_, bytes) = await DownloadAsync(response);
        var bundle = Open(lawyer, bytes, Passphrase);
        Assert.Equal(new[] { first.EventId, second.EventId }, bundle.Events.Select(e => e.GetProperty("id").GetString()!).ToArray());
        Assert.Equal(filesA.Concat(filesB).ToList(), bundle.Files.Select(f => f.GetProperty("id").GetString()!).ToList());

        // Nothing ticked: a 400 that says what to do, in English and in Russian.
        var none = await admin.GetAsync("/desk/record/evidence");
        Assert.Equal(HttpStatusCode.BadRequest, none.Status);
        Assert.Contains("Choose at least one event on the documentation list", none.Html, StringComparison.Ordinal);
        using var russian = server.CreateClient("ru");
        Assert.Equal("/desk", (await russian.LoginAsync(HavenServer.AdminName, HavenServer.AdminPassphrase, server.AdminCode(1))).Location.AbsolutePath);
        var ru = await russian.GetAsync("/desk/record/evidence");
        Assert.Equal(HttpStatusCode.BadRequest, ru.Status);
        Assert.Contains("Отметьте хотя бы одно событие", ru.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exports_beyond_the_servers_limit_wait_their_turn_then_are_refused_with_503_the_form_kept_and_nothing_recorded()
    {
        await using var server = await HavenServer.StartAsync("Haven:Evidence:MaxConcurrentExports=1", "Haven:Evidence:ExportWaitSeconds=1");
        // Larger than what loopback sockets and Kestrel buffer, so an export whose reader stops stays in flight.
        var big = RandomNumberGeneratorBytes(24 * 1024 * 1024);
        var (caseId, ids) = await PersonSendsAsync(server, ("big.bin", big), ("small.txt", "small"u8.ToArray()));
        using var admin = await LoginAdminAsync(server);
        var path = $"/desk/case/{caseId}/evidence";
        var gate = server.Services.GetRequiredService<Haven.Evidence.Bundles.BundleExportGate>();

        // The first export starts streaming, and its reader stops after the headers.
        var page = await admin.GetAsync(path);
        using var post = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new FormUrlEncodedContent([.. Picked(ids), new("Input.Passphrase", Passphrase), new("Input.PassphraseAgain", Passphrase), new("__af", HavenClient.Hidden(page.Html, "__af")!)]),
        };
        using var first = await admin.Http.SendAsync(post, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        // The second waits for the slot, then is refused: 503, the form with what was chosen, no passphrase, nothing recorded.
        using (var second = await ExportAsync(admin, path, [.. Picked(ids[1]), new("Input.Passphrase", Passphrase), new("Input.PassphraseAgain", Passphrase)]))
        {
            var html = await second.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
            Assert.Contains("Other evidence exports are being built right now", html, StringComparison.Ordinal);
            Assert.Contains($"value=\"{ids[1]}\" id=\"file-{ids[1]}\" checked=\"checked\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain($"value=\"{ids[0]}\" id=\"file-{ids[0]}\" checked=\"checked\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain(Passphrase, html, StringComparison.Ordinal);
        }

        await using (var db = await Db(server))
        {
            Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.Action == CustodyActions.Exported));
        }

        Assert.Equal(1, gate.PeakInFlight);

        // The first one is read to the end and opens; its slot is free again, and the next export goes through.
        var bundle = Open(lawyer, await first.Content.ReadAsByteArrayAsync(), Passphrase);
        Assert.Equal(Sha256(big), Sha256(bundle[bundle.Files[0].GetProperty("path").GetString()!]));
        using var third = await ExportAsync(admin, path, [.. Picked(ids[1]), new("Input.Passphrase", Passphrase), new("Input.PassphraseAgain", Passphrase)]);
        var (_, bytes) = await DownloadAsync(third);
        var small = Open(lawyer, bytes, Passphrase);
        Assert.Equal("small"u8.ToArray(), small[small.Files[0].GetProperty("path").GetString()!]);
        Assert.Equal(1, gate.PeakInFlight);
    }

    private static byte[] RandomNumberGeneratorBytes(int length) => System.Security.Cryptography.RandomNumberGenerator.GetBytes(length);
}
