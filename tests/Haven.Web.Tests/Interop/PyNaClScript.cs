using System.Diagnostics;
using System.Text;

namespace Haven.Web.Tests.Interop;

/// <summary>What a child process returned and printed.</summary>
internal sealed record ProcessResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}

/// <summary>
/// Runs tests/interop/decrypt.py (copied next to the test assembly) with the system Python and its PyNaCl:
/// an implementation of protocol.md that shares no code with Haven.
/// </summary>
internal static class PyNaClScript
{
    public const string Python = "/usr/bin/python3";

    private const string InstallHint = "Install the system PyNaCl (Debian/Ubuntu: `apt-get install python3-nacl`); the interop tests must run, not be skipped.";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static string ScriptPath => Path.Combine(AppContext.BaseDirectory, "interop", "decrypt.py");

    /// <summary>Fails the test (never skips it) when Python, PyNaCl or the script is missing.</summary>
    public static async Task EnsureAvailableAsync()
    {
        Assert.True(File.Exists(Python), $"{Python} does not exist. {InstallHint}");
        Assert.True(File.Exists(ScriptPath), $"{ScriptPath} does not exist: the test project must copy tests/interop/decrypt.py to its output.");
        var check = await RunAsync(["-c", "import nacl.public, nacl.bindings; print(nacl.__version__)"]);
        Assert.True(check.ExitCode == 0, $"{Python} cannot import nacl. {InstallHint}\n{check}");
    }

    /// <param name="data">The data directory (or a copy of it).</param>
    /// <param name="recoveryKeyFile">A file holding the recovery secret.</param>
    /// <param name="filesFolder">When given, the script writes each decrypted file there as <c>&lt;file id&gt;</c>.</param>
    public static Task<ProcessResult> DecryptAsync(string data, string recoveryKeyFile, string? filesFolder = null) =>
        RunAsync(filesFolder is null
            ? [ScriptPath, "--data", data, "--recovery-key", recoveryKeyFile]
            : [ScriptPath, "--data", data, "--recovery-key", recoveryKeyFile, "--files", filesFolder]);

    /// <summary>Runs the system Python with <paramref name="args"/> (a script of tests/interop and its arguments).</summary>
    public static async Task<ProcessResult> RunAsync(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(Python)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // The system interpreter with its own packages, whatever Python environment the test runner was started in.
        start.Environment.Remove("PYTHONPATH");
        start.Environment.Remove("PYTHONHOME");
        start.Environment.Remove("VIRTUAL_ENV");
        start.Environment["PYTHONIOENCODING"] = "utf-8";
        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{Python} did not start.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{Python} {string.Join(' ', start.ArgumentList)} did not finish within {Timeout.TotalSeconds} s.");
        }

        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }
}
