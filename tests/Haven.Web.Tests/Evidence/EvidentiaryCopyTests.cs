using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Haven.Accounts;
using Haven.Cases;
using Haven.Crypto;
using Haven.Storage;
using Haven.Tests;
using Haven.Web.Tests.Cli;
using Haven.Web.Tests.Files;
using Haven.Web.Tests.Infrastructure;
using Haven.Web.Tests.Workflow;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Haven.Web.Tests.Workflow.WorkflowDesk;

namespace Haven.Web.Tests.Evidence;

/// <summary>
/// The evidentiary copy (the file as received) can never be replaced, edited or deleted except by the retention purge
/// of its whole case: every desk and intake route that takes a case id or a file id, and every <c>haven</c> command,
/// is walked (legitimately, hostilely, with colliding record ids, with other methods), and afterwards each evidentiary
/// copy's blob bytes, its <c>files</c> row, the record that lists it and its decrypted listing are exactly as before.
/// Then the purge of its case removes all of them.
/// </summary>
public sealed partial class EvidentiaryCopyTests
{
    /// <summary>The routes a case id or a file id reaches: every one must be walked below.</summary>
    private static readonly string[] WalkedTemplates =
    [
        "desk/case/{id}", "desk/case/{id}/reply", "desk/case/{id}/file/{fileId}", "desk/case/{id}/files/{fileId}",
        "conversation/file/{fileId}", "desk/record/events/new",

        // Export pages of the signed evidence bundles (another branch of issue 16), walked as soon as they exist.
        "desk/case/{id}/evidence", "desk/record/evidence",

        // The custody log's downloads (another branch of issue 16).
        "desk/case/{id}/files/{fileId}/custody.{format}",
    ];

    /// <summary>Every <c>haven</c> command, with arguments to run it on the instance (each run may succeed or refuse).</summary>
    private static readonly Dictionary<string, Func<Walk, string[]>> Commands = new(StringComparer.Ordinal)
    {
        ["init"] = w => ["init", "--data", w.Data, "--recovery-stdout"],
        ["migrate"] = w => ["migrate", "--data", w.Data],
        ["responder add"] = w => ["responder", "add", "--data", w.Data, "--name", "Newcomer", "--role", "caseworker"],
        ["responder list"] = w => ["responder", "list", "--data", w.Data],
        ["responder reset"] = w => ["responder", "reset", "--data", w.Data, "--name", HavenServer.AdminName, "--recovery-key", w.KeyFile],
        ["decrypt"] = w => ["decrypt", "--data", w.Data, "--recovery-key", w.KeyFile, "--out", w.Temp["decrypted"]],
        ["audit verify"] = w => ["audit", "verify", "--data", w.Data],
        ["purge"] = w => ["purge", "--data", w.Data],
        ["backup"] = w => ["backup", "--data", w.Data, "--out", w.Temp["haven.backup"]],
        ["restore"] = w => ["restore", "--data", w.Data, "--from", w.Temp["haven.backup"], "--recovery-key", w.KeyFile],
        ["record gazetteer import"] = w => ["record", "gazetteer", "import", w.Gazetteer, "--data", w.Data],
        ["record lists export"] = w => ["record", "lists", "export", "--format", "json", "--out", w.Temp["lists"], "--data", w.Data],
        ["record export"] = w => ["record", "export", "--format", "json", "--out", w.Temp["record.json"], "--recovery-key", w.KeyFile, "--data", w.Data],

        // The signed evidence bundles' commands (another branch of issue 16), run as soon as they exist.
        ["evidence verify"] = w => ["evidence", "verify", w.Temp["haven.backup"]],
        ["evidence key"] = w => ["evidence", "key", "--data", w.Data],

        // The desk's bundle from the command line: it reads the blobs and writes custody entries, never a file of the case.
        ["evidence export"] = w => ["evidence", "export", "--data", w.Data, "--responder", HavenServer.AdminName, "--case", w.CaseId, "--working-copies", "--passphrase-file", w.PassphraseFile, "--out", w.Temp["evidence.gpg"]],

        // haven wipe destroys a whole instance, and only when told which one (docs/operations.md, "Wiping an
        // instance"): here with another instance's confirmation, which it must refuse, removing nothing.
        ["wipe"] = w => ["wipe", "--data", w.Data, "--confirm", "0000000000000000"],
    };

    [Fact]
    public async Task No_route_or_command_alters_or_deletes_an_evidentiary_copy_and_only_the_purge_of_its_case_removes_it()
    {
        using var temp = new TempFolder();
        await using var server = await HavenServer.StartAsync();
        using var admin = await LoginAdminAsync(server);

        // A person's request with a photo and a message with a document; the responder's reply with a file.
        using var person = server.CreateClient();
        await person.AskForHelpAsync();
        var photo = CleanCopyTests.JpegWithGps(320, 240);
        Assert.Equal(HttpStatusCode.OK, (await person.SubmitRequestWithFilesAsync("photos of the checkpoint", [("checkpoint.jpg", FileTestKit.Bytes(photo, "image/jpeg"))])).Status);
        var caseId = Assert.Single(await admin.InboxCaseIdsAsync());
        Assert.Equal(HttpStatusCode.OK, (await person.SendMessageWithFilesAsync("my statement", [("statement.docx", FileTestKit.Bytes(CleanCopyTests.Docx("Irina", "Org"), "application/octet-stream"))])).Status);
        Assert.Equal(HttpStatusCode.OK, (await FileTestKit.ReplyWithFilesAsync(admin, caseId, "the route", [("route.pdf", FileTestKit.Bytes(Encoding.ASCII.GetBytes("%PDF-1.7 route"), "application/pdf"))])).Status);

        var before = await EvidenceAsync(server.DataPath, server.RecoverySecretKey);
        Assert.Equal(3, before.Count);
        var walk = new Walk(server, temp, caseId, before);

        await walk.DeskAsync(admin);
        await walk.OutsiderAsync(await AddResponderAsync(server, "Outsider", ResponderRole.Caseworker));
        await walk.PersonAsync(person);
        await walk.NewPersonAsync();
        Assert.Equal(before, Only(await EvidenceAsync(server.DataPath, server.RecoverySecretKey), before));
        Assert.Empty(walk.ServerErrors);

        // Every route that takes a case id or a file id was walked.
        var templates = server.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Select(e => e.RoutePattern.RawText?.TrimStart('/') ?? "")
            .Where(t => t.Contains("{fileId", StringComparison.Ordinal) || t.StartsWith("desk/case/", StringComparison.Ordinal) || t.Contains("evidence", StringComparison.Ordinal))
            .Distinct().ToList();
        Assert.NotEmpty(templates);
        Assert.All(templates, t => Assert.Contains(t, WalkedTemplates));
        Assert.True(walk.MadeWorkingCopies >= 2, "the walk made no working copies: the copy forms were not reached");

        // Every command, on the stopped instance (writing commands refuse to run beside the server).
        await server.StopAsync();
        await walk.CommandsAsync();
        Assert.Equal(before, Only(await EvidenceAsync(server.DataPath, server.RecoverySecretKey), before));

        // The retention purge of the whole case is the one thing that removes them: blob, row, record and listing.
        await using (var db = StorageServiceCollectionExtensions.CreateContext(TestDatabases.Data(server.DataPath)))
        {
            var @case = await db.Cases.SingleAsync(c => c.Id == caseId);
            var longAgo = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-400);
            (@case.State, @case.ClosedOn, @case.LastActivityOn) = (CaseState.Closed, longAgo, longAgo);
            await db.SaveChangesAsync();
        }

        StorageServiceCollectionExtensions.ClearSqlitePool(server.Data);
        var purged = await CliRunner.RunAsync("purge", "--data", server.DataPath);
        Assert.True(purged.ExitCode == 0, purged.ToString());
        Assert.Equal("1 cases purged.", purged.Stdout.Trim());
        Assert.Empty(await EvidenceAsync(server.DataPath, server.RecoverySecretKey));
        foreach (var (id, _) in before)
        {
            Assert.False(File.Exists(Path.Combine(server.DataPath, "blobs", id)), $"the blob of {id} outlived the purge");
        }

        await using (var db = StorageServiceCollectionExtensions.CreateContext(TestDatabases.Data(server.DataPath)))
        {
            Assert.False(await db.Files.AnyAsync(f => f.CaseId == caseId));
            Assert.False(await db.Records.AnyAsync(r => r.CaseId == caseId));
        }

        StorageServiceCollectionExtensions.ClearSqlitePool(server.Data);
    }

    /// <summary>What must never change of an evidentiary copy: its blob, its row, its record (ciphertext and all) and its decrypted listing.</summary>
    internal sealed record EvidenceState(string BlobSha256, long BlobLength, string Row, string Record, string Listing);

    /// <summary>The evidentiary copies of the instance (files without an original), by id, read from the data directory itself.</summary>
    private static async Task<List<(string Id, EvidenceState State)>> EvidenceAsync(string dataPath, byte[] recoverySecret)
    {
        var data = TestDatabases.Data(dataPath);
        var states = new List<(string, EvidenceState)>();
        await using (var db = StorageServiceCollectionExtensions.CreateContext(data))
        {
            using var recovery = X25519KeyPair.FromSecretKey(recoverySecret);
            foreach (var row in await db.Files.AsNoTracking().Where(f => f.OriginalId == null).OrderBy(f => f.Id).ToListAsync())
            {
                var record = await db.Records.AsNoTracking().SingleAsync(r => r.Id == row.RecordId);
                var seal = await db.CaseKeySeals.AsNoTracking().SingleAsync(s => s.CaseId == record.CaseId && s.ResponderId == null && s.Generation == record.KeyGeneration);
                using var caseKey = CaseRecords.OpenCaseKey(seal.SealedKey, recovery)!;
                Assert.True(RecordEnvelope.TryOpen(record.Ciphertext, record.KeyForCase, caseKey, record.Kind, record.Id, out var plaintext));
                using var content = JsonDocument.Parse(plaintext);
                var listing = content.RootElement.GetProperty("files").EnumerateArray().Single(f => f.GetProperty("id").GetString() == row.Id).GetRawText();
                var blob = await File.ReadAllBytesAsync(Path.Combine(dataPath, "blobs", row.Id));
                states.Add((row.Id, new EvidenceState(Convert.ToHexStringLower(SHA256.HashData(blob)), blob.Length, JsonSerializer.Serialize(row), JsonSerializer.Serialize(record), listing)));
            }
        }

        StorageServiceCollectionExtensions.ClearSqlitePool(data);
        return states;
    }

    /// <summary>The states of the copies that existed before (files added by the walk are new evidentiary copies of their own).</summary>
    private static List<(string Id, EvidenceState State)> Only(List<(string Id, EvidenceState State)> now, List<(string Id, EvidenceState State)> before) =>
        [.. now.Where(n => before.Any(b => b.Id == n.Id))];

    [GeneratedRegex(@"^  ([a-z][a-z-]*)(?: <[^>]+>)*  ", RegexOptions.Multiline)]
    private static partial Regex CommandLine();

    /// <summary>The walk over one instance: its ids, what it saw, and the requests it makes.</summary>
    private sealed class Walk(HavenServer server, TempFolder temp, string caseId, List<(string Id, EvidenceState State)> evidence)
    {
        private readonly List<string> _files = [.. evidence.Select(e => e.Id)];

        /// <summary>The administrator's TOTP secret once <c>haven responder reset</c> gave them a new one.</summary>
        private string? _adminTotp;

        public TempFolder Temp => temp;

        public string Data => server.DataPath;

        public string KeyFile { get; } = temp.WriteSecretFile("recovery.txt", RecoverySecret.Format(server.RecoverySecretKey));

        public string CaseId => caseId;

        /// <summary>The passphrase a bundle of <c>haven evidence export</c> is encrypted to.</summary>
        public string PassphraseFile { get; } = temp.WriteSecretFile("bundle-passphrase.txt", "a passphrase for the court");

        public string Gazetteer { get; } = WriteGazetteer(temp);

        /// <summary>Requests answered with a 5xx: a route that fails is a route whose effect is unknown.</summary>
        public List<string> ServerErrors { get; } = [];

        public int MadeWorkingCopies { get; private set; }

        /// <summary>A responder who holds the case: every page and form, legitimate and hostile.</summary>
        public async Task DeskAsync(HavenClient admin)
        {
            var worker = await AddResponderAsync(server, "Worker", ResponderRole.Caseworker);
            var recordIds = await RecordIdsAsync();
            var casePage = $"/desk/case/{caseId}";
            await GetAsync(admin, casePage);
            await GetAsync(admin, casePage + "?saved=1");
            await GetAsync(admin, casePage + "/reply");
            await GetAsync(admin, $"/desk/record/events/new?case={caseId}");
            await GetAsync(admin, casePage + "/evidence");
            await GetAsync(admin, "/desk/record/evidence?event=" + RandomId.New());
            foreach (var handler in new[] { "transition", "check", "data", "note", "grant", "revoke", "assign", "delete", "replace", "purge" })
            {
                await PostAsync(admin, casePage, $"{casePage}?handler={handler}", [new("To", "Triage"), new("ItemId", "1"), new("Ticked", "true"), new("NoteText", "a note"), new("responderId", worker.Id), new("dataId", _files[0]), new("fileId", _files[0])]);
            }

            await PostAsync(admin, casePage, $"{casePage}?handler=grant", [new("responderId", worker.Id)]);
            await PostAsync(admin, casePage, $"{casePage}?handler=assign", [new("responderId", worker.Id)]);
            await PostAsync(admin, casePage, $"{casePage}?handler=revoke", [new("responderId", worker.Id)]);
            await PostAsync(admin, casePage, $"/desk/record/events/new?case={caseId}", [new("Input.EventId", RandomId.New()), new("Input.VersionId", RandomId.New())]);
            await PostAsync(admin, casePage, casePage + "/evidence", [new("Passphrase", "a passphrase long enough"), new("Confirm", "a passphrase long enough")]);

            // Replies whose record id is that of a record listing an evidentiary copy, then a fresh one.
            foreach (var recordId in recordIds.Append(RandomId.New()))
            {
                Note(await FileTestKit.ReplyWithFilesAsync(admin, caseId, "another reply", [("again.pdf", FileTestKit.Bytes(Encoding.ASCII.GetBytes("%PDF-1.7 again"), "application/pdf"))], recordId), "POST reply");
            }

            foreach (var fileId in _files)
            {
                var info = $"{casePage}/files/{fileId}";
                await GetAsync(admin, info);
                await GetAsync(admin, $"{casePage}/file/{fileId}");
                await GetAsync(admin, info + "?handler=Redact");
                await GetAsync(admin, info + "/custody.csv");
                await GetAsync(admin, info + "/custody.json");
                await PostAsync(admin, info, info + "/custody.csv", []);

                // The forms as the page renders them: a cleaned copy, then a redacted copy (both refused for other kinds).
                var page = await admin.GetAsync(info);
                var made = await admin.PostAsync(info, [new("__af", Token(page.Html)), new("RecordId", HavenClient.Hidden(page.Html, "RecordId") ?? RandomId.New())]);
                Note(made, "POST clean");
                MadeWorkingCopies += made.Location.Query.Contains("made=", StringComparison.Ordinal) ? 1 : 0;
                var redacted = await admin.PostAsync(info + "?handler=Redact", [new("__af", Token(page.Html)), new("RedactRecordId", RandomId.New()), new("x", "0"), new("y", "0"), new("w", "10"), new("h", "10"), new("cell", "0-0")]);
                Note(redacted, "POST redact");
                MadeWorkingCopies += redacted.Location.Query.Contains("made=", StringComparison.Ordinal) ? 1 : 0;

                // Hostile: colliding record ids, coordinates outside, too many, handlers and methods that do not exist.
                foreach (var recordId in recordIds.Append(fileId))
                {
                    await PostAsync(admin, info, info, [new("RecordId", recordId)]);
                    await PostAsync(admin, info, info + "?handler=Redact", [new("RedactRecordId", recordId), new("x", "0"), new("y", "0"), new("w", "5"), new("h", "5")]);
                }

                await PostAsync(admin, info, info + "?handler=Redact", [new("RedactRecordId", RandomId.New()), new("x", "-5"), new("y", "99999999999"), new("w", "0"), new("h", "abc")]);
                await PostAsync(admin, info, info + "?handler=Redact", [new("RedactRecordId", RandomId.New()), .. Enumerable.Range(0, 150).Select(i => new KeyValuePair<string, string>("cell", $"{i % 10}-{i / 10}"))]);
                foreach (var handler in new[] { "Delete", "Replace", "Upload", "Edit" })
                {
                    await PostAsync(admin, info, $"{info}?handler={handler}", [new("RecordId", RandomId.New()), new("fileId", fileId)]);
                }

                await PostAsync(admin, info, $"{casePage}/file/{fileId}", [new("RecordId", RandomId.New())]);
                foreach (var method in new[] { HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch })
                {
                    await SendAsync(admin, method, $"{casePage}/file/{fileId}");
                    await SendAsync(admin, method, info);
                }
            }
        }

        /// <summary>A responder who does not hold the case: everything is the same 404, and nothing changes.</summary>
        public async Task OutsiderAsync(TestResponder outsider)
        {
            using var client = await LoginAsync(server, outsider);
            var token = Token((await client.GetAsync("/desk")).Html);
            foreach (var fileId in _files)
            {
                Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(client, $"/desk/case/{caseId}/files/{fileId}")).Status);
                Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(client, $"/desk/case/{caseId}/file/{fileId}")).Status);
                Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(client, $"/desk/case/{caseId}/files/{fileId}/custody.csv")).Status);
                Assert.Equal(HttpStatusCode.NotFound, Note(await client.PostAsync($"/desk/case/{caseId}/files/{fileId}", [new("__af", token), new("RecordId", RandomId.New())]), "outsider clean").Status);
                Assert.Equal(HttpStatusCode.NotFound, Note(await client.PostAsync($"/desk/case/{caseId}/files/{fileId}?handler=Redact", [new("__af", token), new("RedactRecordId", RandomId.New()), new("cell", "0-0")]), "outsider redact").Status);
            }
        }

        /// <summary>The person: the conversation, their files, a follow-up whose record id collides with a record listing a file.</summary>
        public async Task PersonAsync(HavenClient person)
        {
            await GetAsync(person, "/conversation");
            foreach (var fileId in _files)
            {
                await GetAsync(person, $"/conversation/file/{fileId}");
                await SendAsync(person, HttpMethod.Delete, $"/conversation/file/{fileId}");
                await SendAsync(person, HttpMethod.Put, $"/conversation/file/{fileId}");
                await PostAsync(person, "/conversation", $"/conversation/file/{fileId}", [new("RecordId", RandomId.New())]);
            }

            foreach (var recordId in (await RecordIdsAsync()).Append(RandomId.New()))
            {
                var page = await person.GetAsync("/conversation");
                Note(await person.PostMultipartAsync("/conversation", [new("__af", Token(page.Html)), new("RecordId", recordId), new("Text", "one more")], [("more.jpg", FileTestKit.Bytes(CleanCopyTests.JpegWithGps(40, 30), "image/jpeg"))]), "POST conversation");
            }
        }

        /// <summary>Someone else asking for help with a request whose record id is that of a record listing a file.</summary>
        public async Task NewPersonAsync()
        {
            foreach (var recordId in await RecordIdsAsync())
            {
                using var stranger = server.CreateClient();
                await stranger.AskForHelpAsync();
                Note(await stranger.SubmitRequestAsync("help", recordId: recordId), "POST request");
            }
        }

        /// <summary>Every command the CLI lists (found through its help, so that a new command cannot be missed).</summary>
        public async Task CommandsAsync()
        {
            var listed = await LeafCommandsAsync([]);
            Assert.Contains("purge", listed);
            Assert.All(listed, c => Assert.True(Commands.ContainsKey(c), $"haven {c} is not walked by this test"));
            foreach (var name in listed.OrderBy(c => c == "restore" ? 1 : 0))
            {
                var args = Commands[name](this);
                var input = name switch
                {
                    "responder add" or "responder reset" => "a new passphrase for the test\n",

                    // The administrator as `responder reset` left them: its new passphrase, a code of the TOTP secret it printed.
                    "evidence export" => $"a new passphrase for the test\n{(_adminTotp is null ? "" : TotpCodes.Compute(_adminTotp, DateTimeOffset.UtcNow))}\n",
                    _ => "",
                };

                // Each may succeed or refuse (init and restore refuse an existing instance); what it leaves behind is checked after.
                var ran = await CliRunner.RunWithInputAsync(input, args);
                if (name == "responder reset" && ran.ExitCode == 0)
                {
                    _adminTotp = ran.Stdout.Trim();
                }

                if (name == "evidence export")
                {
                    // The walk is worth something only if the export read every blob: it must succeed.
                    Assert.True(ran.ExitCode == 0, ran.ToString());
                }

                StorageServiceCollectionExtensions.ClearSqlitePool(server.Data);
            }

            // A restore into a fresh directory reads the backup and leaves the instance alone.
            var restored = temp["restored"];
            try
            {
                var result = await CliRunner.RunAsync("restore", "--data", restored, "--from", temp["haven.backup"], "--recovery-key", KeyFile);
                Assert.True(result.ExitCode == 0, result.ToString());
            }
            finally
            {
                StorageServiceCollectionExtensions.ClearSqlitePool(TestDatabases.Data(restored));
                TestDatabases.Drop(restored);
            }
        }

        private static string WriteGazetteer(TempFolder temp)
        {
            var path = temp["gazetteer.csv"];
            File.WriteAllText(path, "code,parent_code,label_en,label_ru\nZZ,,Testland,Тестландия\n", new UTF8Encoding(false));
            return path;
        }

        private async Task<List<string>> LeafCommandsAsync(string[] path)
        {
            var help = await CliRunner.RunAsync([.. path, "--help"]);
            var names = CommandLine().Matches(help.Stdout[(help.Stdout.IndexOf("Commands:", StringComparison.Ordinal) is var at and >= 0 ? at : help.Stdout.Length)..]).Select(m => m.Groups[1].Value).ToList();
            if (names.Count == 0)
            {
                return [string.Join(' ', path)];
            }

            var leaves = new List<string>();
            foreach (var name in names)
            {
                leaves.AddRange(await LeafCommandsAsync([.. path, name]));
            }

            return leaves;
        }

        private async Task<List<string>> RecordIdsAsync()
        {
            await using var db = await Db(server);
            return await db.Files.AsNoTracking().Where(f => _files.Contains(f.Id)).Select(f => f.RecordId).Distinct().ToListAsync();
        }

        private static string Token(string html) => HavenClient.Hidden(html, "__af") ?? "";

        private async Task<HavenClient.Page> GetAsync(HavenClient client, string path) => Note(await client.GetAsync(path), "GET " + path);

        private async Task PostAsync(HavenClient client, string pagePath, string action, IEnumerable<KeyValuePair<string, string>> fields)
        {
            var page = await client.GetAsync(pagePath);
            var token = HavenClient.Hidden(page.Html, "__af") ?? Token((await client.GetAsync(pagePath.StartsWith("/desk", StringComparison.Ordinal) ? "/desk" : "/conversation")).Html);
            Note(await client.PostAsync(action, [.. fields, new("__af", token)]), "POST " + action);
        }

        private async Task SendAsync(HavenClient client, HttpMethod method, string path)
        {
            using var request = new HttpRequestMessage(method, path) { Content = new ByteArrayContent(Encoding.ASCII.GetBytes("replacement bytes")) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            using var response = await client.Http.SendAsync(request);
            if ((int)response.StatusCode >= 500)
            {
                ServerErrors.Add($"{method} {path}: {(int)response.StatusCode}");
            }
        }

        private HavenClient.Page Note(HavenClient.Page page, string what)
        {
            if ((int)page.Status >= 500)
            {
                ServerErrors.Add($"{what}: {(int)page.Status}");
            }

            return page;
        }
    }
}
