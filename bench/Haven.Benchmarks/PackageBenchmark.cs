using System.Diagnostics;
using System.Globalization;
using Haven.Crypto;
using Haven.Load;

namespace Haven.Benchmarks;

/// <summary>
/// The self-contained build against the framework-dependent one (issue 20): two publish folders, each holding
/// the web host (<c>Haven.Web</c>) and the CLI (<c>haven</c>) as tools/publish.sh makes them. For each, in
/// rounds that alternate which build goes first: <c>haven init</c> on a fresh data folder (the CLI's own cold
/// start with the set-up work), then the web host in its own process from its start to the first 200 of
/// <c>/</c> on that folder (a fresh set-up folder), a few page loads, 10 s idle and its resident memory; then a
/// restart on the same folder, to the first 200 again. Also the folders' sizes and, given .deb files, their
/// sizes and Installed-Size. min / median / max over the rounds and the ratio of medians
/// self-contained / framework-dependent.
/// </summary>
internal static class PackageBenchmark
{
    /// <summary>Pages a visitor loads after the first, GET only: the landing page, safety advice, the way back, the public figures.</summary>
    private static readonly string[] Pages = ["/", "/safety", "/return", "/figures"];

    public static async Task<int> RunAsync(string selfContained, string frameworkDependent, int rounds, IReadOnlyList<string> debs)
    {
        (string Name, string Folder)[] builds = [("self-contained", Path.GetFullPath(selfContained)), ("framework-dependent", Path.GetFullPath(frameworkDependent))];
        foreach (var (name, folder) in builds)
        {
            foreach (var program in (string[])["Haven.Web", "haven"])
            {
                if (!File.Exists(Path.Combine(folder, program)))
                {
                    await Console.Error.WriteLineAsync($"package: {Path.Combine(folder, program)} is missing ({name} publish folder expected).");
                    return 2;
                }
            }
        }

        var root = Path.Combine(Path.GetTempPath(), "haven-bench-package-" + RandomId.New());
        Directory.CreateDirectory(root);
        Console.WriteLine($"package: {rounds} rounds, {Environment.ProcessorCount} cores, load average {ServerProcess.LoadAverage()}");
        var measured = builds.ToDictionary(b => b.Name, _ => new Measures(), StringComparer.Ordinal);
        try
        {
            // One untimed round of each first: both builds' files in the page cache, this process's HTTP client warm.
            foreach (var (name, folder) in builds)
            {
                var warm = await RoundAsync(folder, Path.Combine(root, "warm-" + name), TimeSpan.FromSeconds(1));
                Console.WriteLine($"warm-up, {name}: init {warm.Init:F0} ms, first page {warm.Fresh:F0} ms, after restart {warm.Restart:F0} ms; runtime from {warm.Runtime}");
            }

            for (var round = 1; round <= rounds; round++)
            {
                foreach (var (name, folder) in round % 2 == 1 ? builds : builds.Reverse())
                {
                    var r = await RoundAsync(folder, Path.Combine(root, $"{round}-{name}"), TimeSpan.FromSeconds(10));
                    measured[name].Add(r);
                    Console.WriteLine($"round {round}, {name}: init {r.Init:F0} ms, first page {r.Fresh:F0} ms, after restart {r.Restart:F0} ms, idle RSS {r.RssKb / 1024.0:F1} MiB (anonymous {r.AnonKb / 1024.0:F1}, files {r.FileKb / 1024.0:F1}, shared {r.ShmemKb / 1024.0:F1}); load average {ServerProcess.LoadAverage()}");
                }
            }
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        var sc = measured["self-contained"];
        var fd = measured["framework-dependent"];
        Console.WriteLine();
        Console.WriteLine($"| {rounds} rounds, min / median / max | self-contained | framework-dependent | ratio of medians |");
        Console.WriteLine("|---|---|---|---|");
        Row("`haven init` on a fresh folder, ms", sc.Init, fd.Init, "F0");
        Row("web host start to first 200 of `/`, fresh set-up folder, ms", sc.Fresh, fd.Fresh, "F0");
        Row("web host start to first 200 of `/`, restart, ms", sc.Restart, fd.Restart, "F0");
        Row("idle RSS after start, page loads, 10 s, MiB", sc.Rss, fd.Rss, "F1");
        Row("of which anonymous (RssAnon), MiB", sc.Anon, fd.Anon, "F1");
        Row("of which mapped files (RssFile), MiB", sc.Files, fd.Files, "F1");
        Row("of which shared memory (RssShmem: the runtime's double-mapped code), MiB", sc.Shmem, fd.Shmem, "F1");
        var scSize = FolderBytes(builds[0].Folder);
        var fdSize = FolderBytes(builds[1].Folder);
        Console.WriteLine($"| publish folder, MiB | {Mib(scSize)} | {Mib(fdSize)} | {Ratio(scSize, fdSize)} |");
        var runtime = SharedRuntimeBytes();
        if (runtime > 0)
        {
            Console.WriteLine($"| framework-dependent folder + the shared runtime it needs ({Path.Combine(DotnetRoot(), "shared")}: NETCore.App + AspNetCore.App), MiB | {Mib(scSize)} | {Mib(fdSize + runtime)} | {Ratio(scSize, fdSize + runtime)} |");
        }

        foreach (var deb in debs)
        {
            var installed = DebField(deb, "Installed-Size");
            Console.WriteLine($"| {Path.GetFileName(deb)}: .deb size / Installed-Size | {Mib(new FileInfo(deb).Length)} MiB / {(long.TryParse(installed, CultureInfo.InvariantCulture, out var kib) ? Mib(kib * 1024) + " MiB" : installed)} | | |");
        }

        return 0;

        static void Row(string what, List<double> a, List<double> b, string format) =>
            Console.WriteLine($"| {what} | {Stats(a, format)} | {Stats(b, format)} | {(Median(a) / Median(b)).ToString("F2", CultureInfo.InvariantCulture)}× |");
    }

    /// <summary>One build, one round: init, fresh start with its page loads, idle and memory, restart.</summary>
    private static async Task<Round> RoundAsync(string folder, string data, TimeSpan idle)
    {
        var clock = Stopwatch.StartNew();
        await RunCliAsync(folder, ["init", "--data", data, "--recovery-file", data + ".recovery"]);
        var init = clock.Elapsed.TotalMilliseconds;

        double fresh;
        long rss, anon, file, shmem;
        string runtime;
        using (var server = await StartAsync(folder, data))
        {
            fresh = server.Elapsed;
            using (var http = new HttpClient { BaseAddress = server.Process.BaseAddress })
            {
                for (var i = 0; i < 3; i++)
                {
                    foreach (var page in Pages)
                    {
                        using var response = await http.GetAsync(page);
                        response.EnsureSuccessStatusCode();
                    }
                }
            }

            await Task.Delay(idle);
            rss = server.Process.StatusKb("VmRSS");
            anon = server.Process.StatusKb("RssAnon");
            file = server.Process.StatusKb("RssFile");
            shmem = server.Process.StatusKb("RssShmem");
            runtime = RuntimeFolder(server.Process.Id);
        }

        double restart;
        using (var again = await StartAsync(folder, data))
        {
            restart = again.Elapsed;
        }

        Directory.Delete(data, recursive: true);
        File.Delete(data + ".recovery");
        return new Round(init, fresh, restart, rss, anon, file, shmem, runtime);
    }

    /// <summary>Starts the folder's web host on <paramref name="data"/>; times from just before the process starts to the first 200 of <c>/</c>.</summary>
    private static async Task<Started> StartAsync(string folder, string data)
    {
        var address = new Uri($"http://127.0.0.1:{ServerProcess.FreePort()}");
        var clock = Stopwatch.StartNew();
        var server = ServerProcess.Launch(Path.Combine(folder, "Haven.Web"), ServerProcess.Arguments(data, address), address, ChildEnvironment());
        try
        {
            await server.WaitForAsync("/", TimeSpan.FromMilliseconds(10));
        }
        catch
        {
            server.Dispose();
            throw;
        }

        return new Started(server, clock.Elapsed.TotalMilliseconds);
    }

    private static async Task RunCliAsync(string folder, string[] arguments)
    {
        var start = new ProcessStartInfo(Path.Combine(folder, "haven")) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, _) in ChildEnvironment())
        {
            start.Environment.Remove(name);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start haven.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"haven {arguments[0]} exited with {process.ExitCode}: {await errors}");
        }

        await output;
    }

    /// <summary>
    /// What the servers and the CLI run without: a DOTNET_ROOT from the SDK that runs this benchmark, so that the
    /// framework-dependent build finds its runtime where an installed one would (the default location) and the
    /// self-contained build shows it needs none.
    /// </summary>
    private static Dictionary<string, string> ChildEnvironment() =>
        new(StringComparer.Ordinal) { ["DOTNET_ROOT"] = "", ["DOTNET_HOST_PATH"] = "", ["MSBuildExtensionsPath"] = "", ["MSBuildSDKsPath"] = "" };

    /// <summary>The folder libcoreclr.so was mapped from in a running process: which runtime it uses.</summary>
    private static string RuntimeFolder(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/maps").FirstOrDefault(l => l.EndsWith("/libcoreclr.so", StringComparison.Ordinal));
            return line is null ? "?" : Path.GetDirectoryName(line[line.IndexOf('/', StringComparison.Ordinal)..]) ?? "?";
        }
        catch (IOException)
        {
            return "?";
        }
    }

    private static long FolderBytes(string folder) =>
        new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);

    /// <summary>The sizes of the shared frameworks a framework-dependent Haven needs at this SDK's runtime version, or 0 when not found.</summary>
    private static long SharedRuntimeBytes()
    {
        var version = Environment.Version.ToString();
        long total = 0;
        foreach (var framework in (string[])["Microsoft.NETCore.App", "Microsoft.AspNetCore.App"])
        {
            var folder = Path.Combine(DotnetRoot(), "shared", framework, version);
            if (!Directory.Exists(folder))
            {
                return 0;
            }

            total += FolderBytes(folder);
        }

        return total;
    }

    private static string DotnetRoot() =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location) ?? "/usr/share/dotnet/shared/x/y", "..", "..", ".."));

    private static string DebField(string deb, string field)
    {
        var start = new ProcessStartInfo("dpkg-deb") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in (string[])["-f", deb, field])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dpkg-deb.");
        var value = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return value;
    }

    private static string Mib(long bytes) => (bytes / 1024.0 / 1024.0).ToString("F1", CultureInfo.InvariantCulture);

    private static string Ratio(long a, long b) => ((double)a / b).ToString("F2", CultureInfo.InvariantCulture) + "×";

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Stats(List<double> values, string format) =>
        string.Join(" / ", new[] { values.Min(), Median(values), values.Max() }.Select(v => v.ToString(format, CultureInfo.InvariantCulture)));

    /// <summary>One build's figures of one round: milliseconds, then kB.</summary>
    private sealed record Round(double Init, double Fresh, double Restart, long RssKb, long AnonKb, long FileKb, long ShmemKb, string Runtime);

    /// <summary>One build's figures over the rounds (MiB for memory).</summary>
    private sealed class Measures
    {
        public List<double> Init { get; } = [];

        public List<double> Fresh { get; } = [];

        public List<double> Restart { get; } = [];

        public List<double> Rss { get; } = [];

        public List<double> Anon { get; } = [];

        public List<double> Files { get; } = [];

        public List<double> Shmem { get; } = [];

        public void Add(Round round)
        {
            Init.Add(round.Init);
            Fresh.Add(round.Fresh);
            Restart.Add(round.Restart);
            Rss.Add(round.RssKb / 1024.0);
            Anon.Add(round.AnonKb / 1024.0);
            Files.Add(round.FileKb / 1024.0);
            Shmem.Add(round.ShmemKb / 1024.0);
        }
    }

    /// <summary>A started server and the milliseconds it took to its first page.</summary>
    private sealed record Started(ServerProcess Process, double Elapsed) : IDisposable
    {
        public void Dispose() => Process.Dispose();
    }
}
