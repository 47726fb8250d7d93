using System.Security.Cryptography;
using System.Text;
using Haven.Tests;
using Haven.Web.Tests.Cli;
using Haven.Web.Tests.Infrastructure;
using Haven.Web.Tests.Interop;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Haven.Web.Tests.Canary;

/// <summary>
/// Nothing a person or a responder writes reaches the disk or the logs in plaintext: unique markers are sent
/// through every field, then every byte of the data directory and every log line is searched for them.
/// </summary>
public sealed class CanaryTests
{
    [Fact]
    public async Task No_file_of_the_data_directory_and_no_log_line_holds_what_was_written_or_who_wrote_it()
    {
        var markers = new Dictionary<string, (string Ascii, string Cyrillic)>
        {
            ["request"] = NewMarkers(),
            ["follow-up"] = NewMarkers(),
            ["contact"] = NewMarkers(),
            ["reply"] = NewMarkers(),
            ["testimony"] = NewMarkers(),
        };
        var texts = new CaseTexts(
            Request: $"{markers["request"].Ascii} нас четверо в подвале {markers["request"].Cyrillic}",
            Help: ["evacuation", "testimony"],
            Contact: $"{markers["contact"].Ascii} Signal {markers["contact"].Cyrillic}",
            Reply: $"{markers["reply"].Ascii} оставайтесь на месте {markers["reply"].Cyrillic}",
            FollowUp: $"{markers["follow-up"].Ascii} спасибо {markers["follow-up"].Cyrillic}");
        var userAgent = $"HavenCanaryProbe/{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}";
        const string ForwardedFor = "203.0.113.77";
        void Configure(HavenClient client)
        {
            client.Http.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
            client.Http.DefaultRequestHeaders.Add("X-Forwarded-For", ForwardedFor);
        }

        await using var server = await HavenServer.StartAsync();

        // A testimony's answers are keys that the instance's lists hold in the clear (a region code is the
        // gazetteer's own): what must not reach the disk is what this person answered, so the JSON of the
        // answers is searched for, with a date, a count and a region code that appear nowhere else.
        var region = "ZZ-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        await Intake.TestimonyKit.AddRegionsAsync(server, ("ZZ", null, "Zedland", "Зедландия"), (region, "ZZ", "Canary region", "Канареечный край"));
        string[] answers = ["\"acts\":[\"arbitrary_detention\",\"torture\"]", "1987-02-13", "\"date_precision\":\"day\"", $"\"region\":\"{region}\"", "\"to_whom\":[\"me\",\"others\"]", "\"people\":4729", "\"perpetrators\":[\"police\"]"];
        WrittenCase written;
        using (var responder = server.CreateClient())
        {
            written = await CaseScenario.WriteAsync(server, responder, texts, Configure);
            using (var person = server.CreateClient())
            {
                Configure(person);
                Assert.Equal("/conversation", (await person.ReturnAsync(written.Receipt)).Location.AbsolutePath);
                List<KeyValuePair<string, string>> testimony =
                [
                    .. Intake.TestimonyKit.Answers($"{markers["testimony"].Ascii} нас держали двое суток {markers["testimony"].Cyrillic}").Where(f => f.Key is not ("Input.Year" or "Input.Month" or "Input.Day" or "Input.People")),
                    new("Input.Year", "1987"), new("Input.Month", "2"), new("Input.Day", "13"), new("Input.People", "4729"), new("Input.Country", "ZZ"), new("Input.Region", region),
                ];
                Assert.Equal("/conversation", (await Intake.TestimonyKit.SendAsync(person, testimony)).Location.AbsolutePath);
            }

            // The markers did arrive and were stored: the desk shows every one of them.
            var casePage = await responder.GetAsync($"/desk/case/{written.CaseId}");
            foreach (var (field, (ascii, cyrillic)) in markers)
            {
                Assert.True(casePage.Html.Contains(ascii, StringComparison.Ordinal) && casePage.Html.Contains(cyrillic, StringComparison.Ordinal), $"The desk does not show the {field} markers.");
            }

            Assert.Contains("1987-02-13", casePage.Html, StringComparison.Ordinal);
            Assert.Contains("Zedland › Canary region", casePage.Html, StringComparison.Ordinal);
            Assert.Contains("4729", casePage.Html, StringComparison.Ordinal);
        }

        var secrets = new List<string>(markers.Values.SelectMany(m => new[] { m.Ascii, m.Cyrillic }).Concat(answers))
        {
            // Nor the receipt (only a value derived from it with Argon2id and the pepper is stored) or the
            // administrator's passphrase and TOTP secret.
            written.Receipt,
            string.Join(' ', written.Receipt.Chunk(4).Select(c => new string(c))),
            string.Join('-', written.Receipt.Chunk(4).Select(c => new string(c))),
            HavenServer.AdminPassphrase,
            server.AdminTotpSecret,
        };

        // While the server runs: the write-ahead log holds the latest pages.
        // On SQLite the database is in the data directory; on PostgreSQL the database's folder and the WAL of
        // the test cluster are scanned as well (when test.sh says where the cluster is).
        var running = PlaintextScan.Files(server.DataPath).Select(f => Path.GetRelativePath(server.DataPath, f)).ToList();
        if (!TestDatabases.Postgres)
        {
            Assert.Contains("haven.db", running);
            Assert.Contains("haven.db-wal", running);
        }

        Assert.Contains("instance.key", running);
        if (!TestDatabases.Postgres)
        {
            // On PostgreSQL the data-protection keys are rows of protection_keys (scanned with the database's files).
            Assert.Contains(running, f => f.StartsWith("keys" + Path.DirectorySeparatorChar, StringComparison.Ordinal));
        }

        var hits = ScanEverywhere(server, secrets);
        Assert.True(hits.Count == 0, "Plaintext on disk while the server runs:\n" + string.Join('\n', hits));

        await server.StopAsync();
        var stopped = PlaintextScan.Files(server.DataPath).Select(f => Path.GetRelativePath(server.DataPath, f)).ToList();
        Assert.True(TestDatabases.Postgres || stopped.Contains("haven.db"), "haven.db is missing");
        hits = ScanEverywhere(server, secrets);
        Assert.True(hits.Count == 0, "Plaintext on disk after the server stopped:\n" + string.Join('\n', hits));

        // The logs: no marker, no client address, no user agent, no forwarded address.
        var leaks = LogLeaks(server.Logs.Lines, server.BaseAddress, [.. secrets, userAgent, "HavenCanaryProbe", ForwardedFor]);
        Assert.True(leaks.Count == 0, "Log lines that leak:\n" + string.Join('\n', leaks));
    }

    [Fact]
    public async Task Files_sent_both_ways_leave_no_plaintext_content_or_name_in_the_data_directory_the_temporary_folder_or_the_logs()
    {
        var content = NewMarkers();
        var name = NewMarkers();
        var reply = NewMarkers();
        var followUp = NewMarkers();
        byte[] Text(string prefix, (string Ascii, string Cyrillic) m, System.Text.Encoding encoding) => encoding.GetBytes($"{prefix} {m.Ascii} свидетельство {m.Cyrillic}\n");
        SentFile[] requestFiles =
        [
            new($"{name.Ascii} {name.Cyrillic}.txt", "text/plain", Text("statement", content, Encoding.UTF8)),
            new($"{name.Cyrillic}-utf16.txt", "text/plain", Text("statement", content, Encoding.Unicode)),

            // Several chunks, the marker inside chunks and across their boundaries.
            new($"{name.Ascii}.mp4", "video/mp4", SentFile.RandomBytes((4 * 65536) + 999, Encoding.UTF8.GetBytes(content.Cyrillic + content.Ascii))),
        ];
        SentFile[] replyFiles = [new($"{reply.Ascii} маршрут {reply.Cyrillic}.txt", "text/plain", Text("route", reply, Encoding.UTF8))];
        SentFile[] followUpFiles = [new($"{followUp.Ascii}.bin", "application/octet-stream", SentFile.RandomBytes(200_000, Encoding.UTF8.GetBytes(followUp.Ascii + followUp.Cyrillic)))];
        string[] secrets = [.. new[] { content, name, reply, followUp }.SelectMany(m => new[] { m.Ascii, m.Cyrillic })];

        // Files of the temporary folder are limited to those created or written from now on.
        var since = DateTime.UtcNow.AddSeconds(-2);
        using var watch = TempFiles.Watch(secrets);
        await using var server = await HavenServer.StartAsync();
        using (var responder = server.CreateClient())
        {
            var written = await FileScenario.WriteAsync(server, responder, "files attached", requestFiles, "a route attached", replyFiles);
            using (var person = server.CreateClient())
            {
                Assert.Equal("/conversation", (await person.ReturnAsync(written.Receipt)).Location.AbsolutePath);
                var sent = await person.SendMessageWithFilesAsync("one more", followUpFiles.Select(f => f.ToPart()));
                Assert.True(sent.Status == System.Net.HttpStatusCode.OK, $"The follow-up with a file was not sent: {sent.Status}");
            }

            // The files did arrive, whole: the desk downloads the large one with the very bytes sent.
            var large = written.RequestFileIds.Single(id => new FileInfo(Path.Combine(server.DataPath, "blobs", id)).Length > 4 * 65536);
            using var download = await responder.Http.GetAsync($"/desk/case/{written.CaseId}/file/{large}");
            Assert.Equal(System.Net.HttpStatusCode.OK, download.StatusCode);
            Assert.Equal(requestFiles[2].Bytes, await download.Content.ReadAsByteArrayAsync());
        }

        Assert.Equal(requestFiles.Length + replyFiles.Length + followUpFiles.Length, Directory.GetFiles(Path.Combine(server.DataPath, "blobs")).Length);
        var hits = PlaintextScan.Find(server.DataPath, secrets);
        Assert.True(hits.Count == 0, "Plaintext of files on disk while the server runs:\n" + string.Join('\n', hits));

        await server.StopAsync();
        hits = PlaintextScan.Find(server.DataPath, secrets);
        Assert.True(hits.Count == 0, "Plaintext of files on disk after the server stopped:\n" + string.Join('\n', hits));

        // No upload was buffered to a temporary file: none that appeared while the test ran, none still there.
        watch.Dispose();
        Assert.True(watch.Hits.Count == 0, "Plaintext of files in a temporary file while the server ran:\n" + string.Join('\n', watch.Hits));
        var changed = TempFiles.ChangedSince(since);
        Assert.Contains(changed, f => f.StartsWith(Path.Combine(server.DataPath, "blobs"), StringComparison.Ordinal)); // The scan does see this run's files.
        hits = PlaintextScan.FindIn(changed, secrets, skipUnreadable: true);
        Assert.True(hits.Count == 0, "Plaintext of files in temporary files:\n" + string.Join('\n', hits));

        var leaks = LogLeaks(server.Logs.Lines, server.BaseAddress, secrets);
        Assert.True(leaks.Count == 0, "Log lines that leak:\n" + string.Join('\n', leaks));
    }

    [Fact]
    public async Task No_field_of_an_event_or_a_victim_reaches_the_disk_or_the_logs_in_plaintext_and_no_term_key_is_stored_in_the_clear()
    {
        var title = NewMarkers();
        var description = NewMarkers();
        var method = NewMarkers();
        var consequences = NewMarkers();
        var details = NewMarkers();
        var pseudonym = NewMarkers();
        await using var server = await HavenServer.StartAsync();
        await Record.EventScenario.AddRegionsAsync(server);
        WrittenCase written;
        using (var responder = server.CreateClient())
        {
            written = await CaseScenario.WriteAsync(server, responder, new CaseTexts("request", ["testimony"], "contact", "reply", null));
        }

        string Both((string Ascii, string Cyrillic) m) => $"{m.Ascii} {m.Cyrillic}";
        var texts = new Record.EventTexts(Both(title), Both(description), Both(method), Both(consequences), Both(details), Both(pseudonym));
        var admin = Record.DocumentationAccess.Session(server, HavenServer.AdminName);
        var documented = await Record.EventScenario.WriteAsync(server, admin, written.CaseId, texts);

        // Stored: the responder who holds the case reads every field back.
        var view = await server.Services.GetRequiredService<Haven.Record.Events.EventQuery>().GetAsync(documented.EventId, admin, CancellationToken.None);
        Assert.Equal((texts.Title, texts.Description, texts.Method, texts.Consequences), (view!.Narrative.Title, view.Narrative.Description, view.Narrative.Acts[0].Method, view.Narrative.Acts[0].Consequences));
        Assert.Equal((texts.Details, texts.Pseudonym), (view.Narrative.Information[0].Details, view.Victims[0].Pseudonym));

        string[] secrets = [.. new[] { title, description, method, consequences, details, pseudonym }.SelectMany(m => new[] { m.Ascii, m.Cyrillic })];
        var hits = ScanEverywhere(server, [.. secrets]);
        Assert.True(hits.Count == 0, "Plaintext of an event on disk while the server runs:\n" + string.Join('\n', hits));

        // Term and region keys are configuration (in the vocabulary tables), but no version row holds one in the clear.
        string[] terms = ["arbitrary_detention", "released", "police", "carried_out", "victim", "media", "18_25", "RU-CE", "individual", "confirmed", "2017-03"];
        await using (var db = Record.DocumentationAccess.Db(server))
        {
            foreach (var version in await db.RecordVersions.AsNoTracking().ToListAsync())
            {
                byte[][] columns = [version.Coding, version.CodingKeyForDocumentation, version.CodingKeyForCase, version.Narrative, version.NarrativeKeyForCase];
                Assert.All(terms, term => Assert.All(columns, column => Assert.Equal(-1, column.AsSpan().IndexOf(Encoding.UTF8.GetBytes(term)))));
            }
        }

        await server.StopAsync();
        hits = ScanEverywhere(server, [.. secrets]);
        Assert.True(hits.Count == 0, "Plaintext of an event on disk after the server stopped:\n" + string.Join('\n', hits));
        var leaks = LogLeaks(server.Logs.Lines, server.BaseAddress, secrets);
        Assert.True(leaks.Count == 0, "Log lines that leak:\n" + string.Join('\n', leaks));
    }

    [Fact]
    public async Task A_record_export_puts_the_narratives_in_the_file_asked_for_and_nowhere_else()
    {
        var title = NewMarkers();
        var description = NewMarkers();
        var method = NewMarkers();
        var details = NewMarkers();
        var pseudonym = NewMarkers();
        string Both((string Ascii, string Cyrillic) m) => $"{m.Ascii} {m.Cyrillic}";
        string[] secrets = [.. new[] { title, description, method, details, pseudonym }.SelectMany(m => new[] { m.Ascii, m.Cyrillic })];
        var since = DateTime.UtcNow.AddSeconds(-2);
        using var watch = TempFiles.Watch(secrets);
        await using var server = await HavenServer.StartAsync();
        await Record.EventScenario.AddRegionsAsync(server);
        using var responder = server.CreateClient();
        var written = await CaseScenario.WriteAsync(server, responder, new CaseTexts("request", ["testimony"], "contact", "reply", null));
        var admin = Record.DocumentationAccess.Session(server, HavenServer.AdminName);
        await Record.EventScenario.WriteAsync(server, admin, written.CaseId, new Record.EventTexts(Both(title), Both(description), Both(method), "consequences", Both(details), Both(pseudonym)));

        // The desk's downloads hold every narrative field (JSON as it is, CSV inside the zip) and are built in memory.
        foreach (var format in new[] { "json", "csv" })
        {
            var page = await responder.PostFormAsync("/desk/record/export", "/desk/record/export", [new("format", format), new("scope", "narratives")]);
            Assert.Equal(System.Net.HttpStatusCode.OK, page.Status);
            var bytes = await page.Response.Content.ReadAsByteArrayAsync();
            var text = format == "json" ? Encoding.UTF8.GetString(bytes) : string.Concat(Record.RecordExportFiles.ReadZip(bytes, out _, out var raw).Keys.Select(k => Encoding.UTF8.GetString(raw[k])));
            Assert.All(secrets, secret => Assert.Contains(secret, text, StringComparison.Ordinal));
        }

        var hits = ScanEverywhere(server, [.. secrets]);
        Assert.True(hits.Count == 0, "Plaintext of an export on disk after the desk's downloads:\n" + string.Join('\n', hits));

        // The CLI writes the one file named (through a temporary name beside it, renamed), nothing else.
        await server.StopAsync();
        using var folder = new TempFolder();
        var key = folder.WriteSecretFile("recovery.txt", Haven.Crypto.RecoverySecret.Format(server.RecoverySecretKey));
        foreach (var (format, file) in new[] { ("json", "export.json"), ("csv", "export.zip") })
        {
            var result = await CliRunner.RunAsync("record", "export", "--format", format, "--narratives", "--out", folder[file], "--recovery-key", key, "--data", server.DataPath);
            Assert.True(result.ExitCode == 0, result.ToString());
        }

        Assert.All(secrets, secret => Assert.Contains(secret, File.ReadAllText(folder["export.json"]), StringComparison.Ordinal));
        Assert.Equal(["export.json", "export.zip", "recovery.txt"], Directory.GetFiles(folder.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        hits = ScanEverywhere(server, [.. secrets]);
        Assert.True(hits.Count == 0, "Plaintext of an export in the data directory after the CLI's:\n" + string.Join('\n', hits));
        await watch.CaughtUpAsync();
        watch.Dispose();
        Assert.True(watch.Hits.Count == 0, "Plaintext of an export in a temporary file:\n" + string.Join('\n', watch.Hits));
        var changed = TempFiles.ChangedSince(since);
        Assert.Contains(folder["export.json"], changed); // The scan does see the export.
        hits = PlaintextScan.FindIn(changed.Where(f => !f.StartsWith(folder.Path + Path.DirectorySeparatorChar, StringComparison.Ordinal)), secrets, skipUnreadable: true);
        Assert.True(hits.Count == 0, "Plaintext of an export in the temporary folder:\n" + string.Join('\n', hits));
        var leaks = LogLeaks(server.Logs.Lines, server.BaseAddress, secrets);
        Assert.True(leaks.Count == 0, "Log lines that leak:\n" + string.Join('\n', leaks));
    }

    [Fact]
    public async Task What_a_capture_app_proof_claims_reaches_the_responders_page_but_never_the_disk_a_temporary_file_or_the_logs()
    {
        using var gpg = new GpgKeys();
        var claim = NewMarkers();
        var media = SentFile.RandomBytes(3 * 65536, Encoding.UTF8.GetBytes(claim.Ascii));
        var entries = ProofModeBundle.Entries(gpg, media, mediaName: $"{claim.Ascii}.jpg", notes: $"{claim.Ascii} у моста {claim.Cyrillic}");

        // Stored, not deflated: had the zip reached a disk as it was sent, the markers would be there to find.
        var bundle = ProofModeBundle.Zip(entries, System.IO.Compression.CompressionLevel.NoCompression);
        Assert.True(bundle.AsSpan().IndexOf(Encoding.UTF8.GetBytes(claim.Cyrillic)) >= 0);
        string[] secrets = [claim.Ascii, claim.Cyrillic];

        var since = DateTime.UtcNow.AddSeconds(-2);
        using var watch = TempFiles.Watch(secrets);
        await using var server = await HavenServer.StartAsync();
        using (var responder = server.CreateClient())
        {
            var written = await FileScenario.WriteAsync(server, responder, "my proof", [new("proofmode.zip", "application/zip", bundle)], "thank you", []);
            var page = await responder.GetAsync($"/desk/case/{written.CaseId}/files/{Assert.Single(written.RequestFileIds)}");
            Assert.Equal(System.Net.HttpStatusCode.OK, page.Status);
            Assert.Contains("id=\"proof-valid\"", page.Html, StringComparison.Ordinal);
            Assert.Contains(claim.Cyrillic, page.Html, StringComparison.Ordinal);
        }

        var hits = PlaintextScan.Find(server.DataPath, secrets);
        Assert.True(hits.Count == 0, "A proof's claims on disk while the server runs:\n" + string.Join('\n', hits));
        await server.StopAsync();
        hits = PlaintextScan.Find(server.DataPath, secrets);
        Assert.True(hits.Count == 0, "A proof's claims on disk after the server stopped:\n" + string.Join('\n', hits));

        watch.Dispose();
        Assert.True(watch.Hits.Count == 0, "A proof's claims in a temporary file while the server ran:\n" + string.Join('\n', watch.Hits));
        hits = PlaintextScan.FindIn(TempFiles.ChangedSince(since), secrets, skipUnreadable: true);
        Assert.True(hits.Count == 0, "A proof's claims in temporary files:\n" + string.Join('\n', hits));

        var leaks = LogLeaks(server.Logs.Lines, server.BaseAddress, secrets);
        Assert.True(leaks.Count == 0, "Log lines that leak:\n" + string.Join('\n', leaks));
    }

    [Fact]
    public async Task An_image_previewed_and_redacted_on_the_desk_never_reaches_the_disk_a_temporary_file_or_the_logs()
    {
        var marker = NewMarkers();

        // The markers are in the image's own bytes (its comment and EXIF): had the file or its decoding reached a disk, they would be there to find.
        byte[] photo;
        using (var image = new ImageMagick.MagickImage(ImageMagick.MagickColors.Orange, 640, 480))
        {
            image.Comment = $"{marker.Ascii} у моста {marker.Cyrillic}";
            var exif = new ImageMagick.ExifProfile();
            exif.SetValue(ImageMagick.ExifTag.Model, marker.Ascii);
            image.SetProfile(exif);
            photo = image.ToByteArray(ImageMagick.MagickFormat.Jpeg);
        }

        Assert.True(photo.AsSpan().IndexOf(Encoding.UTF8.GetBytes(marker.Cyrillic)) >= 0);
        string[] secrets = [marker.Ascii, marker.Cyrillic];

        var since = DateTime.UtcNow.AddSeconds(-2);
        using var watch = TempFiles.Watch(secrets);
        await using var server = await HavenServer.StartAsync();
        using (var responder = server.CreateClient())
        {
            var written = await FileScenario.WriteAsync(server, responder, "the bridge", [new("bridge.jpg", "image/jpeg", photo)], "thank you", []);
            var fileId = Assert.Single(written.RequestFileIds);
            var page = await responder.GetAsync($"/desk/case/{written.CaseId}/files/{fileId}");
            Assert.Contains("id=\"redact-preview\"", page.Html, StringComparison.Ordinal);
            var made = await responder.PostAsync($"/desk/case/{written.CaseId}/files/{fileId}?handler=Redact", [new("__af", HavenClient.Hidden(page.Html, "__af")!), new("RedactRecordId", HavenClient.Hidden(page.Html, "RedactRecordId")!), new("cell", "4-4")]);
            Assert.Contains("made=redacted", made.Location.Query, StringComparison.Ordinal);
        }

        var hits = PlaintextScan.Find(server.DataPath, secrets);
        Assert.True(hits.Count == 0, "An image's plaintext on disk while the server runs:\n" + string.Join('\n', hits));
        await server.StopAsync();
        hits = PlaintextScan.Find(server.DataPath, secrets);
        Assert.True(hits.Count == 0, "An image's plaintext on disk after the server stopped:\n" + string.Join('\n', hits));

        watch.Dispose();
        Assert.True(watch.Hits.Count == 0, "An image's plaintext in a temporary file while the server ran:\n" + string.Join('\n', watch.Hits));
        hits = PlaintextScan.FindIn(TempFiles.ChangedSince(since), secrets, skipUnreadable: true);
        Assert.True(hits.Count == 0, "An image's plaintext in temporary files:\n" + string.Join('\n', hits));

        var leaks = LogLeaks(server.Logs.Lines, server.BaseAddress, secrets);
        Assert.True(leaks.Count == 0, "Log lines that leak:\n" + string.Join('\n', leaks));
    }

    [Fact]
    public async Task The_temporary_folder_scan_finds_a_marker_in_a_file_written_there_during_the_test_and_the_watch_one_gone_by_the_end()
    {
        var (ascii, cyrillic) = NewMarkers();
        var since = DateTime.UtcNow.AddSeconds(-2);
        var kept = Path.Combine(Path.GetTempPath(), $"haven-canary-{Guid.NewGuid():N}.tmp");
        // Named like the framework's buffer files, with a mark that FrameworkFormTests' watch (which may run meanwhile) knows as a test's own.
        var fleeting = Path.Combine(Path.GetTempPath(), $"ASPNETCORE_haven-canary-{Guid.NewGuid():N}.tmp");
        using (var watch = TempFiles.Watch([ascii, cyrillic]))
        {
            try
            {
                await File.WriteAllBytesAsync(kept, Encoding.Unicode.GetBytes($"buffered {ascii}"));
                await File.WriteAllBytesAsync(fleeting, Encoding.UTF8.GetBytes($"buffered {cyrillic}"));
                await Eventually.UntilAsync("the watch to find the markers in both files", () => watch.Hits.Select(h => h.File).Distinct().Count() >= 2, state: () => string.Join(", ", watch.Hits.Select(h => h.File)));

                File.Delete(fleeting);
                Assert.Contains(watch.Hits, h => h.File == fleeting && h.Secret == cyrillic && h.Encoding == "UTF-8");
                Assert.Contains(watch.Hits, h => h.File == kept && h.Secret == ascii && h.Encoding == "UTF-16LE");

                var changed = TempFiles.ChangedSince(since);
                Assert.Contains(kept, changed);
                var hits = PlaintextScan.FindIn(changed, [ascii, cyrillic], skipUnreadable: true);
                Assert.Contains(hits, h => (h.File, h.Secret, h.Encoding) == (kept, ascii, "UTF-16LE"));
                Assert.All(hits, h => Assert.Equal((kept, ascii), (h.File, h.Secret)));
                Assert.DoesNotContain(kept, TempFiles.ChangedSince(DateTime.UtcNow.AddMinutes(1)));
            }
            finally
            {
                File.Delete(kept);
                File.Delete(fleeting);
            }
        }
    }

    [Fact]
    public void The_scan_finds_a_marker_in_UTF8_UTF16LE_and_UTF16BE_in_any_file_under_the_folder()
    {
        using var temp = new TempFolder("haven-canary-test-");
        var (ascii, cyrillic) = NewMarkers();
        Directory.CreateDirectory(temp["keys/nested"]);
        var noise = RandomNumberGenerator.GetBytes(4096);
        // Fenced so that a random neighbouring byte cannot make a UTF-16 marker also match in the other byte order.
        byte[] fence = "|||"u8.ToArray();
        byte[] Embed(byte[] marker) => [.. noise[..1000], .. fence, .. marker, .. fence, .. noise[1000..]];

        File.WriteAllBytes(temp["clean.db"], noise);
        Assert.Empty(PlaintextScan.Find(temp.Path, [ascii, cyrillic]));

        File.WriteAllBytes(temp["haven.db-wal"], Embed(Encoding.UTF8.GetBytes(cyrillic)));
        File.WriteAllBytes(temp["keys/nested/.hidden"], Embed(Encoding.Unicode.GetBytes(ascii)));
        File.WriteAllBytes(temp["keys/big-endian.xml"], Embed(Encoding.BigEndianUnicode.GetBytes(cyrillic)));
        File.WriteAllBytes(temp["haven.db"], Embed(Encoding.UTF8.GetBytes(ascii)));

        var hits = PlaintextScan.Find(temp.Path, [ascii, cyrillic]).Select(h => (Path.GetRelativePath(temp.Path, h.File), h.Secret, h.Encoding)).ToHashSet();

        Assert.Equal(
            new HashSet<(string, string, string)>
            {
                ("haven.db-wal", cyrillic, "UTF-8"),
                (Path.Combine("keys", "nested", ".hidden"), ascii, "UTF-16LE"),
                (Path.Combine("keys", "big-endian.xml"), cyrillic, "UTF-16BE"),
                ("haven.db", ascii, "UTF-8"),
            },
            hits);
    }

    [Fact]
    public void The_log_check_flags_a_client_address_or_a_marker_but_not_the_servers_own_listening_address()
    {
        var server = new Uri("http://127.0.0.1:45421/");
        var (ascii, cyrillic) = NewMarkers();
        string[] lines =
        [
            "Information Microsoft.Hosting.Lifetime: Now listening on: http://127.0.0.1:45421 ",
            "Information Haven.Intake: request accepted ",
            "Warning Haven.Desk: reply from 127.0.0.1:51234 ",
            "Warning Microsoft.AspNetCore.Server: connection [::1]:51234 reset ",
            $"Error Haven.Intake: could not save \"{cyrillic}\" ",
            $"Error Haven.Intake: agent HavenCanaryProbe/0a1b {ascii} ",
            "Information Haven.Setup: open http://127.0.0.1:45421/setup/abc and also 127.0.0.1 ",
        ];

        var leaks = LogLeaks(lines, server, [ascii, cyrillic, "HavenCanaryProbe"]);

        Assert.Equal([lines[2], lines[3], lines[4], lines[5], lines[6]], leaks);
    }

    /// <summary>
    /// Log lines that hold a secret or a client's address. The server may say where it listens (its own
    /// loopback address and port): that line is allowed, any other loopback address is a visitor's.
    /// </summary>
    internal static List<string> LogLeaks(IEnumerable<string> lines, Uri serverAddress, IReadOnlyCollection<string> secrets)
    {
        var own = serverAddress.GetLeftPart(UriPartial.Authority);
        return lines
            .Where(line =>
            {
                var rest = line.Replace(own, "<server>", StringComparison.Ordinal).Replace(serverAddress.Authority, "<server>", StringComparison.Ordinal);
                return secrets.Any(s => rest.Contains(s, StringComparison.Ordinal))
                    || rest.Contains("127.0.0.1", StringComparison.Ordinal)
                    || rest.Contains("::1", StringComparison.Ordinal);
            })
            .ToList();
    }

    /// <summary>A fresh ASCII marker and a fresh Cyrillic one (two bytes a letter in UTF-8).</summary>
    private static List<PlaintextHit> ScanEverywhere(HavenServer server, List<string> secrets)
    {
        var hits = PlaintextScan.Find(server.DataPath, secrets);
        var folders = TestDatabases.ServerFolders(server.DataPath);
        Assert.True(folders.All(Directory.Exists), "The PostgreSQL cluster's folders are not readable: " + string.Join(", ", folders));
        foreach (var folder in folders)
        {
            Assert.NotEmpty(PlaintextScan.Files(folder));
            hits.AddRange(PlaintextScan.Find(folder, secrets));
        }

        return hits;
    }

    private static (string Ascii, string Cyrillic) NewMarkers() =>
        ("CANARY-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), "КАНАРЕЙКА-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)));
}
