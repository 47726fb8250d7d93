using Haven.Cli;
using Haven.Storage;
using Haven.Tests;

namespace Haven.Web.Tests.Cli;

/// <summary>What one in-process run of the <c>haven</c> CLI returned and printed.</summary>
internal sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}

/// <summary>Runs <c>haven</c> commands in-process, with standard input and outputs in memory.</summary>
internal static class CliRunner
{
    public static Task<CliResult> RunAsync(params string[] args) => RunWithInputAsync("", args);

    public static Task<CliResult> RunWithInputAsync(string stdin, params string[] args) => RunAtAsync(null, stdin, args);

    /// <summary>As <see cref="RunWithInputAsync"/>, with the command's clock (<c>DataOption.Clock</c>) set to <paramref name="clock"/>, a server's manual clock say.</summary>
    public static async Task<CliResult> RunAtAsync(TimeProvider? clock, string stdin, params string[] args)
    {
        using var input = new StringReader(stdin);
        await using var output = new StringWriter();
        await using var error = new StringWriter();
        // The database the web host of the same data directory would use (TestDatabases); the environment's otherwise.
        var data = Array.IndexOf(args, "--data");
        var database = data >= 0 && data + 1 < args.Length ? TestDatabases.For(args[data + 1]) : null;
        var exitCode = await CliApp.RunAsync(args, input, output, error, database, clock: clock);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }
}

/// <summary>A fresh folder under the system temporary folder, removed with everything in it on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder(string prefix = "haven-cli-test-")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string this[string relative] => System.IO.Path.Combine(Path, relative);

    /// <summary>Writes a secret to a new owner-only file in this folder and returns its path.</summary>
    public string WriteSecretFile(string name, string text)
    {
        var path = this[name];
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.WriteLine(text);
        return path;
    }

    public void Dispose()
    {
        // The CLI leaves pooled SQLite connections open on files about to disappear.
        StorageServiceCollectionExtensions.ClearSqlitePool(TestDatabases.Data(Path));
        TestDatabases.Drop(Path);
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
