using System.Security.Cryptography;
using System.Text.Json;
using Haven.Crypto;
using Haven.Tests;
using Haven.Web.Tests.Canary;
using Haven.Web.Tests.Infrastructure;

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
