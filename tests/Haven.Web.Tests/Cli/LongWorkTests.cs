using System.Diagnostics;
using Haven.Cases;
using Haven.Crypto;
using Haven.Storage;
using Haven.Tests;
using Haven.Web.Tests.Backup;
using Haven.Web.Tests.Infrastructure;
using Haven.Web.Tests.Interop;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Haven.Web.Tests.Cli;

/// <summary>
/// Issue 20: long commands as an operator runs them, each a <c>haven</c> process of its own. Output redirected (a cron
/// job, a pipe, a log), progress is plain lines on standard error with counts and sizes only; Ctrl-C (SIGINT) half-way
/// through a backup or a decryption stops it with exit code 130 and leaves neither the final name nor a temporary
/// file behind; backup, restore and decrypt find the blobs where <c>Haven:Blobs:Path</c> says.
/// </summary>
public sealed class LongWorkTests
{
    /// <summary>A progress line: the command, items done (of all), bytes done (of all), then rate and time left, or the time it took.</summary>
    private const string ProgressLine = @"^backup: \d+/\d+ items, \d+(\.\d)? (B|KiB|MiB|GiB)( of \d+(\.\d)? (B|KiB|MiB|GiB))?(, .+)?$";

    [Fact]
    public async Task A_backup_whose_output_is_redirected_writes_plain_progress_lines_on_standard_error_with_counts_and_sizes_only()
    {
        await using var server = await HavenServer.StartAsync();
        var tag = RandomId.New()[..8];
        SeededCase seeded;
        using (var admin = await LoginAsync(server))
        {
            seeded = await BackupKit.SeedCaseAsync(server, admin, tag, new SentFile($"plan of the shelter {tag}.bin", "application/octet-stream", SentFile.RandomBytes(20_000)));
        }

        using var temp = new TempFolder("haven-longwork-test-");
        var target = temp["nightly.backup"];
        using var backup = await HavenProcess.RunAsync(["backup", "--data", server.DataPath, "--out", target]);

        Assert.True(backup.ExitCode == 0, backup.ToString());
        Assert.StartsWith("Backup of ", backup.Stdout, StringComparison.Ordinal);
        var lines = backup.StderrLines;
        Assert.True(lines.Length >= 2, backup.ToString());
        Assert.All(lines, line => Assert.Matches(ProgressLine, line));
        Assert.Matches(@"^backup: (\d+)/\1 items, .*, done in \d+ s$", lines[^1]);
        Assert.DoesNotContain(tag, backup.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(seeded.Request, backup.Stderr, StringComparison.Ordinal);

        // --quiet, for a cron job whose every output is mailed: nothing on standard error.
        using var quiet = await HavenProcess.RunAsync(["backup", "--data", server.DataPath, "--out", temp["quiet.backup"], "--quiet"]);
        Assert.True(quiet.ExitCode == 0, quiet.ToString());
        Assert.Equal("", quiet.Stderr);
    }

    [Fact]
    public async Task On_a_terminal_a_backup_to_standard_output_draws_a_progress_bar_on_standard_error_and_only_the_backup_goes_to_standard_output()
    {
        await using var server = await HavenServer.StartAsync();
        using (var admin = await LoginAsync(server))
        {
            await BackupKit.SeedCaseAsync(server, admin, "terminal", new SentFile("a.bin", "application/octet-stream", SentFile.RandomBytes(20_000)));
        }

        // script(1) gives the command a terminal; its standard output goes to a file, as `haven backup --out - > FILE`
        // typed at a terminal: the bar must go to standard error (the terminal), and the file hold the backup alone.
        using var temp = new TempFolder("haven-longwork-test-");
        var target = temp["piped.backup"];
        var start = new ProcessStartInfo("script") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var arg in new[] { "-q", "-e", "-c", $"exec dotnet '{HavenProcess.Dll}' backup --data '{server.DataPath}' --out - > '{target}'", "/dev/null" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["TERM"] = "xterm-256color";
        start.Environment["SHELL"] = "/bin/sh";
        HavenProcess.AddDatabase(start, server.DataPath);
        using var script = Process.Start(start)!;
        script.StandardInput.Close();
        var terminal = script.StandardOutput.ReadToEndAsync();
        var errors = script.StandardError.ReadToEndAsync();
        await Eventually.UntilAsync("the backup on a terminal to end", () => script.HasExited, TimeSpan.FromMinutes(2));
        await script.WaitForExitAsync();
        var shown = await terminal;

        Assert.True(script.ExitCode == 0, $"exit {script.ExitCode}\n{shown}\n{await errors}");
        Assert.Contains("\u001b[", shown, StringComparison.Ordinal);
        Assert.Contains("100%", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("backup: ", shown, StringComparison.Ordinal);
        Assert.True(File.ReadAllBytes(target).AsSpan().StartsWith("haven-backup-v1\n"u8), "the file does not start as a backup");
        var restored = await BackupKit.RunAsync("restore", "--data", temp["restored"], "--from", target, "--recovery-key", BackupKit.KeyFile(temp, server));
        Assert.True(restored.ExitCode == 0, restored.ToString());
    }

    [Fact]
    public async Task Ctrl_C_half_way_through_a_backup_stops_it_with_exit_code_130_and_leaves_no_file_final_or_temporary()
    {
        await using var server = await HavenServer.StartAsync();
        using (var admin = await LoginAsync(server))
        {
            await BackupKit.SeedCaseAsync(server, admin, "stopped", new SentFile("a.bin", "application/octet-stream", SentFile.RandomBytes(1000)));
        }

        // One blob made large (sparse, so it costs no disk): the backup spends a while reading and encrypting it.
        var blob = Directory.GetFiles(Path.Combine(server.DataPath, "blobs"))[0];
        await using (var grow = new FileStream(blob, FileMode.Open, FileAccess.Write))
        {
            grow.SetLength(4L * 1024 * 1024 * 1024);
        }

        using var temp = new TempFolder("haven-longwork-test-");
        var target = temp["nightly.backup"];
        using var backup = HavenProcess.Start(["backup", "--data", server.DataPath, "--out", target], stopped: true);
        await backup.StopHalfWayAsync("backup", () => Directory.GetFiles(temp.Path).Any(f => new FileInfo(f).Length >= 1024 * 1024));

        Assert.True(backup.ExitCode == 130, backup.ToString());
        Assert.Contains($"haven: stopped; nothing was written to {target}.", backup.StderrLines[^1], StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }

    [Fact]
    public async Task Ctrl_C_half_way_through_a_decryption_stops_it_with_exit_code_130_and_leaves_no_plaintext_folder_final_or_temporary()
    {
        await using var server = await HavenServer.StartAsync();
        SeededCase seeded;
        using (var admin = await LoginAsync(server))
        {
            seeded = await BackupKit.SeedCaseAsync(server, admin, "stopped", new SentFile("a.bin", "application/octet-stream", SentFile.RandomBytes(1000)));
        }

        // The request's file replaced by a large one encrypted with its own key: the decryption spends a while on it.
        var (fileId, key) = await FirstFileKeyAsync(server, seeded.CaseId);
        await WriteBlobAsync(Path.Combine(server.DataPath, "blobs", fileId), fileId, key, 512L * 1024 * 1024);

        using var temp = new TempFolder("haven-longwork-test-");
        var keyFile = BackupKit.KeyFile(temp, server);
        var output = temp["plaintext"];
        using var decrypt = HavenProcess.Start(["decrypt", "--data", server.DataPath, "--recovery-key", keyFile, "--out", output], stopped: true);
        await decrypt.StopHalfWayAsync("decrypt", () => Directory.EnumerateFiles(temp.Path, "*", SearchOption.AllDirectories).Any(f => new FileInfo(f).Length >= 1024 * 1024));

        Assert.True(decrypt.ExitCode == 130, decrypt.ToString());
        Assert.Contains($"haven: stopped; nothing was written to {output}.", decrypt.StderrLines[^1], StringComparison.Ordinal);
        Assert.Equal([keyFile], Directory.GetFileSystemEntries(temp.Path));
    }

    [Fact]
    public async Task Backup_restore_and_decrypt_read_and_write_the_blobs_where_Haven_Blobs_Path_says()
    {
        using var temp = new TempFolder("haven-longwork-test-");
        var blobs = temp["shared-blobs"];
        await using var server = await HavenServer.StartAsync($"--Haven:Blobs:Path={blobs}");
        SeededCase seeded;
        using (var admin = await LoginAsync(server))
        {
            seeded = await BackupKit.SeedCaseAsync(server, admin, "elsewhere", new SentFile("a.bin", "application/octet-stream", SentFile.RandomBytes(5000)));
        }

        Assert.Equal(2, Directory.GetFiles(blobs).Length);
        var backupFile = temp["elsewhere.backup"];
        using var backup = await HavenProcess.RunAsync(["backup", "--data", server.DataPath, "--out", backupFile, "--quiet"], new Dictionary<string, string> { ["Haven__Blobs__Path"] = blobs });
        Assert.True(backup.ExitCode == 0, backup.ToString());
        Assert.Contains(" 2 files ", backup.Stdout, StringComparison.Ordinal);

        // Restored into another instance whose blobs are kept elsewhere again: none lands in its data directory. The
        // restore and the decryption show their progress (output redirected: plain lines).
        var restoredBlobs = temp["restored-blobs"];
        var restoredData = temp["restored"];
        var elsewhere = new Dictionary<string, string> { ["Haven__Blobs__Path"] = restoredBlobs };
        var keyFile = BackupKit.KeyFile(temp, server);
        using var restore = await HavenProcess.RunAsync(["restore", "--data", restoredData, "--from", backupFile, "--recovery-key", keyFile], elsewhere);
        Assert.True(restore.ExitCode == 0, restore.ToString());
        Assert.All(restore.StderrLines, line => Assert.Matches(@"^restore: \d+ items, \d+(\.\d)? (B|KiB|MiB) of \d+(\.\d)? (B|KiB|MiB)(, .+)?$", line));
        Assert.Matches(@"^restore: \d+ items, .+, done in \d+ s$", restore.StderrLines[^1]);
        Assert.Equal(Directory.GetFiles(blobs).Select(Path.GetFileName).Order(StringComparer.Ordinal), Directory.GetFiles(restoredBlobs).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(restoredData, "blobs")), "the restore wrote blobs into the data directory");

        using var decrypt = await HavenProcess.RunAsync(["decrypt", "--data", restoredData, "--recovery-key", keyFile, "--out", temp["plaintext"]], elsewhere);
        Assert.True(decrypt.ExitCode == 0, decrypt.ToString());
        Assert.All(decrypt.StderrLines, line => Assert.Matches(@"^decrypt: \d/1 cases, \d+(\.\d)? (B|KiB|MiB) of \d+(\.\d)? (B|KiB|MiB)(, .+)?$", line));
        Assert.Matches(@"^decrypt: 1/1 cases, (.+) of \1, done in \d+ s$", decrypt.StderrLines[^1]);
        Assert.Contains("1 cases, 2 records, 2 files decrypted", decrypt.Stdout, StringComparison.Ordinal);
        Assert.Contains(" 0 failed", decrypt.Stdout, StringComparison.Ordinal);
        var written = Directory.GetFiles(Path.Combine(temp["plaintext"], seeded.CaseId, "files"));
        Assert.Contains(written, f => File.ReadAllBytes(f).AsSpan().SequenceEqual(seeded.Files[0].Bytes));
    }

    private static async Task<HavenClient> LoginAsync(HavenServer server)
    {
        var admin = server.CreateClient();
        Assert.Equal("/desk", (await admin.LoginAsync(HavenServer.AdminName, HavenServer.AdminPassphrase, server.AdminCode())).Location.AbsolutePath);
        return admin;
    }

    /// <summary>The id and key of the first file of the case's request, read with the recovery secret.</summary>
    private static async Task<(string Id, byte[] Key)> FirstFileKeyAsync(HavenServer server, string caseId)
    {
        await using var db = await server.Services.GetRequiredService<IDbContextFactory<HavenDbContext>>().CreateDbContextAsync();
        var record = await db.Records.AsNoTracking().Where(r => r.CaseId == caseId && r.Kind == "request").OrderBy(r => r.Seq).FirstAsync();
        using var recovery = X25519KeyPair.FromSecretKey(server.RecoverySecretKey);
        var keys = await CaseRecords.OpenCaseKeysAsync(db, caseId, null, recovery, CancellationToken.None);
        try
        {
            var file = CaseRecords.Open(record, record.KeyForCase, keys[record.KeyGeneration])!.Files![0];
            return (file.Id, Convert.FromBase64String(file.Key));
        }
        finally
        {
            foreach (var key in keys.Values)
            {
                key.Dispose();
            }
        }
    }

    /// <summary>Replaces a blob with <paramref name="length"/> zero bytes encrypted under the file's own key.</summary>
    private static async Task WriteBlobAsync(string path, string fileId, byte[] key, long length)
    {
        await using var blob = new FileStream(path, FileMode.Truncate, FileAccess.Write, FileShare.None, 1 << 20);
        using var encryptor = new FileEncryptor(blob, key, fileId);
        var zeros = new byte[FileCipher.ChunkLength * 16];
        for (long written = 0; written < length; written += zeros.Length)
        {
            await encryptor.WriteAsync(zeros, CancellationToken.None);
        }

        await encryptor.CompleteAsync(CancellationToken.None);
    }
}
