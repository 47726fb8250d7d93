using System.Globalization;
using System.Net;
using System.Text.Json;
using Haven.Cli;
using Haven.Crypto;
using Haven.Storage;
using Haven.Tests;
using Haven.Web.Tests.Cli;
using Haven.Web.Tests.Infrastructure;
using Haven.Web.Tests.Interop;

namespace Haven.Web.Tests.Backup;

/// <summary>One record as <c>haven decrypt</c> wrote it: its case, kind, content (as JSON text) and files.</summary>
internal sealed record DecryptedRecord(string CaseId, string Kind, string Content, IReadOnlyList<DecryptedFile> Files);

/// <summary>One file of a decrypted record: its id, the SHA-256 its record lists, and whether the bytes written match it.</summary>
internal sealed record DecryptedFile(string Id, string Sha256, bool Verified);

/// <summary>A case written through the web front ends for a backup test, with what was sent into it.</summary>
internal sealed record SeededCase(string CaseId, string Receipt, string Request, string Reply, IReadOnlyList<SentFile> Files);

/// <summary>Helpers of the backup tests: the CLI with explicit settings, decrypting, and checking a target.</summary>
internal static class BackupKit
{
    /// <summary>Runs <c>haven</c> in-process with the given database (null: the test database of <c>--data</c>).</summary>
    public static async Task<CliResult> RunAsync(DatabaseSettings? database, Stream? binaryStdout, params string[] args)
    {
        using var input = new StringReader("");
        await using var output = new StringWriter();
        await using var error = new StringWriter();
        var data = Array.IndexOf(args, "--data");
        database ??= data >= 0 && data + 1 < args.Length ? TestDatabases.For(args[data + 1]) : null;
        var exitCode = await CliApp.RunAsync(args, input, output, error, database, binaryStdout);
        if (data >= 0 && data + 1 < args.Length)
        {
            StorageServiceCollectionExtensions.ClearSqlitePool(TestDatabases.Data(args[data + 1]));
        }

        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    public static Task<CliResult> RunAsync(params string[] args) => RunAsync(null, null, args);

    /// <summary>
    /// A person asks for help with <paramref name="files"/> and the administrator (logged in on
    /// <paramref name="admin"/>) answers with a reply carrying one more file. Returns the case and its receipt.
    /// </summary>
    public static async Task<SeededCase> SeedCaseAsync(HavenServer server, HavenClient admin, string tag, params SentFile[] files)
    {
        var before = (await admin.InboxCaseIdsAsync()).ToHashSet(StringComparer.Ordinal);
        using var person = server.CreateClient();
        var receipt = await person.AskForHelpAsync();
        var request = $"Request {tag}: we are hiding in the basement of the school";
        var sent = await person.SubmitRequestWithFilesAsync(request, files.Select(f => f.ToPart()));
        Assert.True(sent.Status == HttpStatusCode.OK && sent.Location.AbsolutePath.EndsWith("/sent", StringComparison.Ordinal), $"not sent: {sent.Status}");
        var caseId = Assert.Single(await admin.InboxCaseIdsAsync(), id => !before.Contains(id));
        var reply = $"Reply {tag}: stay where you are, a car comes at six";
        SentFile replyFile = new($"route {tag}.pdf", "application/pdf", SentFile.RandomBytes(3000, System.Text.Encoding.UTF8.GetBytes($"ROUTE-{tag}")));
        var replied = await FileScenario.ReplyWithFilesAsync(admin, caseId, reply, [replyFile]);
        Assert.True(replied.Status == HttpStatusCode.OK, $"reply not sent: {replied.Status}");
        return new SeededCase(caseId, receipt, request, reply, [.. files, replyFile]);
    }

    /// <summary>Decrypts a data directory with <c>haven decrypt</c> and reads back every record by id.</summary>
    public static async Task<Dictionary<string, DecryptedRecord>> DecryptAsync(string dataPath, string keyFile, string output, DatabaseSettings? database = null)
    {
        var result = await RunAsync(database, null, "decrypt", "--data", dataPath, "--recovery-key", keyFile, "--out", output);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(" 0 failed", result.Stdout, StringComparison.Ordinal);
        var records = new Dictionary<string, DecryptedRecord>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(output, "case-*.json"))
        {
            using var json = JsonDocument.Parse(await File.ReadAllBytesAsync(file));
            var caseId = json.RootElement.GetProperty("id").GetString()!;
            foreach (var record in json.RootElement.GetProperty("records").EnumerateArray())
            {
                var files = record.TryGetProperty("files", out var listed)
                    ? listed.EnumerateArray().Select(f => new DecryptedFile(f.GetProperty("id").GetString()!, f.GetProperty("sha256").GetString()!, f.GetProperty("sha256_verified").GetBoolean())).ToList()
                    : [];
                records[record.GetProperty("id").GetString()!] = new DecryptedRecord(caseId, record.GetProperty("kind").GetString()!, record.GetProperty("content").GetRawText(), files);
            }
        }

        return records;
    }

    /// <summary>The target holds nothing: no key file, no blobs, no staging folder, no database tables.</summary>
    public static async Task AssertEmptyAsync(string dataPath)
    {
        if (Directory.Exists(dataPath))
        {
            var left = Directory.EnumerateFileSystemEntries(dataPath, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(dataPath, p)).ToList();
            Assert.True(left.Count == 0, "The target is not empty: " + string.Join(", ", left));
        }

        if (TestDatabases.Postgres)
        {
            await using var connection = await RawDatabase.OpenAsync(dataPath);
            await using var command = RawDatabase.Command(connection, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()");
            Assert.Equal(0L, Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture));
        }
    }

    /// <summary>
    /// Every row that names a case has its case, every <c>files</c> row has its blob and every blob its row
    /// (checked in the database as stored, bypassing Haven).
    /// </summary>
    public static async Task AssertConsistentAsync(string dataPath)
    {
        await using var connection = await RawDatabase.OpenAsync(dataPath);
        foreach (var table in new[] { "records", "case_key_seals", "sources", "files", "case_checks" })
        {
            await using var orphans = RawDatabase.Command(connection, $"SELECT COUNT(*) FROM {table} t WHERE NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = t.case_id)");
            Assert.True(Convert.ToInt64(await orphans.ExecuteScalarAsync(), CultureInfo.InvariantCulture) == 0, $"{table} has rows without their case");
        }

        var rows = new HashSet<string>(StringComparer.Ordinal);
        await using (var files = RawDatabase.Command(connection, "SELECT id FROM files"))
        await using (var reader = await files.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rows.Add(reader.GetString(0));
            }
        }

        var folder = Path.Combine(dataPath, "blobs");
        var blobs = Directory.Exists(folder) ? Directory.GetFiles(folder).Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal) : [];
        Assert.Equal(rows.Order(StringComparer.Ordinal), blobs.Order(StringComparer.Ordinal)!);
    }

    /// <summary>The audit log as stored, in order: sequence number, hash (hex), actor, action, subject.</summary>
    public static async Task<List<(long Seq, string Hash, string Actor, string Action, string? Subject)>> AuditChainAsync(string dataPath)
    {
        var chain = new List<(long, string, string, string, string?)>();
        await using var connection = await RawDatabase.OpenAsync(dataPath);
        await using var command = RawDatabase.Command(connection, "SELECT seq, hash, actor_id, action, subject_id FROM audit_entries ORDER BY seq");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            chain.Add((reader.GetInt64(0), Convert.ToHexStringLower((byte[])reader.GetValue(1)), reader.GetString(2), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4)));
        }

        return chain;
    }

    /// <summary>How many rows a table has, as stored.</summary>
    public static async Task<long> CountAsync(string dataPath, string table)
    {
        await using var connection = await RawDatabase.OpenAsync(dataPath);
        await using var command = RawDatabase.Command(connection, $"SELECT COUNT(*) FROM {table}");
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>The recovery secret of a server, in a key file as <c>haven decrypt</c> and <c>haven restore</c> read it.</summary>
    public static string KeyFile(TempFolder temp, HavenServer server) => temp.WriteSecretFile("recovery-" + RandomId.New()[..8] + ".txt", RecoverySecret.Format(server.RecoverySecretKey));
}
