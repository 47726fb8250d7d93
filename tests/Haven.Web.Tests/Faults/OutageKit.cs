using System.Diagnostics;
using System.Globalization;
using Haven.Load;
using Haven.Storage;
using Haven.Tests;

namespace Haven.Web.Tests.Faults;

/// <summary>
/// A small tmpfs mounted for one test as a disk that can be filled up and freed again. Mounting needs root
/// on Linux (CI runs as root); <see cref="FullDiskFactAttribute"/> skips the test otherwise.
/// </summary>
internal sealed class SmallDisk : IDisposable
{
    private readonly string _filler;

    public SmallDisk(int mebibytes)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "haven-disk-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
        Run("mount", "-t", "tmpfs", "-o", $"size={mebibytes}m,mode=0755", "tmpfs", Path);
        _filler = System.IO.Path.Combine(Path, "filler");
    }

    public string Path { get; }

    public string this[string relative] => System.IO.Path.Combine(Path, relative);

    /// <summary>Writes a filler file until not even one more byte fits.</summary>
    public void Fill()
    {
        using var file = new FileStream(_filler, FileMode.Append, FileAccess.Write, FileShare.None, bufferSize: 0);
        foreach (var size in (int[])[1 << 20, 64 << 10, 4 << 10, 512, 1])
        {
            var chunk = new byte[size];
            try
            {
                while (true)
                {
                    file.Write(chunk);
                }
            }
            catch (IOException e) when (e.HResult == 28)
            {
                // Full at this size; try smaller pieces.
            }
        }

        if (new DriveInfo(Path).AvailableFreeSpace > 0)
        {
            throw new InvalidOperationException($"{Path} still has {new DriveInfo(Path).AvailableFreeSpace} bytes free.");
        }
    }

    /// <summary>Deletes the filler: the disk has room again.</summary>
    public void Free() => File.Delete(_filler);

    /// <summary>Shortens the filler by <paramref name="bytes"/>: a little room, not much.</summary>
    public void FreeSome(long bytes)
    {
        using var file = new FileStream(_filler, FileMode.Open, FileAccess.Write);
        file.SetLength(Math.Max(0, file.Length - bytes));
    }

    public void Dispose()
    {
        // A server that failed to stop may still hold files: a lazy unmount still frees the mount point.
        if (!TryRun("umount", Path))
        {
            TryRun("umount", "-l", Path);
        }

        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public static bool CanMount => OperatingSystem.IsLinux() && Environment.UserName == "root";

    private static void Run(string command, params string[] args)
    {
        if (!TryRun(command, args))
        {
            throw new InvalidOperationException($"{command} {string.Join(' ', args)} failed.");
        }
    }

    private static bool TryRun(string command, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(command, args) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        process.WaitForExit();
        return process.ExitCode == 0;
    }
}

/// <summary>A test that mounts a small tmpfs (<see cref="SmallDisk"/>): skipped, with the reason, when not root on Linux.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class FullDiskFactAttribute : FactAttribute
{
    public FullDiskFactAttribute(bool sqliteOnly = false)
    {
        if (!SmallDisk.CanMount)
        {
            Skip = "Mounting a small tmpfs to fill needs root on Linux (CI runs as root).";
        }
        else if (sqliteOnly && Haven.Tests.TestDatabases.Postgres)
        {
            Skip = "Fills the disk under the SQLite database; in the PostgreSQL run the database is on another disk.";
        }
    }
}

/// <summary>
/// A PostgreSQL cluster of the test class's own, on a free port with password authentication, which the
/// tests may stop (<c>pg_ctl stop -m immediate</c>, as a crash would) and start again; never the shared one.
/// Started once per test class (a class fixture), like test.sh's start_postgres: initdb through
/// <c>runuser -u postgres</c> when root, fsync off.
/// </summary>
public sealed class ThrowawayCluster : IDisposable
{
    public const string Password = "haven-outage-test";

    private readonly string _bin;
    private readonly string _root;

    public ThrowawayCluster()
    {
        // Without binaries the tests that need the cluster are skipped (ClusterFact); the others still run.
        _bin = Bin ?? "";
        _root = "";
        if (Bin is null)
        {
            return;
        }

        _root = Path.Combine(Path.GetTempPath(), "haven-pg-outage-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_root);
        if (Environment.UserName == "root")
        {
            Exec("chown", "postgres:", _root);
        }

        Port = ServerProcess.FreePort();
        var passwordFile = Path.Combine(_root, "pw");
        File.WriteAllText(passwordFile, Password + "\n");
        if (Environment.UserName == "root")
        {
            Exec("chown", "postgres:", passwordFile);
        }

        AsPostgres(Path.Combine(_bin, "initdb"), "-D", DataFolder, "-U", "postgres", "--auth=scram-sha-256", "--pwfile=" + passwordFile, "-E", "UTF8", "--no-locale", "--no-sync");
        Start();
    }

    /// <summary>The newest installed PostgreSQL's bin folder, or null.</summary>
    public static string? Bin => Directory.Exists("/usr/lib/postgresql")
        ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb")))
            .OrderBy(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0).LastOrDefault()
        : null;

    public int Port { get; }

    private string DataFolder => Path.Combine(_root, "data");

    /// <summary>A connection string for a database of this cluster (created by Haven's migrations on first use).</summary>
    public string ConnectionString(string database, string password = Password, string? extra = null) =>
        $"Host=127.0.0.1;Port={Port.ToString(CultureInfo.InvariantCulture)};Username=postgres;Password={password};Database={database}{(extra is null ? "" : ";" + extra)}";

    internal DatabaseSettings Database(string database) => new(DatabaseProvider.Postgres, ConnectionString(database));

    public void Start() => AsPostgres(
        Path.Combine(_bin, "pg_ctl"), "-D", DataFolder, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "60",
        "-o", $"-c listen_addresses=127.0.0.1 -c port={Port} -c unix_socket_directories={_root} -c fsync=off -c full_page_writes=off -c ssl=off",
        "start");

    /// <summary>Stops the server at once, without a checkpoint, as a crash or a pulled cable would look to Haven.</summary>
    public void Stop() => AsPostgres(Path.Combine(_bin, "pg_ctl"), "-D", DataFolder, "-m", "immediate", "-w", "stop");

    public void Dispose()
    {
        if (_root.Length == 0)
        {
            return;
        }

        try
        {
            Stop();
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static void AsPostgres(string command, params string[] args)
    {
        if (Environment.UserName == "root")
        {
            Exec("runuser", ["-u", "postgres", "--", command, .. args]);
        }
        else
        {
            Exec(command, args);
        }
    }

    private static void Exec(string command, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(command, args) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{command} {string.Join(' ', args)} exited {process.ExitCode}: {error} {output.Result}");
        }
    }
}

/// <summary>A test that needs PostgreSQL's binaries to run a cluster of its own: skipped when they are not installed.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ClusterFactAttribute : FactAttribute
{
    public ClusterFactAttribute()
    {
        if (ThrowawayCluster.Bin is null)
        {
            Skip = "No PostgreSQL binaries in /usr/lib/postgresql/*/bin to run a cluster of the test's own.";
        }
    }
}

/// <summary>
/// The built web host (<c>src/Haven.Web/bin/Debug/net10.0/Haven.Web.dll</c>) run as a process of its own, to see
/// what an operator sees: its exit code and its standard error, line by line.
/// </summary>
internal sealed class WebHostProcess : IDisposable
{
    /// <summary>How long a wait for the host may take: longer than the two minutes it waits for its database.</summary>
    public static readonly TimeSpan WaitDeadline = TimeSpan.FromMinutes(3);

    private readonly Process _process;
    private readonly List<string> _stderr = [];
    private readonly List<string> _stdout = [];
    private bool _disposed;

    private WebHostProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public IReadOnlyList<string> StderrLines
    {
        get
        {
            lock (_stderr)
            {
                return [.. _stderr];
            }
        }
    }

    public string Output
    {
        get
        {
            lock (_stderr)
            {
                return "--- stderr ---\n" + string.Join('\n', _stderr) + "\n--- stdout ---\n" + string.Join('\n', _stdout);
            }
        }
    }

    public static WebHostProcess Start(string dataPath, params string[] settings)
    {
        var dll = Path.Combine(ServerProcess.RepositoryRoot(), "src", "Haven.Web", "bin", "Debug", "net10.0", "Haven.Web.dll");
        var baseAddress = new Uri($"http://127.0.0.1:{ServerProcess.FreePort()}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])[dll, "--data", dataPath, "--urls", baseAddress.ToString().TrimEnd('/'), .. settings])
        {
            start.ArgumentList.Add(arg);
        }

        var host = new WebHostProcess(Process.Start(start)!, baseAddress);
        host._process.ErrorDataReceived += (_, e) => host.Keep(host._stderr, e.Data);
        host._process.OutputDataReceived += (_, e) => host.Keep(host._stdout, e.Data);
        host._process.BeginErrorReadLine();
        host._process.BeginOutputReadLine();
        return host;
    }

    /// <summary>Waits for the process to exit (at most a few minutes) and returns its exit code.</summary>
    public async Task<int> ExitCodeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await _process.WaitForExitAsync(timeout.Token);
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>
    /// Waits (at most <see cref="WaitDeadline"/>) until standard error has a line containing
    /// <paramref name="text"/>; false if the process exits first without writing it.
    /// </summary>
    public async Task<bool> WaitForStderrAsync(string text)
    {
        bool Written() => StderrLines.Any(l => l.Contains(text, StringComparison.Ordinal));
        await Eventually.UntilAsync($"\"{text}\" on the host's standard error", () => Written() || _process.HasExited, WaitDeadline, state: () => Output);
        if (!Written())
        {
            // It exited: its last lines are read once its output has reached its end.
            await _process.WaitForExitAsync();
        }

        return Written();
    }

    /// <summary>Waits (at most <see cref="WaitDeadline"/>) until the host answers /health; false if it exits first.</summary>
    public async Task<bool> WaitReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var ready = false;
        await Eventually.UntilAsync(
            "the host to answer /health",
            async () =>
            {
                try
                {
                    using var response = await http.GetAsync("/health");
                    ready = response.IsSuccessStatusCode;
                }
                catch (Exception e) when (LoadDriver.IsConnectionFailure(e))
                {
                }

                return ready || _process.HasExited;
            },
            WaitDeadline,
            TimeSpan.FromMilliseconds(100),
            () => Output);
        return ready;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.WaitForExit();
        _process.Dispose();
    }

    private void Keep(List<string> lines, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_stderr)
        {
            lines.Add(line);
        }
    }
}
