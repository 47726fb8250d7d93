using System.Diagnostics;
using Haven.Cli;
using Haven.Storage;
using Haven.Tests;
using Haven.Web.Tests.Cli;
using Haven.Web.Tests.Infrastructure;
using Haven.Web.Tests.Interop;

namespace Haven.Web.Tests.Backup;

/// <summary>
/// A backup killed halfway (a reboot, the OOM killer, a cron job's timeout) leaves no file under the name it
/// was asked to write, only a temporary <c>*.partial</c> that nothing mistakes for a backup; a backup that
/// completes has its final name and nothing else.
/// </summary>
public sealed class BackupInterruptedTests
{
    [Fact]
    public async Task A_backup_process_killed_halfway_leaves_nothing_under_the_final_name()
    {
        await using var server = await HavenServer.StartAsync();
        using (var admin = server.CreateClient())
        {
            Assert.Equal("/desk", (await admin.LoginAsync(HavenServer.AdminName, HavenServer.AdminPassphrase, server.AdminCode())).Location.AbsolutePath);
            await BackupKit.SeedCaseAsync(server, admin, "killed", new SentFile("a.bin", "application/octet-stream", SentFile.RandomBytes(1000)));
        }

        // One blob made large (sparse, so it costs no disk): the backup spends a while reading and encrypting it.
        var blob = Directory.GetFiles(Path.Combine(server.DataPath, "blobs"))[0];
        await using (var grow = new FileStream(blob, FileMode.Open, FileAccess.Write))
        {
            grow.SetLength(4L * 1024 * 1024 * 1024);
        }

        using var temp = new TempFolder("haven-backup-test-");
        var target = temp["nightly.backup"];
        using var backup = StartBackup(server.DataPath, target);
        try
        {
            // The backup starts stopped and runs in short steps (SIGCONT, then SIGSTOP), looked at only while it
            // is stopped: it is caught halfway however busy the machine is, and killed once it has written a good part.
            string? written = null;
            await Eventually.UntilAsync(
                "the backup to write 8 MiB",
                async () =>
                {
                    await StepAsync(backup);
                    if (backup.HasExited)
                    {
                        Assert.Fail($"the backup ended before it could be killed: exit {backup.ExitCode}, {await backup.StandardError.ReadToEndAsync()}");
                    }

                    written = Directory.GetFiles(temp.Path).FirstOrDefault();
                    return written is not null && new FileInfo(written).Length >= 8 * 1024 * 1024;
                },
                deadline: TimeSpan.FromMinutes(3),
                interval: TimeSpan.Zero,
                state: () => $"written so far: {written ?? "nothing"}");

            Assert.False(File.Exists(target), "the backup is written under its final name while it runs");
            var partial = written;
            backup.Kill();
            await backup.WaitForExitAsync();
            Assert.False(File.Exists(target), "a killed backup left a file under its final name");
            Assert.EndsWith(BackupCli.PartialSuffix, partial, StringComparison.Ordinal);
            Assert.StartsWith(target + ".", partial, StringComparison.Ordinal);
        }
        finally
        {
            if (!backup.HasExited)
            {
                backup.Kill();
                await backup.WaitForExitAsync();
            }
        }
    }

    [Fact]
    public async Task A_completed_backup_has_its_final_name_and_leaves_no_temporary_file()
    {
        await using var server = await HavenServer.StartAsync();
        using var temp = new TempFolder("haven-backup-test-");
        var target = temp["nightly.backup"];
        var backup = await BackupKit.RunAsync("backup", "--data", server.DataPath, "--out", target);
        Assert.True(backup.ExitCode == 0, backup.ToString());
        Assert.Equal([target], Directory.GetFiles(temp.Path));
        var restored = await BackupKit.RunAsync("restore", "--data", temp["restored"], "--from", target, "--recovery-key", BackupKit.KeyFile(temp, server));
        Assert.True(restored.ExitCode == 0, restored.ToString());
    }

    /// <summary>
    /// <c>haven backup</c> as a process of its own (the Debug build of Haven.Cli), started stopped, with the
    /// database of <paramref name="dataPath"/> in its environment as an operator's cron job would have it.
    /// </summary>
    private static Process StartBackup(string dataPath, string target)
    {
        var dll = Path.Combine(Conventions.ConventionTests.RepositoryRoot(), "src", "Haven.Cli", "bin", "Debug", "net10.0", "haven.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: build the solution first.");
        // The shell stops itself before it becomes the backup (exec keeps the process id).
        var start = new ProcessStartInfo("sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-c", "kill -STOP $$ && exec dotnet \"$@\"", "sh", dll, "backup", "--data", dataPath, "--out", target })
        {
            start.ArgumentList.Add(arg);
        }

        if (TestDatabases.Postgres)
        {
            var database = TestDatabases.For(dataPath);
            start.Environment[DatabaseSettings.ProviderKey.Replace(":", "__", StringComparison.Ordinal)] = "postgres";
            start.Environment[DatabaseSettings.ConnectionStringKey.Replace(":", "__", StringComparison.Ordinal)] = database.ConnectionString;
        }

        return Process.Start(start) ?? throw new InvalidOperationException("Could not start haven backup.");
    }

    /// <summary>Lets the stopped backup run for a moment, then stops it again (SIGSTOP and SIGCONT have no managed API).</summary>
    private static async Task StepAsync(Process process)
    {
        var pid = process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var step = Process.Start("sh", ["-c", $"kill -CONT {pid}; sleep 0.05; kill -STOP {pid}"]);
        await step.WaitForExitAsync();
    }
}
