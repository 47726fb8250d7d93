using System.Diagnostics;
using Haven.Storage;
using Haven.Web.Tests.Cli;

namespace Haven.Web.Tests.Hosting;

/// <summary>
/// HAVEN_CONFIG as an operator meets it, with the built web host and <c>haven</c> as processes of their own: a
/// missing or broken file stops both with one line and exit code 2; the file's database settings reach both, and
/// the environment overrides them.
/// </summary>
public sealed class ConfigFileProcessTests
{
    [Fact]
    public async Task A_missing_or_broken_file_stops_the_web_host_and_the_cli_with_one_line_and_exit_2()
    {
        using var temp = new TempFolder();
        var missing = temp["absent.json"];
        var broken = temp.WriteSecretFile("broken.json", "{ \"Haven\": { \"Database\": { \"ConnectionString\": \"Password=hunter2\" \"Provider\": \"postgres\" } } }");
        foreach (var (file, problem) in new[] { (missing, "does not exist."), (broken, "is not valid JSON (line 1, byte ") })
        {
            foreach (var run in new[] { Web(temp["data"]), Cli("migrate", "--data", temp["data"]) })
            {
                run.Environment[HavenConfiguration.Variable] = file;
                var (exitCode, stdout, stderr) = await RunAsync(run);
                Assert.True(exitCode == 2, $"exit {exitCode}: {stdout}\n{stderr}");
                var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
                Assert.StartsWith($"haven: the configuration file {file} (HAVEN_CONFIG) {problem}", line, StringComparison.Ordinal);
                Assert.DoesNotContain("hunter2", stdout + stderr, StringComparison.Ordinal);
            }
        }

        Assert.False(Directory.Exists(temp["data"]), "nothing was created before the configuration was read");
    }

    [Fact]
    public async Task The_files_database_settings_reach_the_web_host_and_the_cli_and_the_environment_overrides_them()
    {
        using var temp = new TempFolder();
        // PostgreSQL without a connection string: refused by DatabaseSettings, which only the file can have told.
        var file = temp.WriteSecretFile("haven.json", """
            {
              // comments and trailing commas, as in appsettings.json
              "Haven": { "Database": { "Provider": "postgres", }, },
            }
            """);
        foreach (var run in new[] { Web(temp["data"]), Cli("init", "--data", temp["data"], "--recovery-file", temp["recovery.txt"]) })
        {
            run.Environment[HavenConfiguration.Variable] = file;
            var (exitCode, stdout, stderr) = await RunAsync(run);
            Assert.True(exitCode == 2, $"exit {exitCode}: {stdout}\n{stderr}");
            Assert.Equal($"haven: {DatabaseSettings.ProviderKey} is \"postgres\" but {DatabaseSettings.ConnectionStringKey} is empty.", stderr.Trim());
        }

        // The environment is above the file: SQLite in the data directory after all.
        var init = Cli("init", "--data", temp["data"], "--recovery-file", temp["recovery.txt"]);
        init.Environment[HavenConfiguration.Variable] = file;
        init.Environment["Haven__Database__Provider"] = "sqlite";
        var result = await RunAsync(init);
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Stdout}\n{result.Stderr}");
        Assert.True(File.Exists(Path.Combine(temp["data"], "haven.db")));
    }

    private static ProcessStartInfo Web(string dataPath) => Start("Haven.Web", "Haven.Web.dll", "--data", dataPath, "--urls", "http://127.0.0.1:0");

    private static ProcessStartInfo Cli(params string[] args) => Start("Haven.Cli", "haven.dll", args);

    /// <summary>The Debug build of a project, run with <c>dotnet</c>, its database settings from nowhere but the test.</summary>
    private static ProcessStartInfo Start(string project, string dll, params string[] args)
    {
        var path = Path.Combine(Conventions.ConventionTests.RepositoryRoot(), "src", project, "bin", "Debug", "net10.0", dll);
        Assert.True(File.Exists(path), $"{path} is missing: build the solution first.");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(path);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("Haven__Database__Provider");
        start.Environment.Remove("Haven__Database__ConnectionString");
        start.Environment.Remove("HAVEN_DATA");
        return start;
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(ProcessStartInfo start)
    {
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start " + start.FileName);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{start.ArgumentList[0]} did not exit: {await stdout}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
