using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Haven.Crypto;
using Haven.Tests;
using Haven.Web.Tests.Cli;
using Haven.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Haven.Web.Tests.Interop;

/// <summary>
/// protocol.md is complete: a script that knows only the document and libsodium (PyNaCl) decrypts a real data
/// directory, written by the real server, with the recovery secret.
/// </summary>
public sealed class PyNaClDecryptTests
{
    [SqliteFact]
    public async Task The_PyNaCl_script_decrypts_a_request_and_a_reply_written_by_the_server_exactly()
    {
        await PyNaClScript.EnsureAvailableAsync();
        await using var server = await HavenServer.StartAsync();
        var texts = UnicodeTexts();
        WrittenCase written;
        using (var responder = server.CreateClient())
        {
            written = await CaseScenario.WriteAsync(server, responder, texts);
        }

        await server.StopAsync();
        using var temp = new TempFolder("haven-interop-test-");
        var keyFile = temp.WriteSecretFile("recovery.txt", RecoverySecret.Format(server.RecoverySecretKey));

        var result = await PyNaClScript.DecryptAsync(server.DataPath, keyFile);

        Assert.True(result.ExitCode == 0, result.ToString());
        AssertDecrypted(result.Stdout, written.CaseId, texts);
    }

    [SqliteFact]
    public async Task The_PyNaCl_script_decrypts_testimonies_exactly_as_protocol_md_documents_them()
    {
        await PyNaClScript.EnsureAvailableAsync();
        await using var server = await HavenServer.StartAsync();
        await Intake.TestimonyKit.AddRegionsAsync(server, ("RU", null, "Russia", "Россия"), ("RU-CE", "RU", "Chechnya", "Чечня"));
        var text = $"Меня задержали 🚓 «ночью» \"at night\" \\ {RandomId.New()[..12]}";
        string caseId;
        using (var person = server.CreateClient())
        {
            await Intake.TestimonyKit.StartAsync(person);
            Assert.Equal("/sent", (await Intake.TestimonyKit.SendAsync(person, [.. Intake.TestimonyKit.Answers(text), new("Input.Region", "RU-CE")])).Location.AbsolutePath);
            Assert.Equal("/conversation", (await Intake.TestimonyKit.SendAsync(person, [new("Input.DateUnknown", "true")])).Location.AbsolutePath);
            caseId = (await Intake.TestimonyKit.RecordsAsync(server))[0].CaseId;
        }

        await server.StopAsync();
        using var temp = new TempFolder("haven-interop-test-");
        var keyFile = temp.WriteSecretFile("recovery.txt", RecoverySecret.Format(server.RecoverySecretKey));

        var result = await PyNaClScript.DecryptAsync(server.DataPath, keyFile);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        var @case = Assert.Single(json.RootElement.GetProperty("cases").EnumerateArray().ToList());
        Assert.Equal(caseId, @case.GetProperty("id").GetString());
        var records = @case.GetProperty("records").EnumerateArray().ToList();
        Assert.Equal(["testimony", "testimony"], records.Select(r => r.GetProperty("kind").GetString()));
        var first = records[0].GetProperty("plaintext");
        Assert.Equal(["testimony", "text", "v"], first.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        AssertSameText(text, first.GetProperty("text").GetString());
        Assert.Equal(
            """{"acts":["arbitrary_detention","torture"],"date":"2017-03","date_precision":"month","region":"RU-CE","to_whom":["me","others"],"people":3,"perpetrators":["police"]}""",
            JsonSerializer.Serialize(first.GetProperty("testimony")));
        Assert.Equal("""{"v":1,"text":"","testimony":{"date_precision":"unknown"}}""", JsonSerializer.Serialize(records[1].GetProperty("plaintext")));
    }

    [SqliteFact]
    public async Task The_PyNaCl_script_decrypts_the_coding_of_events_and_victims_through_the_documentation_key_and_their_narratives_through_the_case_key()
    {
        await PyNaClScript.EnsureAvailableAsync();
        await using var server = await HavenServer.StartAsync();
        await Record.EventScenario.AddRegionsAsync(server);
        WrittenCase written;
        using (var responder = server.CreateClient())
        {
            written = await CaseScenario.WriteAsync(server, responder, UnicodeTexts());
        }

        var texts = new Record.EventTexts("Задержание «на блокпосту»", "Held\nthree days", "Beaten", "Fled", "A report", "А. (псевдоним)");
        var documented = await Record.EventScenario.WriteAsync(server, Record.DocumentationAccess.Session(server, HavenServer.AdminName), written.CaseId, texts);
        await server.StopAsync();
        using var temp = new TempFolder("haven-interop-test-");
        var keyFile = temp.WriteSecretFile("recovery.txt", RecoverySecret.Format(server.RecoverySecretKey));

        var result = await PyNaClScript.DecryptAsync(server.DataPath, keyFile);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        var versions = json.RootElement.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("id").GetString() == written.CaseId).GetProperty("record").EnumerateArray().ToList();
        Assert.Equal(["victim", "event", "event", "event"], versions.Select(v => v.GetProperty("kind").GetString()));
        var victim = versions[0];
        Assert.Equal(documented.VictimId, victim.GetProperty("subject").GetString());
        Assert.Equal(["v", "age_band", "unit"], victim.GetProperty("coding").EnumerateObject().Select(p => p.Name));
        Assert.Equal(("18_25", "individual"), (victim.GetProperty("coding").GetProperty("age_band").GetString(), victim.GetProperty("coding").GetProperty("unit").GetString()));
        Assert.Equal(texts.Pseudonym, victim.GetProperty("narrative").GetProperty("pseudonym").GetString());

        var last = versions[^1];
        Assert.Equal((documented.EventId, 3), (last.GetProperty("subject").GetString(), last.GetProperty("number").GetInt32()));
        var coding = last.GetProperty("coding");
        Assert.Equal(("2017-03", "RU-CE", "confirmed"), (coding.GetProperty("start").GetString(), coding.GetProperty("region").GetString(), coding.GetProperty("status").GetString()));
        var act = coding.GetProperty("acts")[0];
        Assert.Equal((documented.ActId, "arbitrary_detention", documented.VictimId), (act.GetProperty("id").GetString(), act.GetProperty("type").GetString(), act.GetProperty("victim").GetString()));
        Assert.Equal("police", act.GetProperty("involvements")[0].GetProperty("perpetrator").GetString());
        var sources = coding.GetProperty("information").EnumerateArray().ToList();
        Assert.Equal(("case", written.CaseId, 4), (sources[0].GetProperty("source").GetString(), sources[0].GetProperty("case").GetString(), sources[0].GetProperty("reliability").GetInt32()));
        Assert.Equal("outside", sources[1].GetProperty("source").GetString());

        var narrative = last.GetProperty("narrative");
        Assert.Equal((texts.Title, texts.Description), (narrative.GetProperty("title").GetString(), narrative.GetProperty("description").GetString()));
        Assert.Equal((texts.Method, texts.Consequences), (narrative.GetProperty("acts")[0].GetProperty("method").GetString(), narrative.GetProperty("acts")[0].GetProperty("consequences").GetString()));
        Assert.Equal((sources[1].GetProperty("id").GetString(), texts.Details), (narrative.GetProperty("information")[0].GetProperty("id").GetString(), narrative.GetProperty("information")[0].GetProperty("details").GetString()));
    }

    [SqliteFact]
    public async Task The_PyNaCl_script_decrypts_the_basis_of_a_figure_release_through_the_documentation_key()
    {
        await PyNaClScript.EnsureAvailableAsync();
        await using var server = await HavenServer.StartAsync();
        await Record.EventScenario.AddRegionsAsync(server);
        WrittenCase written;
        using (var responder = server.CreateClient())
        {
            written = await CaseScenario.WriteAsync(server, responder, UnicodeTexts());
        }

        var admin = Record.DocumentationAccess.Session(server, HavenServer.AdminName);
        await Record.EventScenario.WriteAsync(server, admin, written.CaseId, new Record.EventTexts("T", "D", "M", "C", "R", "P"));
        var definition = new Haven.Figures.Definition.FigureDefinition { Unit = Haven.Figures.Definition.FigureUnit.Acts, Rows = new() { Axis = Haven.Figures.Definition.FigureAxis.ActType } };
        var (outcome, release) = await server.Services.GetRequiredService<Haven.Figures.Releases.PrepareFigureCommand>()
            .ExecuteAsync(RandomId.New(), definition, new Dictionary<string, string> { ["en"] = "Acts" }, null, null, admin, CancellationToken.None);
        Assert.Equal(Haven.Figures.Releases.FigureOutcome.Done, outcome);
        await server.StopAsync();
        using var temp = new TempFolder("haven-interop-test-");
        var keyFile = temp.WriteSecretFile("recovery.txt", RecoverySecret.Format(server.RecoverySecretKey));

        var result = await PyNaClScript.DecryptAsync(server.DataPath, keyFile);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        var figure = json.RootElement.GetProperty("figures").EnumerateArray().Single();
        Assert.Equal((release!.Id, 1, 1), (figure.GetProperty("id").GetString(), figure.GetProperty("number").GetInt32(), figure.GetProperty("version").GetInt32()));
        var basis = figure.GetProperty("basis");
        var rows = basis.GetProperty("rows").EnumerateArray().Select(r => r.GetString()).ToList();
        var detention = rows.IndexOf("arbitrary_detention");
        Assert.Equal(1, basis.GetProperty("cells")[detention][0].GetInt32());
        Assert.Equal((1, "all"), (basis.GetProperty("total").GetInt32(), basis.GetProperty("columns")[0].GetString()));
        Assert.Contains(basis.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("row").GetInt32() == detention && r.GetProperty("reason").GetString() == "primary");
    }

    [SqliteFact]
    public async Task The_PyNaCl_script_decrypts_a_database_backup_without_the_instance_key_file()
    {
        await PyNaClScript.EnsureAvailableAsync();
        await using var server = await HavenServer.StartAsync();
        var texts = UnicodeTexts();
        WrittenCase written;
        using (var responder = server.CreateClient())
        {
            written = await CaseScenario.WriteAsync(server, responder, texts);
        }

        await server.StopAsync();
        using var temp = new TempFolder("haven-interop-test-");
        var backup = CopyDatabaseOnly(server.DataPath, temp["backup"]);
        var keyFile = temp.WriteSecretFile("recovery.txt", RecoverySecret.Format(server.RecoverySecretKey));

        var result = await PyNaClScript.DecryptAsync(backup, keyFile);

        Assert.True(result.ExitCode == 0, result.ToString());
        AssertDecrypted(result.Stdout, written.CaseId, texts);
    }

    [SqliteFact]
    public async Task The_PyNaCl_script_exits_non_zero_with_a_wrong_recovery_secret_and_prints_no_plaintext()
    {
        await PyNaClScript.EnsureAvailableAsync();
        await using var server = await HavenServer.StartAsync();
        var texts = UnicodeTexts();
        using (var responder = server.CreateClient())
        {
            await CaseScenario.WriteAsync(server, responder, texts);
        }

        await server.StopAsync();
        using var temp = new TempFolder("haven-interop-test-");
        var wrongKey = temp.WriteSecretFile("wrong.txt", RecoverySecret.Format(RandomNumberGenerator.GetBytes(32)));

        // With instance.key present the script sees at once that the secret is not this instance's.
        var withKeyFile = await PyNaClScript.DecryptAsync(server.DataPath, wrongKey);
        Assert.True(withKeyFile.ExitCode != 0, withKeyFile.ToString());
        Assert.Contains("does not belong to this instance", withKeyFile.Stderr, StringComparison.Ordinal);
        Assert.Equal("", withKeyFile.Stdout);

        // On a database alone it has to try, and no sealed case key opens.
        var backup = CopyDatabaseOnly(server.DataPath, temp["backup"]);
        var databaseOnly = await PyNaClScript.DecryptAsync(backup, wrongKey);
        Assert.True(databaseOnly.ExitCode != 0, databaseOnly.ToString());
        Assert.Contains("the recovery seal of key generation 1 does not open", databaseOnly.Stderr, StringComparison.Ordinal);
        Assert.Equal("", databaseOnly.Stdout);
        Assert.DoesNotContain(texts.Request, databaseOnly.Stderr, StringComparison.Ordinal);
    }

    [SqliteFact]
    public async Task The_PyNaCl_script_decrypts_the_files_of_a_request_and_of_a_reply_byte_for_byte()
    {
        await PyNaClScript.EnsureAvailableAsync();
        await using var server = await HavenServer.StartAsync();
        var (requestFiles, replyFiles) = InteropFiles();
        FileCase written;
        using (var responder = server.CreateClient())
        {
            written = await FileScenario.WriteAsync(server, responder, "Документы во вложении 📎", requestFiles, "Получили, план в файле 🚐", replyFiles);
        }

        await server.StopAsync();
        using var temp = new TempFolder("haven-interop-test-");
        var keyFile = temp.WriteSecretFile("recovery.txt", RecoverySecret.Format(server.RecoverySecretKey));

        var result = await PyNaClScript.DecryptAsync(server.DataPath, keyFile, temp["files"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        var @case = Assert.Single(json.RootElement.GetProperty("cases").EnumerateArray().ToList());
        Assert.Equal(written.CaseId, @case.GetProperty("id").GetString());
        var records = @case.GetProperty("records").EnumerateArray().ToList();
        Assert.Equal(["request", "reply"], records.Select(r => r.GetProperty("kind").GetString()));
        AssertFiles(records[0].GetProperty("plaintext"), requestFiles, written.RequestFileIds, temp["files"]);
        AssertFiles(records[1].GetProperty("plaintext"), replyFiles, written.ReplyFileIds, temp["files"]);
        Assert.Equal(written.RequestFileIds.Count + written.ReplyFileIds.Count, Directory.GetFiles(temp["files"]).Length);
    }

    [SqliteFact]
    public async Task The_PyNaCl_script_reports_an_altered_or_truncated_file_and_keeps_none_of_it()
    {
        await PyNaClScript.EnsureAvailableAsync();
        await using var server = await HavenServer.StartAsync();
        var (requestFiles, replyFiles) = InteropFiles();
        FileCase written;
        using (var responder = server.CreateClient())
        {
            written = await FileScenario.WriteAsync(server, responder, "request", requestFiles, "reply", replyFiles);
        }

        await server.StopAsync();
        using var temp = new TempFolder("haven-interop-test-");
        var keyFile = temp.WriteSecretFile("recovery.txt", RecoverySecret.Format(server.RecoverySecretKey));

        // One byte of the reply's file flipped in the middle of its second chunk.
        var altered = CopyFolder(server.DataPath, temp["altered"]);
        var replyFile = Assert.Single(written.ReplyFileIds);
        var blob = await File.ReadAllBytesAsync(Path.Combine(altered, "blobs", replyFile));
        blob[24 + 65553 + 100] ^= 0x01;
        await File.WriteAllBytesAsync(Path.Combine(altered, "blobs", replyFile), blob);
        var result = await PyNaClScript.DecryptAsync(altered, keyFile, temp["files-altered"]);
        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains($"file '{replyFile}'", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(temp["files-altered"], replyFile)), "A file that does not decrypt was kept.");
        Assert.All(written.RequestFileIds, id => Assert.True(File.Exists(Path.Combine(temp["files-altered"], id))));

        // The final chunk of the largest request file cut off: what is left is whole chunks, and still not a file.
        var truncated = CopyFolder(server.DataPath, temp["truncated"]);
        var largest = written.RequestFileIds.MaxBy(id => new FileInfo(Path.Combine(truncated, "blobs", id)).Length)!;
        var path = Path.Combine(truncated, "blobs", largest);
        var length = new FileInfo(path).Length;
        await using (var stream = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            stream.SetLength(24 + ((length - 24) / 65553 * 65553));
        }

        result = await PyNaClScript.DecryptAsync(truncated, keyFile, temp["files-truncated"]);
        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains($"file '{largest}'", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("cut short", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(temp["files-truncated"], largest)), "A truncated file was kept.");
    }

    /// <summary>
    /// Files whose lengths hit every chunk case: under one chunk, exactly one chunk (then an empty final one),
    /// several chunks and a partial one; names in Cyrillic with emoji and characters hostile to paths.
    /// </summary>
    private static (SentFile[] Request, SentFile[] Reply) InteropFiles() =>
    (
        [
            new("паспорт 🆔 scan.pdf", "application/pdf", SentFile.RandomBytes(1000)),
            new("exactly-one-chunk.bin", "application/octet-stream", SentFile.RandomBytes(65536)),
            new("видео «подвал» ../1.mp4", "video/mp4", SentFile.RandomBytes((3 * 65536) + 4321)),
        ],
        [new("план эвакуации.txt", "text/plain", SentFile.RandomBytes(70_000))]);

    /// <summary>The record lists exactly the files sent, and the script wrote each one with the very bytes sent.</summary>
    private static void AssertFiles(JsonElement plaintext, SentFile[] sent, IReadOnlyList<string> ids, string folder)
    {
        var listed = plaintext.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(sent.Length, listed.Count);
        Assert.Equal(ids.Order(StringComparer.Ordinal), listed.Select(f => f.GetProperty("id").GetString()!).Order(StringComparer.Ordinal));
        for (var i = 0; i < sent.Length; i++)
        {
            var entry = listed[i];
            AssertSameText(Haven.Files.SafeFileName.ForRecord(sent[i].Name), entry.GetProperty("name").GetString());
            Assert.Equal(sent[i].Type, entry.GetProperty("type").GetString());
            Assert.Equal(sent[i].Bytes.Length, entry.GetProperty("size").GetInt64());
            Assert.Equal(sent[i].Sha256, entry.GetProperty("sha256").GetString());
            Assert.Equal(32, Convert.FromBase64String(entry.GetProperty("key").GetString()!).Length);
            var written = File.ReadAllBytes(Path.Combine(folder, entry.GetProperty("id").GetString()!));
            Assert.True(sent[i].Bytes.AsSpan().SequenceEqual(written), $"The script's copy of file {i} differs from what was sent.");
        }
    }

    private static string CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return to;
    }

    /// <summary>Cyrillic, emoji outside the BMP (surrogate pairs in .NET, 4 bytes in UTF-8) and JSON-sensitive characters.</summary>
    private static CaseTexts UnicodeTexts()
    {
        var tag = RandomId.New()[..12];
        return new CaseTexts(
            Request: $"Нас четверо в подвале школы на Садовой, нужна эвакуация 🆘🏚️ «срочно» \"now\" \\ {tag}",
            Help: ["evacuation", "medical"],
            Contact: $"Signal: спросить Олену 📞 {tag}",
            Reply: $"Оставайтесь на месте, машина будет в шесть 🚐🙏 {tag}",
            FollowUp: null);
    }

    private static string CopyDatabaseOnly(string data, string backup)
    {
        Directory.CreateDirectory(backup);
        TestDatabases.Share(data, backup);
        foreach (var name in new[] { "haven.db", "haven.db-wal" })
        {
            if (File.Exists(Path.Combine(data, name)))
            {
                File.Copy(Path.Combine(data, name), Path.Combine(backup, name));
            }
        }

        return backup;
    }

    /// <summary>The script's JSON holds one case with exactly the request and the reply plaintexts of protocol.md.</summary>
    private static void AssertDecrypted(string stdout, string caseId, CaseTexts texts)
    {
        using var json = JsonDocument.Parse(stdout);
        var @case = Assert.Single(json.RootElement.GetProperty("cases").EnumerateArray().ToList());
        Assert.Equal(caseId, @case.GetProperty("id").GetString());
        var records = @case.GetProperty("records").EnumerateArray().ToList();
        Assert.Equal(["request", "reply"], records.Select(r => r.GetProperty("kind").GetString()));

        var request = records[0].GetProperty("plaintext");
        Assert.Equal(["contact", "help", "text", "v"], request.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(1, request.GetProperty("v").GetInt32());
        AssertSameText(texts.Request, request.GetProperty("text").GetString());
        AssertSameText(texts.Contact, request.GetProperty("contact").GetString());
        Assert.Equal(texts.Help.Order(StringComparer.Ordinal), request.GetProperty("help").EnumerateArray().Select(h => h.GetString()!).Order(StringComparer.Ordinal));

        var reply = records[1].GetProperty("plaintext");
        Assert.Equal(["text", "v"], reply.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(1, reply.GetProperty("v").GetInt32());
        AssertSameText(texts.Reply, reply.GetProperty("text").GetString());
    }

    /// <summary>Equal to the code unit, with the UTF-8 bytes shown when they differ.</summary>
    private static void AssertSameText(string expected, string? actual) =>
        Assert.True(
            string.Equals(expected, actual, StringComparison.Ordinal),
            $"Expected \"{expected}\" ({Convert.ToHexString(Encoding.UTF8.GetBytes(expected))})\nbut got \"{actual}\" ({Convert.ToHexString(Encoding.UTF8.GetBytes(actual ?? ""))})");
}
