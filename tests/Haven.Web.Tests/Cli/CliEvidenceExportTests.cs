using Haven.Accounts;
using Haven.Storage;
using Haven.Tests;
using Haven.Web.Tests.Evidence;
using Haven.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Haven.Web.Tests.Cli;

/// <summary>
/// Issue 20, point 4: <c>haven evidence export</c>, the desk's signed evidence bundle from the command line, on a
/// stopped instance whose case was written through the real intake and desk. The responder logs in with passphrase
/// and TOTP code on standard input; the bundle verifies with <c>haven evidence verify</c> and <c>gpg</c>, names the
/// responder, and its <c>evidence.exported</c> custody entries are in the log between the CLI's login and logout.
/// Refusals leave no file; output redirected, progress is plain lines on standard error (none with <c>--quiet</c>);
/// Ctrl-C half-way through a large file exits 130 and leaves nothing, final or temporary.
/// </summary>
public sealed class CliEvidenceExportTests(BundleGpg gpg) : IClassFixture<BundleGpg>
{
    private const string BundlePassphrase = "a passphrase for the court";

    [Fact]
    public async Task A_case_exported_on_the_command_line_verifies_names_the_responder_and_its_custody_entries_are_in_the_log()
    {
        await using var server = await HavenServer.StartAsync();
        using var scenario = await BundleScenario.WriteDefaultAsync(server);
        var instanceKey = (await CliRunner.RunAsync("evidence", "key", "--data", server.DataPath)).Stdout.Trim();
        await server.StopAsync();
        var before = await ActionsAsync(server);

        // Every file as received (no --file): the request's two and the reply's one, to a passphrase.
        var passphraseFile = scenario.Folder.WriteSecretFile("passphrase.txt", BundlePassphrase);
        var target = scenario.Folder["to the court.gpg"];
        var exported = await CliRunner.RunAtAsync(server.Clock, ManualLoginInput(server), ["evidence", "export", "--data", server.DataPath, "--responder", HavenServer.AdminName, "--case", scenario.Case.CaseId, "--passphrase-file", passphraseFile, "--out", target]);
        Assert.True(exported.ExitCode == 0, exported.ToString());
        Assert.Matches($@"^Bundle [0-9a-z]+: 3 files \(.+\) exported by Admin, written to {System.Text.RegularExpressions.Regex.Escape(target)}\.$", exported.Stdout.Trim());
        Assert.Equal("", exported.Stderr);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(target));
        }

        Assert.Equal([passphraseFile, target], Directory.GetFiles(scenario.Folder.Path).Order(StringComparer.Ordinal));

        var verified = await CliRunner.RunAsync("evidence", "verify", target, "--passphrase-file", passphraseFile, "--instance-key", instanceKey);
        Assert.True(verified.ExitCode == 0, verified.ToString());
        Assert.Contains("exported ", verified.Stdout, StringComparison.Ordinal);
        Assert.Contains(" by Admin)", verified.Stdout, StringComparison.Ordinal);
        Assert.Contains("The bundle verifies.", verified.Stdout, StringComparison.Ordinal);
        Assert.Equal(3, verified.Stdout.Split('\n').Count(l => l.StartsWith("ok    file SHA-256", StringComparison.Ordinal)));

        // gpg opens it; the manifest names the responder and lists the files sent, as the desk's bundle would.
        var opened = ExportKit.Open(gpg, await File.ReadAllBytesAsync(target), BundlePassphrase);
        Assert.Equal(HavenServer.AdminName, opened.Manifest.GetProperty("exporter").GetProperty("name").GetString());
        Assert.Equal(scenario.Sent.Select(f => f.Sha256), opened.Files.Select(f => f.GetProperty("sha256").GetString()));
        Assert.All(opened.Files, f => Assert.Contains(f.GetProperty("custody").EnumerateArray(), c => c.GetProperty("action").GetString() == "evidence.exported"));

        // The log: the set-up's entry first; then the CLI's login, one custody entry per file, its logout, all by the administrator.
        var after = await ActionsAsync(server);
        Assert.Equal("instance.setup", after[0].Action);
        Assert.Equal(before, after[..before.Count]);
        var added = after[before.Count..];
        Assert.Equal(["responder.login", "evidence.exported", "evidence.exported", "evidence.exported", "responder.logout"], added.Select(e => e.Action));
        var adminId = await AdminIdAsync(server);
        Assert.All(added, e => Assert.Equal(adminId, e.ActorId));
        Assert.Equal(scenario.FileIds.Order(StringComparer.Ordinal), added.Where(e => e.Action == "evidence.exported").Select(e => e.SubjectId!).Order(StringComparer.Ordinal));
        Assert.All(added.Where(e => e.Action == "evidence.exported"), e => Assert.Equal(scenario.Case.CaseId, e.CaseId));

        // The chain still verifies with the entries the command signed.
        var audit = await CliRunner.RunAsync("audit", "verify", "--data", server.DataPath);
        Assert.True(audit.ExitCode == 0, audit.ToString());
    }

    [Fact]
    public async Task As_a_process_with_output_redirected_it_shows_plain_progress_lines_and_none_with_quiet_and_one_chosen_file_goes_to_a_key()
    {
        await using var server = await HavenServer.StartAsync();
        using var scenario = await BundleScenario.WriteDefaultAsync(server);
        await server.StopAsync();
        var keyFile = scenario.Folder.WriteSecretFile("lawyer.asc", gpg.PublicKey(gpg.Curve25519));
        var chosen = scenario.Case.RequestFileIds[1];

        var target = scenario.Folder["one file.gpg"];
        using (var export = await HavenProcess.RunAsync(["evidence", "export", "--data", server.DataPath, "--responder", HavenServer.AdminName, "--case", scenario.Case.CaseId, "--file", chosen, "--recipient-key", keyFile, "--out", target], stdin: await LoginInputAsync(server)))
        {
            Assert.True(export.ExitCode == 0, export.ToString());
            var lines = export.StderrLines;
            Assert.NotEmpty(lines);
            Assert.All(lines, l => Assert.Matches(@"^evidence export: \d/1 files, \d+(\.\d)? (B|KiB|MiB) of \d+(\.\d)? (B|KiB|MiB)(, .+)?$", l));
            Assert.Matches(@"^evidence export: 1/1 files, (.+) of \1, done in \d+ s$", lines[^1]);
            Assert.DoesNotContain("протокол", export.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain(scenario.Case.CaseId, export.Stderr, StringComparison.Ordinal);
        }

        var secret = scenario.Folder.WriteSecretFile("lawyer-secret.asc", gpg.SecretKey(gpg.Curve25519));
        var verified = await CliRunner.RunAsync("evidence", "verify", target, "--secret-key", secret);
        Assert.True(verified.ExitCode == 0, verified.ToString());
        var opened = ExportKit.Open(gpg, await File.ReadAllBytesAsync(target));
        var file = Assert.Single(opened.Files);
        Assert.Equal(chosen, file.GetProperty("id").GetString());
        Assert.Equal(scenario.Sent[1].Bytes, opened[file.GetProperty("path").GetString()!]);

        using var quiet = await HavenProcess.RunAsync(["evidence", "export", "--data", server.DataPath, "--responder", HavenServer.AdminName, "--case", scenario.Case.CaseId, "--recipient-key", keyFile, "--out", scenario.Folder["quiet.gpg"], "--quiet"], stdin: await LoginInputAsync(server));
        Assert.True(quiet.ExitCode == 0, quiet.ToString());
        Assert.Equal("", quiet.Stderr);
        Assert.True(File.Exists(scenario.Folder["quiet.gpg"]));
    }

    [Fact]
    public async Task Refusals_give_one_line_and_a_non_zero_exit_and_leave_no_file_and_no_custody_entry()
    {
        await using var server = await HavenServer.StartAsync();
        using var scenario = await BundleScenario.WriteDefaultAsync(server);
        var outsider = await Accounts.Accounts.AddResponderAsync(server, "Outsider", ResponderRole.Caseworker);
        await server.StopAsync();
        var passphraseFile = scenario.Folder.WriteSecretFile("passphrase.txt", BundlePassphrase);
        var target = scenario.Folder["bundle.gpg"];
        string[] Export(string responder, params string[] more) =>
            ["evidence", "export", "--data", server.DataPath, "--responder", responder, "--case", scenario.Case.CaseId, "--passphrase-file", passphraseFile, "--out", target, .. more];

        // A wrong passphrase: the desk's login refuses it without saying which part was wrong.
        var wrong = await CliRunner.RunAtAsync(server.Clock, $"not the passphrase at all\n{NextCode(server, server.AdminTotpSecret)}\n", Export(HavenServer.AdminName));
        Assert.True(wrong.ExitCode == 2, wrong.ToString());
        Assert.Equal("haven: the responder name, the passphrase (first line of standard input) or the TOTP code (second line) is wrong. Nothing was exported.", wrong.Stderr.Trim());

        // No code at all is refused the same way.
        var noCode = await CliRunner.RunAtAsync(server.Clock, HavenServer.AdminPassphrase + "\n", Export(HavenServer.AdminName));
        Assert.True(noCode.ExitCode == 2, noCode.ToString());

        // A responder who does not hold the case: the same answer as for a case that does not exist.
        var outside = await CliRunner.RunAtAsync(server.Clock, $"{outsider.Passphrase}\n{NextCode(server, outsider.TotpSecret)}\n", Export(outsider.Name));
        Assert.True(outside.ExitCode == 2, outside.ToString());
        Assert.Equal($"haven: Outsider holds no case {scenario.Case.CaseId}. Nothing was exported.", outside.Stderr.Trim());

        // A file that is not one of the case's.
        var unknown = await CliRunner.RunAtAsync(server.Clock, ManualLoginInput(server), Export(HavenServer.AdminName, "--file", Haven.Crypto.RandomId.New()));
        Assert.True(unknown.ExitCode == 2, unknown.ToString());
        Assert.Contains("has no file as received", unknown.Stderr, StringComparison.Ordinal);

        // A passphrase too short for the recipient (the desk's refusal), and an expired recipient key.
        var shortFile = scenario.Folder.WriteSecretFile("short.txt", "too short");
        var tooShort = await CliRunner.RunAtAsync(server.Clock, ManualLoginInput(server), ["evidence", "export", "--data", server.DataPath, "--responder", HavenServer.AdminName, "--case", scenario.Case.CaseId, "--passphrase-file", shortFile, "--out", target]);
        Assert.True(tooShort.ExitCode == 2, tooShort.ToString());
        Assert.Contains("must have at least 12 characters", tooShort.Stderr, StringComparison.Ordinal);
        var expiredKey = scenario.Folder.WriteSecretFile("expired.asc", gpg.PublicKey(gpg.Expired));
        var expired = await CliRunner.RunAtAsync(server.Clock, ManualLoginInput(server), ["evidence", "export", "--data", server.DataPath, "--responder", HavenServer.AdminName, "--case", scenario.Case.CaseId, "--recipient-key", expiredKey, "--out", target]);
        Assert.True(expired.ExitCode == 2, expired.ToString());
        Assert.Contains("has no key or subkey that may encrypt", expired.Stderr, StringComparison.Ordinal);

        // Both recipients, or neither.
        var both = await CliRunner.RunAtAsync(server.Clock, ManualLoginInput(server), Export(HavenServer.AdminName, "--recipient-key", expiredKey));
        Assert.True(both.ExitCode == 2, both.ToString());
        Assert.Contains("exactly one", both.Stderr, StringComparison.Ordinal);

        Assert.Equal(["expired.asc", "passphrase.txt", "short.txt"], Directory.GetFiles(scenario.Folder.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        // --out exists: refused before anything, and the file is left as it was.
        await File.WriteAllTextAsync(target, "someone else's file");
        var exists = await CliRunner.RunAtAsync(server.Clock, ManualLoginInput(server), Export(HavenServer.AdminName));
        Assert.True(exists.ExitCode == 2, exists.ToString());
        Assert.Equal($"haven: {target} already exists; choose a new file name. Nothing was exported.", exists.Stderr.Trim());
        Assert.Equal("someone else's file", await File.ReadAllTextAsync(target));

        Assert.DoesNotContain(await ActionsAsync(server), e => e.Action == "evidence.exported");
    }

    [Fact]
    public async Task Ctrl_C_half_way_through_a_large_file_exits_130_and_leaves_no_bundle_final_or_temporary()
    {
        await using var server = await HavenServer.StartAsync();
        var (caseId, fileIds) = await ExportKit.PersonSendsAsync(server, ("recording of the night.bin", new byte[160 * 1024 * 1024]));
        await server.StopAsync();

        using var temp = new TempFolder("haven-evidence-export-test-");
        var passphraseFile = temp.WriteSecretFile("passphrase.txt", BundlePassphrase);
        var target = temp["large.gpg"];
        using var export = HavenProcess.Start(
            ["evidence", "export", "--data", server.DataPath, "--responder", HavenServer.AdminName, "--case", caseId, "--passphrase-file", passphraseFile, "--out", target],
            stopped: true,
            stdin: await LoginInputAsync(server));
        await export.StopHalfWayAsync("evidence export", () => Directory.GetFiles(temp.Path).Any(f => new FileInfo(f).Length >= 1024 * 1024));

        Assert.True(export.ExitCode == 130, export.ToString());
        Assert.StartsWith($"haven: stopped; nothing was written to {target}; the evidence.exported custody entries", export.StderrLines[^1], StringComparison.Ordinal);
        Assert.Equal([passphraseFile], Directory.GetFileSystemEntries(temp.Path));

        // As on the desk when a download is cut short: the custody entry was written before the first byte, and stays.
        var actions = await ActionsAsync(server);
        Assert.Equal("instance.setup", actions[0].Action);
        Assert.Equal(["responder.login", "evidence.exported", "responder.logout"], actions[^3..].Select(e => e.Action));
        Assert.Equal(Assert.Single(fileIds), actions[^2].SubjectId);
    }

    /// <summary>
    /// The administrator's passphrase and a code not used before, as standard input holds them, for the in-process
    /// command given the server's manual clock (<see cref="CliRunner.RunAtAsync"/>): the clock moves on one time step.
    /// </summary>
    private static string ManualLoginInput(HavenServer server) => $"{HavenServer.AdminPassphrase}\n{NextCode(server, server.AdminTotpSecret)}\n";

    /// <summary>A code of the next time step of the server's manual clock (each code logs in once), which the clock moves to.</summary>
    private static string NextCode(HavenServer server, string secret)
    {
        server.Clock.Advance(TimeSpan.FromSeconds(30));
        return TotpCodes.Compute(secret, server.Clock.GetUtcNow());
    }

    /// <summary>The administrator's passphrase and a code not used before, as standard input holds them, for a <c>haven</c> process (the machine's clock).</summary>
    private static async Task<string> LoginInputAsync(HavenServer server) =>
        $"{HavenServer.AdminPassphrase}\n{await CodeAsync(server, HavenServer.AdminName, server.AdminTotpSecret)}\n";

    /// <summary>
    /// A TOTP code at the machine's clock (the command's), of a time step later than the responder's last login (each
    /// code logs in once): this step's, or the next one's when this one was used; after that, wait for the step to pass.
    /// </summary>
    private static async Task<string> CodeAsync(HavenServer server, string name, string secret)
    {
        long last;
        await using (var db = StorageServiceCollectionExtensions.CreateContext(server.Data))
        {
            last = await db.Responders.Where(r => r.Name == name).Select(r => r.LastTotpStep).SingleAsync();
        }

        StorageServiceCollectionExtensions.ClearSqlitePool(server.Data);
        string? code = null;
        await Eventually.UntilAsync(
            "a TOTP time step later than the last login's",
            () =>
            {
                var step = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;
                var use = Math.Max(step, last + 1);
                code = use <= step + 1 ? TotpCodes.Compute(secret, DateTimeOffset.FromUnixTimeSeconds(use * 30)) : null;
                return code is not null;
            },
            deadline: TimeSpan.FromMinutes(2),
            interval: TimeSpan.FromSeconds(1));
        return code!;
    }

    private static async Task<string> AdminIdAsync(HavenServer server)
    {
        await using var db = StorageServiceCollectionExtensions.CreateContext(server.Data);
        var id = await db.Responders.Where(r => r.Name == HavenServer.AdminName).Select(r => r.Id).SingleAsync();
        StorageServiceCollectionExtensions.ClearSqlitePool(server.Data);
        return id;
    }

    /// <summary>The audit log as stored, oldest first.</summary>
    private static async Task<List<(string Action, string ActorId, string? CaseId, string? SubjectId)>> ActionsAsync(HavenServer server)
    {
        await using var db = StorageServiceCollectionExtensions.CreateContext(server.Data);
        var entries = await db.AuditEntries.AsNoTracking().OrderBy(e => e.Seq).Select(e => new { e.Action, e.ActorId, e.CaseId, e.SubjectId }).ToListAsync();
        StorageServiceCollectionExtensions.ClearSqlitePool(server.Data);
        return [.. entries.Select(e => (e.Action, e.ActorId, e.CaseId, e.SubjectId))];
    }
}
