using System.Diagnostics;
using System.Globalization;
using System.Text;
using Haven.Storage;
using Haven.Tests;

namespace Haven.Web.Tests.Cli;

/// <summary>
/// <c>haven</c> as a process of its own (the Debug build of Haven.Cli), its outputs redirected as in a cron job or a
/// pipe, with the database of its <c>--data</c> in its environment as an operator would have it. Started stopped
/// (SIGSTOP) when asked, so that a test can let it run in short steps and look at it only while it stands still: a
/// signal then lands half-way through its work however busy the machine is.
/// </summary>
internal sealed class HavenProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private HavenProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Standard output so far.</summary>
    public string Stdout
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    /// <summary>Standard error so far.</summary>
    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Standard error's lines so far.</summary>
    public string[] StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The Debug build of the <c>haven</c> tool, run with <c>dotnet</c>.</summary>
    public static string Dll
    {
        get
        {
            var dll = Path.Combine(Conventions.ConventionTests.RepositoryRoot(), "src", "Haven.Cli", "bin", "Debug", "net10.0", "haven.dll");
            Assert.True(File.Exists(dll), $"{dll} is missing: build the solution first.");
            return dll;
        }
    }

    /// <summary>Puts the database of <paramref name="dataPath"/> (the test's PostgreSQL one, if any) into a process's environment.</summary>
    public static void AddDatabase(ProcessStartInfo start, string dataPath)
    {
        ArgumentNullException.ThrowIfNull(start);
        if (TestDatabases.Postgres)
        {
            var database = TestDatabases.For(dataPath);
            start.Environment[DatabaseSettings.ProviderKey.Replace(":", "__", StringComparison.Ordinal)] = "postgres";
            start.Environment[DatabaseSettings.ConnectionStringKey.Replace(":", "__", StringComparison.Ordinal)] = database.ConnectionString;
        }
    }

    /// <summary>Starts <c>haven ARGS</c>; stopped (SIGSTOP) before it runs a single instruction when <paramref name="stopped"/>.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="environment">More variables (<c>Haven__Blobs__Path</c>, …).</param>
    /// <param name="stopped">Start it stopped, for <see cref="StepAsync"/>.</param>
    /// <param name="stdin">What its standard input holds (a passphrase and a code, say); nothing when null.</param>
    public static HavenProcess Start(string[] args, IReadOnlyDictionary<string, string>? environment = null, bool stopped = false, string? stdin = null)
    {
        // The shell stops itself before it becomes haven (exec keeps the process id). SIGINT as a terminal leaves it:
        // a test run started in the background of a script inherits SIGINT ignored, the runtime then never sees
        // Ctrl-C, and the tests that press it would fail for the way they were started (env resets it).
        var start = new ProcessStartInfo("sh") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var arg in new[] { "-c", (stopped ? "kill -STOP $$ && " : "") + "exec env --default-signal=INT dotnet \"$@\"", "sh", Dll }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        var data = Array.IndexOf(args, "--data");
        if (data >= 0 && data + 1 < args.Length)
        {
            AddDatabase(start, args[data + 1]);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start haven.");
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
        }

        process.StandardInput.Close();
        return new HavenProcess(process);
    }

    /// <summary>Runs <c>haven ARGS</c> to its end (at most <paramref name="deadline"/>, 2 minutes by default).</summary>
    public static async Task<HavenProcess> RunAsync(string[] args, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? deadline = null, string? stdin = null)
    {
        var process = Start(args, environment, stdin: stdin);
        await process.WaitForExitAsync(deadline);
        return process;
    }

    /// <summary>Waits for the process to end, output read to its end.</summary>
    public async Task WaitForExitAsync(TimeSpan? deadline = null)
    {
        await Eventually.UntilAsync($"haven to end (so far: {Stderr})", () => _process.HasExited, deadline ?? TimeSpan.FromMinutes(2));
        await _process.WaitForExitAsync();
    }

    /// <summary>
    /// Lets the process, started stopped, run in short steps until it has printed a progress line of <paramref name="command"/>
    /// and <paramref name="halfWay"/> holds; then, while it stands still, sends it SIGINT, lets it go on and waits for its end.
    /// </summary>
    public async Task StopHalfWayAsync(string command, Func<bool> halfWay)
    {
        await Eventually.UntilAsync(
            $"the {command} to print progress and get half-way",
            async () =>
            {
                await StepAsync();
                if (HasExited)
                {
                    Assert.Fail($"the {command} ended before it could be stopped: {this}");
                }

                return StderrLines.Any(l => l.StartsWith(command + ": ", StringComparison.Ordinal)) && halfWay();
            },
            deadline: TimeSpan.FromMinutes(3),
            interval: TimeSpan.Zero,
            state: ToString);

        await SignalAsync("INT");
        await SignalAsync("CONT");
        await WaitForExitAsync();
    }

    /// <summary>Lets the stopped process run for a moment, then stops it again (SIGSTOP and SIGCONT have no managed API).</summary>
    public Task StepAsync() => ShellAsync($"kill -CONT {Pid}; sleep 0.05; kill -STOP {Pid}");

    /// <summary>Sends <paramref name="signal"/> (<c>INT</c>, <c>TERM</c>, <c>CONT</c>) to the process.</summary>
    public Task SignalAsync(string signal) => ShellAsync($"kill -{signal} {Pid}");

    public override string ToString() => $"exit {(_process.HasExited ? _process.ExitCode.ToString(CultureInfo.InvariantCulture) : "(running)")}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private string Pid => _process.Id.ToString(CultureInfo.InvariantCulture);

    private static void Append(StringBuilder into, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (into)
        {
            into.Append(line).Append('\n');
        }
    }

    private static async Task ShellAsync(string command)
    {
        using var shell = Process.Start("sh", ["-c", command]);
        await shell.WaitForExitAsync();
    }
}
