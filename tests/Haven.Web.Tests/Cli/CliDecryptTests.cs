using System.Security.Cryptography;
using System.Text.Json;
using Haven.Crypto;
using Haven.Files;
using Haven.Tests;
using Haven.Web.Tests.Canary;
using Haven.Web.Tests.Infrastructure;
using Haven.Web.Tests.Interop;

namespace Haven.Web.Tests.Cli;

public sealed class CliDecryptTests
{
    [Fact]
    public async Task Decrypt_with_the_recovery_secret_writes_the_case_with_request_contact_reply_and_follow_up_in_plaintext()
    {
        await using var server = await HavenServer.StartAsync();
        var texts = UniqueTexts();
        WrittenCase written;
        using (var responder = server.CreateClient())
        {
            written = await CaseScenario.WriteAsync(server, responder, texts);
        }

        await server.StopAsync();
        using var temp = new TempFolder();
        var keyFile = temp.WriteSecretFile("recovery.txt", RecoverySecret.Format(server.RecoverySecretKey));
        var output = temp["out"];

        var result = await CliRunner.RunAsync("decrypt", "--data", server.DataPath, "--recovery-key", keyFile, "--out", output);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("1 cases, 3 records", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("0 failed", result.Stdout, StringComparison.Ordinal);
        var file = Assert.Single(Directory.GetFiles(output));
        Assert.Equal($"case-{written.CaseId}.json", Path.GetFileName(file));
        AssertCaseFile(file, written.CaseId, texts);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(output));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
    }

    [Fact]
    public async Task Decrypt_with_a_wrong_recovery_secret_fails_and_writes_no_plaintext()
    {
        await using var server = await HavenServer.StartAsync();
        var texts = UniqueTexts();
        using (var responder = server.CreateClient())
        {
            await CaseScenario.WriteAsync(server, responder, texts);
        }

        await server.StopAsync();
        using var temp = new TempFolder();
        var wrongKey = temp.WriteSecretFile("wrong.txt", RecoverySecret.Format(RandomNumberGenerator.GetBytes(32)));
        var output = temp["out"];

        var result = await CliRunner.RunAsync("decrypt", "--data", server.DataPath, "--recovery-key", wrongKey, "--out", output);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("does not belong to this instance", result.Stderr, StringComparison.Ordinal);
        CliInitTests.AssertClearError(result);
        Assert.True(!Directory.Exists(output) || !Directory.EnumerateFileSystemEntries(output).Any(), "A wrong recovery secret produced output files.");
        Assert.Empty(PlaintextScan.Find(temp.Path, Secrets(texts)));
        Assert.DoesNotContain(texts.Request, result.Stdout + result.Stderr, StringComparison.Ordinal);

        var notASecret = temp.WriteSecretFile("not-a-secret.txt", "haven-recovery-v1: 0123 not hex at all");
        var garbage = await CliRunner.RunAsync("decrypt", "--data", server.DataPath, "--recovery-key", notASecret, "--out", output);
        Assert.NotEqual(0, garbage.ExitCode);
        Assert.Contains("does not hold a recovery secret", garbage.Stderr, StringComparison.Ordinal);
        CliInitTests.AssertClearError(garbage);
        Assert.False(Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any());
    }

    [Fact]
    public async Task Decrypt_of_a_database_backup_alone_opens_with_the_recovery_secret_and_a_wrong_secret_opens_nothing()
    {
        await using var server = await HavenServer.StartAsync();
        var texts = UniqueTexts();
        WrittenCase written;
        using (var responder = server.CreateClient())
        {
            written = await CaseScenario.WriteAsync(server, responder, texts);
        }

        await server.StopAsync();
        using var temp = new TempFolder();
        var backup = temp["backup"];
        Directory.CreateDirectory(backup);
        TestDatabases.Share(server.DataPath, backup);
        foreach (var name in new[] { "haven.db", "haven.db-wal" })
        {
            if (File.Exists(Path.Combine(server.DataPath, name)))
            {
                File.Copy(Path.Combine(server.DataPath, name), Path.Combine(backup, name));
            }
        }

        // Without instance.key nothing tells the CLI up front that the secret is wrong: every record must fail.
        var wrongKey = temp.WriteSecretFile("wrong.txt", RecoverySecret.Format(RandomNumberGenerator.GetBytes(32)));
        var wrong = await CliRunner.RunAsync("decrypt", "--data", backup, "--recovery-key", wrongKey, "--out", temp["out-wrong"]);
        Assert.NotEqual(0, wrong.ExitCode);
        Assert.Contains("3 failed", wrong.Stdout, StringComparison.Ordinal);
        Assert.Empty(PlaintextScan.Find(temp.Path, Secrets(texts)));

        var rightKey = temp.WriteSecretFile("recovery.txt", RecoverySecret.Format(server.RecoverySecretKey));
        var right = await CliRunner.RunAsync("decrypt", "--data", backup, "--recovery-key", rightKey, "--out", temp["out"]);
        Assert.True(right.ExitCode == 0, right.ToString());
        AssertCaseFile(Assert.Single(Directory.GetFiles(temp["out"])), written.CaseId, texts);
    }

    [Fact]
    public async Task Decrypt_into_a_folder_that_cannot_be_created_fails_with_a_clear_message()
    {
        using var temp = new TempFolder();
        var data = await CliResponderTests.InitAsync(temp);
        await File.WriteAllTextAsync(temp["a-file"], "not a folder");

        var result = await CliRunner.RunAsync("decrypt", "--data", data, "--recovery-key", temp["recovery.txt"], "--out", Path.Combine(temp["a-file"], "out"));

        Assert.NotEqual(0, result.ExitCode);
        Assert.StartsWith("haven: ", result.Stderr, StringComparison.Ordinal);
        CliInitTests.AssertClearError(result);
    }

    [Fact]
    public async Task Decrypt_writes_every_file_of_requests_and_replies_with_the_bytes_sent_and_lists_name_size_and_SHA256()
    {
        await using var server = await HavenServer.StartAsync();
        var tag = RandomId.New()[..12];
        SentFile[] requestFiles =
        [
            new($"свидетельство {tag}.jpg", "image/jpeg", SentFile.RandomBytes(5000)),
            new($"../../etc/passwd {tag}", "text/plain", SentFile.RandomBytes(65536)),
            new($"video {tag}.mp4", "video/mp4", SentFile.RandomBytes((2 * 65536) + 777)),
        ];
        SentFile[] replyFiles = [new($"route {tag}.pdf", "application/pdf", SentFile.RandomBytes(1234))];
        FileCase written;
        using (var responder = server.CreateClient())
        {
            written = await FileScenario.WriteAsync(server, responder, $"Request {tag}", requestFiles, $"Reply {tag}", replyFiles);
        }

        await server.StopAsync();
        using var temp = new TempFolder();
        var keyFile = temp.WriteSecretFile("recovery.txt", RecoverySecret.Format(server.RecoverySecretKey));
        var output = temp["out"];

        var result = await CliRunner.RunAsync("decrypt", "--data", server.DataPath, "--recovery-key", keyFile, "--out", output);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("1 cases, 2 records, 4 files decrypted", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("0 failed", result.Stdout, StringComparison.Ordinal);
        Assert.Equal("", result.Stderr);
        var caseFile = Path.Combine(output, $"case-{written.CaseId}.json");
        using var json = JsonDocument.Parse(File.ReadAllBytes(caseFile));
        var records = json.RootElement.GetProperty("records").EnumerateArray().ToList();
        Assert.Equal(["request", "reply"], records.Select(r => r.GetProperty("kind").GetString()));
        AssertExportedFiles(output, written.CaseId, records[0], requestFiles, written.RequestFileIds);
        AssertExportedFiles(output, written.CaseId, records[1], replyFiles, written.ReplyFileIds);

        // Nothing is written outside the case's files folder (a hostile name stays a name), and the keys stay out.
        var all = Directory.GetFiles(output, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(output, f)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(5, all.Count);
        Assert.All(all.Where(f => f != Path.GetFileName(caseFile)), f => Assert.StartsWith(Path.Combine(written.CaseId, "files") + Path.DirectorySeparatorChar, f, StringComparison.Ordinal));
        Assert.DoesNotContain("\"key\"", File.ReadAllText(caseFile), StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            // Every folder it makes is owner-only, the case's folder as well as its files/ folder inside.
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(output, written.CaseId)));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(output, written.CaseId, "files")));
            foreach (var f in all)
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(output, f)));
            }
        }
    }

    [Fact]
    public async Task Decrypt_reports_an_altered_or_missing_file_as_an_error_line_without_its_name_and_writes_the_rest()
    {
        await using var server = await HavenServer.StartAsync();
        var tag = RandomId.New()[..12];
        SentFile[] requestFiles =
        [
            new($"altered {tag}.bin", "application/octet-stream", SentFile.RandomBytes(100_000)),
            new($"missing {tag}.bin", "application/octet-stream", SentFile.RandomBytes(10)),
            new($"intact {tag}.bin", "application/octet-stream", SentFile.RandomBytes(3000)),
        ];
        FileCase written;
        using (var responder = server.CreateClient())
        {
            written = await FileScenario.WriteAsync(server, responder, $"Request {tag}", requestFiles, $"Reply {tag}", []);
        }

        await server.StopAsync();
        var blobs = Path.Combine(server.DataPath, "blobs");
        var (altered, missing, intact) = (written.RequestFileIds[0], written.RequestFileIds[1], written.RequestFileIds[2]);
        var blob = await File.ReadAllBytesAsync(Path.Combine(blobs, altered));
        blob[^5] ^= 0x80;
        await File.WriteAllBytesAsync(Path.Combine(blobs, altered), blob);
        File.Delete(Path.Combine(blobs, missing));
        using var temp = new TempFolder();
        var keyFile = temp.WriteSecretFile("recovery.txt", RecoverySecret.Format(server.RecoverySecretKey));
        var output = temp["out"];

        var result = await CliRunner.RunAsync("decrypt", "--data", server.DataPath, "--recovery-key", keyFile, "--out", output);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("1 cases, 2 records, 1 files decrypted", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("2 failed", result.Stdout, StringComparison.Ordinal);
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Contains(lines, l => l.StartsWith("haven: ", StringComparison.Ordinal) && l.Contains($"file {altered}", StringComparison.Ordinal) && l.Contains("does not decrypt", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("haven: ", StringComparison.Ordinal) && l.Contains($"file {missing}", StringComparison.Ordinal) && l.Contains("missing", StringComparison.Ordinal));
        Assert.DoesNotContain(tag, result.Stdout + result.Stderr, StringComparison.Ordinal);

        var files = Path.Combine(output, written.CaseId, "files");
        var kept = Assert.Single(Directory.GetFiles(files));
        Assert.Equal($"{intact}-{SafeFileName.ForDownload(requestFiles[2].Name)}", Path.GetFileName(kept));
        Assert.Equal(requestFiles[2].Bytes, await File.ReadAllBytesAsync(kept));
        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(output, $"case-{written.CaseId}.json")));
        var listed = json.RootElement.GetProperty("records")[0].GetProperty("files").EnumerateArray().ToList();
        Assert.Equal([false, false, true], listed.Select(f => f.GetProperty("sha256_verified").GetBoolean()));
        Assert.Equal(JsonValueKind.Null, listed[0].GetProperty("path").ValueKind);
    }

    /// <summary>The record lists each file with name, size and SHA-256, and the file on disk holds exactly the bytes sent.</summary>
    private static void AssertExportedFiles(string output, string caseId, JsonElement record, SentFile[] sent, IReadOnlyList<string> ids)
    {
        Assert.False(record.GetProperty("content").TryGetProperty("files", out var inContent) && inContent.ValueKind != JsonValueKind.Null, "The record's content still lists the files with their keys.");
        var listed = record.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(ids.Order(StringComparer.Ordinal), listed.Select(f => f.GetProperty("id").GetString()!).Order(StringComparer.Ordinal));
        for (var i = 0; i < sent.Length; i++)
        {
            var entry = listed[i];
            var id = entry.GetProperty("id").GetString()!;
            Assert.Equal(SafeFileName.ForRecord(sent[i].Name), entry.GetProperty("name").GetString());
            Assert.Equal(sent[i].Bytes.Length, entry.GetProperty("size").GetInt64());
            Assert.Equal(sent[i].Sha256, entry.GetProperty("sha256").GetString());
            Assert.True(entry.GetProperty("sha256_verified").GetBoolean());
            var path = entry.GetProperty("path").GetString()!;
            Assert.Equal($"{caseId}/files/{id}-{SafeFileName.ForDownload(SafeFileName.ForRecord(sent[i].Name))}", path);
            var bytes = File.ReadAllBytes(Path.Combine(output, path));
            Assert.True(sent[i].Bytes.AsSpan().SequenceEqual(bytes), $"The exported file {path} differs from what was sent.");
        }
    }

    /// <summary>Texts unique to one test run, so that finding them proves they came from this run's data.</summary>
    private static CaseTexts UniqueTexts()
    {
        var tag = RandomId.New()[..12];
        return new CaseTexts(
            Request: $"Request {tag}: four of us in the cellar of the school on Sadova street, we need to leave",
            Help: ["evacuation", "legal"],
            Contact: $"signal: ask for Olena {tag}",
            Reply: $"Reply {tag}: stay where you are, a car comes at six",
            FollowUp: $"Follow-up {tag}: thank you, one of us is a child");
    }

    private static string[] Secrets(CaseTexts texts) => [texts.Request, texts.Contact, texts.Reply, texts.FollowUp!];

    /// <summary>The case file holds the case's records, in order, with exactly what was written.</summary>
    private static void AssertCaseFile(string file, string caseId, CaseTexts texts)
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(file));
        var root = json.RootElement;
        Assert.Equal(caseId, root.GetProperty("id").GetString());
        var records = root.GetProperty("records").EnumerateArray().ToList();
        Assert.Equal(["request", "reply", "message"], records.Select(r => r.GetProperty("kind").GetString()));
        Assert.All(records, r => Assert.Matches("^[0-9a-f]{32}$", r.GetProperty("id").GetString()));

        var request = records[0].GetProperty("content");
        Assert.Equal(texts.Request, request.GetProperty("text").GetString());
        Assert.Equal(texts.Contact, request.GetProperty("contact").GetString());
        Assert.Equal(texts.Help.Order(StringComparer.Ordinal), request.GetProperty("help").EnumerateArray().Select(h => h.GetString()!).Order(StringComparer.Ordinal));
        Assert.Equal(texts.Reply, records[1].GetProperty("content").GetProperty("text").GetString());
        Assert.Equal(texts.FollowUp, records[2].GetProperty("content").GetProperty("text").GetString());
    }
}
