using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Haven.Load;

/// <summary>
/// Haven.Web run as a process of its own (<c>dotnet src/Haven.Web/bin/&lt;configuration&gt;/net10.0/Haven.Web.dll</c>),
/// so that its memory is its own and it can be killed hard (SIGKILL) in the middle of work, as a power cut or
/// the kernel's OOM killer would. Keeps the last lines of its output for error reports.
/// </summary>
internal sealed class ServerProcess : IDisposable
{
    private readonly Queue<string> _log = new();
    private readonly Process _process;

    private ServerProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the server printed.</summary>
    public string RecentOutput
    {
        get
        {
            lock (_log)
            {
                return string.Join('\n', _log);
            }
        }
    }

    /// <summary>Starts the server on <paramref name="dataPath"/> at a free loopback port and waits until it answers.</summary>
    /// <param name="configuration">Debug (tests) or Release (benchmarks): which build of Haven.Web to run.</param>
    /// <param name="dataPath">The data directory.</param>
    /// <param name="settings">Further command-line settings (<c>--Haven:X=y</c>).</param>
    /// <param name="port">A port to listen on; 0 picks a free one.</param>
    /// <param name="environment">Environment variables for the server only (on top of this process's).</param>
    public static async Task<ServerProcess> StartAsync(string configuration, string dataPath, IEnumerable<string> settings, int port = 0, IReadOnlyDictionary<string, string>? environment = null)
    {
        var dll = Path.Combine(RepositoryRoot(), "src", "Haven.Web", "bin", configuration, "net10.0", "Haven.Web.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is missing: build src/Haven.Web in {configuration} first.");
        }

        var baseAddress = new Uri($"http://127.0.0.1:{(port == 0 ? FreePort() : port)}");
        var server = Launch("dotnet", [dll, .. Arguments(dataPath, baseAddress), .. settings], baseAddress, environment);
        try
        {
            await server.WaitReadyAsync();
        }
        catch
        {
            server.Dispose();
            throw;
        }

        return server;
    }

    /// <summary>
    /// Starts <paramref name="fileName"/> (a published <c>Haven.Web</c> executable, or <c>dotnet</c> with the
    /// assembly first in <paramref name="arguments"/>) and returns at once, without waiting for it to answer:
    /// the package benchmark times that wait itself (<see cref="WaitForAsync"/>).
    /// </summary>
    /// <param name="fileName">The program to run.</param>
    /// <param name="arguments">Its arguments (<see cref="Arguments"/> gives the usual ones).</param>
    /// <param name="baseAddress">Where it will listen, as given in its arguments.</param>
    /// <param name="environment">Variables set for it only (on top of this process's); an empty value removes one.</param>
    public static ServerProcess Launch(string fileName, IEnumerable<string> arguments, Uri baseAddress, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in arguments)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            if (value.Length == 0)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        var server = new ServerProcess(Process.Start(start) ?? throw new InvalidOperationException("Could not start the server."), baseAddress);
        server._process.OutputDataReceived += server.Keep;
        server._process.ErrorDataReceived += server.Keep;
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        return server;
    }

    /// <summary>The arguments every server started here gets: its data directory, its address, warnings only.</summary>
    public static string[] Arguments(string dataPath, Uri baseAddress) =>
        ["--data", dataPath, "--urls", baseAddress.ToString().TrimEnd('/'), "--Logging:LogLevel:Default=Warning"];

    /// <summary>
    /// For experiments: HAVEN_BENCH_SERVER_X=v in the benchmark's environment sets X=v for the server only
    /// (for instance HAVEN_BENCH_SERVER_DOTNET_gcServer=1).
    /// </summary>
    public static Dictionary<string, string> ExperimentEnvironment()
    {
        const string Prefix = "HAVEN_BENCH_SERVER_";
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in Environment.GetEnvironmentVariables().Keys.OfType<string>().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            environment[name[Prefix.Length..]] = Environment.GetEnvironmentVariable(name) ?? "";
            Console.WriteLine($"server environment: {name[Prefix.Length..]}={environment[name[Prefix.Length..]]}");
        }

        return environment;
    }

    /// <summary>SIGKILL: no shutdown, no flushing, no disposal; whatever was not durable is lost.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>A field of this server's <c>/proc/&lt;pid&gt;/status</c> in kB (VmRSS, VmHWM…), or 0 when unreadable.</summary>
    public long StatusKb(string field) => StatusKb(_process.Id, field);

    /// <summary>A field of <c>/proc/&lt;pid&gt;/status</c> in kB, or 0 when unreadable.</summary>
    public static long StatusKb(int pid, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(field + ":", StringComparison.Ordinal))
                {
                    return long.Parse(line.AsSpan(field.Length + 1).Trim().TrimEnd("kB").Trim(), System.Globalization.CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }

        return 0;
    }

    /// <summary>User and system CPU time of a process so far, from <c>/proc/&lt;pid&gt;/stat</c> (clock ticks of 1/100 s); 0 when unreadable.</summary>
    public static double CpuSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture)) / 100.0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>The machine's load averages over 1, 5 and 15 minutes, for the record of a measurement.</summary>
    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    /// <summary>Stops the server gently (SIGTERM) and waits for it.</summary>
    public void Dispose()
    {
        if (!_process.HasExited)
        {
            try
            {
                using var term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                term.WaitForExit();
                if (!_process.WaitForExit(TimeSpan.FromSeconds(20)))
                {
                    _process.Kill(entireProcessTree: true);
                }
            }
            catch (InvalidOperationException)
            {
            }
        }

        _process.WaitForExit();
        _process.Dispose();
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Haven.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Haven.slnx not found above " + AppContext.BaseDirectory);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Waits until <paramref name="path"/> answers with a success status, asking every <paramref name="poll"/>; throws when the server exits or 90 s pass.</summary>
    public async Task WaitForAsync(string path, TimeSpan poll)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with {_process.ExitCode}: {RecentOutput}");
            }

            try
            {
                using var response = await http.GetAsync(path);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (LoadDriver.IsConnectionFailure(e))
            {
            }

            await Task.Delay(poll);
        }

        throw new InvalidOperationException("The server did not answer within 90 s: " + RecentOutput);
    }

    private Task WaitReadyAsync() => WaitForAsync("/health", TimeSpan.FromMilliseconds(100));

    private void Keep(object sender, DataReceivedEventArgs e)
    {
        if (e.Data is null)
        {
            return;
        }

        lock (_log)
        {
            _log.Enqueue(e.Data);
            while (_log.Count > 50)
            {
                _log.Dequeue();
            }
        }
    }
}
