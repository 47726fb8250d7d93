using System.Diagnostics;
using Haven.Crypto;
using Haven.Storage;
using Haven.Tests;
using Haven.Web.Tests.Cli;
using Haven.Web.Tests.Infrastructure;

namespace Haven.Web.Tests.Storage;

/// <summary>
/// One writer per data directory: a second server on the folder of a running one refuses to start, with one
/// line naming the folder (exit 2 as a process), and so does every CLI command that writes, while the commands
/// that only read run beside the server. Once the first server stops, the folder is free again.
/// </summary>
public sealed class DataDirectoryLockTests
{
    [Fact]
    public async Task A_second_server_on_the_same_data_directory_refuses_until_the_first_stops()
    {
        await using var server = await HavenServer.StartAsync();

        var refused = await Assert.ThrowsAsync<DataDirectoryLockedException>(() => HavenServer.StartOnAsync(server.DataPath));
        Assert.Contains(Path.GetFullPath(server.DataPath), refused.Message, StringComparison.Ordinal);
        Assert.Contains("in use by another Haven server or command", refused.Message, StringComparison.Ordinal);

        // As a process, the way an operator meets it: one line, exit code 2.
        var (exitCode, stderr) = await RunServerProcessAsync(server.DataPath);
        Assert.True(exitCode == 2, $"exit {exitCode}: {stderr}");
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("haven: " + Path.GetFullPath(server.DataPath) + " is in use", line, StringComparison.Ordinal);

        await server.StopAsync();
        await using var second = await HavenServer.StartOnAsync(server.DataPath);
        using var client = second.CreateClient();
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/")).Status);
    }

    [Fact]
    public async Task Commands_that_write_refuse_while_the_server_runs_and_commands_that_read_do_not()
    {
        await using var server = await HavenServer.StartAsync();
        using var temp = new TempFolder();
        var key = temp.WriteSecretFile("recovery.txt", RecoverySecret.Format(server.RecoverySecretKey));
        var dir = server.DataPath;
        string[][] writers =
        [
            ["migrate", "--data", dir],
            ["purge", "--data", dir],
            ["responder", "add", "--data", dir, "--name", "Olena K"],
            ["responder", "reset", "--data", dir, "--name", HavenServer.AdminName, "--recovery-key", key],
            ["init", "--data", dir, "--recovery-file", temp["second-recovery.txt"]],
        ];
        foreach (var args in writers)
        {
            var result = await CliRunner.RunWithInputAsync("a new long passphrase\n", args);
            Assert.True(result.ExitCode == 2, $"{string.Join(' ', args)}: {result}");
            Assert.Equal($"haven: {Path.GetFullPath(dir)} is in use by another Haven server or command (it holds {Path.Combine(Path.GetFullPath(dir), "haven.lock")}); stop it first.", result.Stderr.Trim());
            Assert.Equal("", result.Stdout);
        }

        using (var backupFile = new TempFolder("haven-backup-test-"))
        {
            var backup = await CliRunner.RunAsync("backup", "--data", dir, "--out", backupFile["b.backup"]);
            Assert.True(backup.ExitCode == 0, backup.ToString());
            var restore = await CliRunner.RunAsync("restore", "--data", dir, "--from", backupFile["b.backup"], "--recovery-key", key);
            Assert.True(restore.ExitCode == 2 && restore.Stderr.Contains("is in use", StringComparison.Ordinal), restore.ToString());
        }

        foreach (var args in new string[][] { ["audit", "verify", "--data", dir], ["responder", "list", "--data", dir], ["purge", "--data", dir, "--dry-run"] })
        {
            var result = await CliRunner.RunAsync(args);
            Assert.True(result.ExitCode == 0, $"{string.Join(' ', args)}: {result}");
        }

        // Once the server has stopped, the same writing command runs.
        await server.StopAsync();
        var migrate = await CliRunner.RunAsync("migrate", "--data", dir);
        Assert.True(migrate.ExitCode == 0, migrate.ToString());
        StorageServiceCollectionExtensions.ClearSqlitePool(server.Data);
    }

    /// <summary>Runs the built web host (Haven.Web.dll) on <paramref name="dataPath"/> until it exits.</summary>
    private static async Task<(int ExitCode, string Stderr)> RunServerProcessAsync(string dataPath)
    {
        var dll = Path.Combine(Conventions.ConventionTests.RepositoryRoot(), "src", "Haven.Web", "bin", "Debug", "net10.0", "Haven.Web.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: build the solution first.");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])[dll, "--data", dataPath, "--urls", "http://127.0.0.1:0", .. TestDatabases.HostSettings(dataPath)])
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start Haven.Web.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            Assert.Fail($"the second server did not exit: {await stdout}");
        }

        return (process.ExitCode, await stderr);
    }
}
