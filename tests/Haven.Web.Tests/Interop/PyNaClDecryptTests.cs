using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Haven.Crypto;
using Haven.Tests;
using Haven.Web.Tests.Cli;
using Haven.Web.Tests.Infrastructure;

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
