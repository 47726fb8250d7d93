using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Haven.Accounts;
using Haven.Crypto;
using Haven.Instance;
using Haven.Load;
using Haven.Storage;
using Microsoft.Data.Sqlite;

namespace Haven.Benchmarks;

/// <summary>
/// The signed evidence bundle at size (issue 16, point 5): a person sends <c>files</c> files of <c>fileMiB</c> MiB
/// (8 × 512 MiB = 4 GiB by default) with one request through the real intake, to the shipped server (Release) run
/// as its own process; the administrator then downloads the case's signed bundle (encrypted to a passphrase) from
/// the desk's export form, saving it to disk as a browser would, while the server's VmRSS is sampled every 50 ms
/// from <c>/proc/&lt;pid&gt;/status</c> (and VmHWM read at the end). The baseline, in the same run and measured
/// before the server has built any bundle, is a plain desk download of the same files one after another, also saved
/// to disk. Then <c>haven evidence verify</c> (Release)
/// checks the saved bundle under GNU time, for its wall time and peak RSS. Targets: server RSS under 200 MB while it
/// builds the bundle, and the bundle verifies.
/// </summary>
internal static partial class EvidenceBundleBenchmark
{
    private const long MiB = 1024L * 1024;
    private const long GiB = 1024 * MiB;
    private const int IoBuffer = 256 * 1024;
    private const double TargetRssMb = 200;
    private const string ExportPassphrase = "benchmark export passphrase";

    public static async Task<int> RunAsync(int fileCount, int fileMiB, int runs)
    {
        if (fileCount is < 1 or > 10 || fileMiB < 1 || runs < 1)
        {
            await Console.Error.WriteLineAsync("files must be 1 to 10 (one request), fileMiB and runs positive");
            return 2;
        }

        var fileBytes = fileMiB * MiB;
        var total = fileCount * fileBytes;
        var path = Path.Combine(Path.GetTempPath(), "haven-bench-evidence-" + RandomId.New());
        Directory.CreateDirectory(path);
        var free = new DriveInfo(path).AvailableFreeSpace;
        var needed = (fileCount * FileCipher.CiphertextLength(fileBytes)) + total + fileBytes + GiB;
        Console.WriteLine($"evidence-bundle: {fileCount} × {fileMiB} MiB = {Gb(total)} in one case over loopback, {runs} run(s); {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}");
        Console.WriteLine($"free disk at {Path.GetTempPath()}: {free / (double)GiB:F1} GiB (needs {needed / (double)GiB:F1} GiB: the blobs, the saved bundle and one saved file)");
        if (free < needed)
        {
            Directory.Delete(path, recursive: true);
            await Console.Error.WriteLineAsync("not enough free disk");
            return 1;
        }

        var cli = Path.Combine(ServerProcess.RepositoryRoot(), "src", "Haven.Cli", "bin", "Release", "net10.0", "haven.dll");
        if (!File.Exists(cli))
        {
            Directory.Delete(path, recursive: true);
            await Console.Error.WriteLineAsync($"{cli} is missing: build src/Haven.Cli in Release first.");
            return 1;
        }

        ServerProcess? server = null;
        try
        {
            Console.WriteLine($"load average at start: {ServerProcess.LoadAverage()}");
            var data = new DataDirectory(Path.Combine(path, "data"));
            Directory.CreateDirectory(data.Path);
            using (await InitInstanceCommand.ExecuteAsync(data, CancellationToken.None))
            {
            }

            var (admin, totp) = NewResponder.Create("Admin", FilesBenchmark.Passphrase, ResponderRole.Admin, DateOnly.FromDateTime(DateTime.UtcNow));
            await using (var db = StorageServiceCollectionExtensions.CreateContext(data))
            {
                await AddResponderCommand.ExecuteAsync(db, admin, CancellationToken.None);
            }

            SqliteConnection.ClearAllPools();
            server = await ServerProcess.StartAsync("Release", data.Path, ["--Haven:Files:MaxFileBytes=" + (fileBytes + (64 * MiB)).ToString(CultureInfo.InvariantCulture)], environment: ServerProcess.ExperimentEnvironment());
            var idle = server.StatusKb("VmRSS");
            Console.WriteLine($"server pid {server.Id}, idle RSS {Mb(idle):F0} MB");
            var known = new HashSet<string>(StringComparer.Ordinal);
            var saved = Path.Combine(path, "download.bin");
            var bundle = Path.Combine(path, "bundle.gpg");
            var passphraseFile = Path.Combine(path, "passphrase.txt");
            await File.WriteAllTextAsync(passphraseFile, ExportPassphrase);

            using var sampler = new FilesBenchmark.RssSampler(server.Id);
            using var desk = await FilesBenchmark.LoginAsync(server.BaseAddress, totp);

            // The small warm-up case and the 4 GiB case are sent first; then plain downloads only, warmed up and
            // measured while the server has never built a bundle (so the baseline carries none of its code), then the
            // bundles, warmed up and measured, each checked by the CLI.
            var upload = Stopwatch.StartNew();
            await SendRequestAsync(server.BaseAddress, 1, 8 * MiB, 100);
            var (warmCase, warmFiles) = NewFiles(data, known);
            upload.Restart();
            await SendRequestAsync(server.BaseAddress, fileCount, fileBytes, 1);
            var (caseId, files) = NewFiles(data, known);
            Console.WriteLine($"sent {fileCount} × {fileMiB} MiB with one request in {upload.Elapsed.TotalSeconds:F1} s ({total / upload.Elapsed.TotalSeconds / 1e6:F0} MB/s); case {caseId[..8]}");

            for (var i = 0; i < 12; i++)
            {
                _ = await PlainAsync(desk, warmCase, warmFiles, saved);
            }

            await Task.Delay(TimeSpan.FromSeconds(3));
            Console.WriteLine($"plain warm-up done (12 × 8 MiB); server RSS {Mb(server.StatusKb("VmRSS")):F0} MB");
            SaveMaps(server.Id, "plain");
            var plainRows = new List<Measure>();
            var bundleRows = new List<Measure>();
            var verifyRows = new List<Measure>();
            for (var run = 1; run <= runs; run++)
            {
                sampler.Start();
                var (plainSeconds, plainBytes) = await PlainAsync(desk, caseId, files, saved);
                var plainPeak = sampler.Stop();
                if (plainBytes != total)
                {
                    throw new InvalidOperationException($"plain downloads gave {plainBytes} bytes, expected {total}");
                }

                plainRows.Add(new Measure(total, plainSeconds, plainPeak.Max, plainPeak.Hwm, plainPeak.CpuSeconds) { AnonKb = plainPeak.MaxAnon });
                Console.WriteLine($"  plain run {run}: {total / plainSeconds / 1e6:F0} MB/s, peak RSS {Mb(plainPeak.Max):F0} MB, VmHWM {Mb(plainPeak.Hwm):F0} MB, RssAnon {Mb(plainPeak.MaxAnon):F0} MB; load average {ServerProcess.LoadAverage()}");
            }

            // The first bundle of the process compiles BouncyCastle's code: its peak is reported on its own.
            sampler.Start();
            _ = await BundleAsync(desk, warmCase, warmFiles, bundle);
            var first = sampler.Stop();
            Console.WriteLine($"first bundle of the process (the 8 MiB case): peak RSS {Mb(first.Max):F0} MB, VmHWM {Mb(first.Hwm):F0} MB, RssAnon {Mb(first.MaxAnon):F0} MB; server RSS after it {Mb(server.StatusKb("VmRSS")):F0} MB");
            for (var i = 1; i < 6; i++)
            {
                _ = await BundleAsync(desk, warmCase, warmFiles, bundle);
            }

            await Task.Delay(TimeSpan.FromSeconds(3));
            Console.WriteLine($"bundle warm-up done (6 × the 8 MiB case); server RSS {Mb(server.StatusKb("VmRSS")):F0} MB");
            SaveMaps(server.Id, "bundle");
            for (var run = 1; run <= runs; run++)
            {
                sampler.Start();
                var (bundleSeconds, bundleBytes) = await BundleAsync(desk, caseId, files, bundle);
                var bundlePeak = sampler.Stop();
                bundleRows.Add(new Measure(total, bundleSeconds, bundlePeak.Max, bundlePeak.Hwm, bundlePeak.CpuSeconds) { Bytes = bundleBytes, AnonKb = bundlePeak.MaxAnon });

                var verify = await VerifyAsync(cli, bundle, passphraseFile);
                verifyRows.Add(verify with { Length = total });
                Console.WriteLine($"  bundle run {run}: {total / bundleSeconds / 1e6:F0} MB/s, {bundleBytes} bytes, peak RSS {Mb(bundlePeak.Max):F0} MB, VmHWM {Mb(bundlePeak.Hwm):F0} MB, RssAnon {Mb(bundlePeak.MaxAnon):F0} MB; verify {verify.Seconds:F1} s, exit {verify.ExitCode}, peak RSS {Mb(verify.PeakKb):F0} MB; load average {ServerProcess.LoadAverage()}");
            }

            var hwm = server.StatusKb("VmHWM");
            Console.WriteLine($"load average at the end: {ServerProcess.LoadAverage()}");
            Report(fileCount, fileMiB, plainRows, bundleRows, verifyRows, idle, hwm);
            return verifyRows.All(v => v.ExitCode == 0) ? 0 : 1;
        }
        catch
        {
            if (server is not null)
            {
                await Console.Error.WriteLineAsync("server: " + server.RecentOutput);
            }

            throw;
        }
        finally
        {
            if (server is not null)
            {
                server.KillHard();
                server.Dispose();
            }

            SqliteConnection.ClearAllPools();
            Directory.Delete(path, recursive: true);
        }
    }

    /// <summary>
    /// With <c>HAVEN_BENCH_MAPS</c> set to a folder: the server's <c>/proc/&lt;pid&gt;/smaps</c> copied there as
    /// <c>&lt;stage&gt;.smaps</c>, to see which mappings (code, heap) a stage added.
    /// </summary>
    private static void SaveMaps(int pid, string stage)
    {
        if (Environment.GetEnvironmentVariable("HAVEN_BENCH_MAPS") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, stage + ".smaps"), File.ReadAllText($"/proc/{pid}/smaps"));
        }
    }

    private static void Report(int fileCount, int fileMiB, List<Measure> plain, List<Measure> bundle, List<Measure> verify, long idleKb, long hwmKb)
    {
        Console.WriteLine();
        Console.WriteLine($"| {fileCount} × {fileMiB} MiB, {plain.Count} run(s) | throughput min / median / max | wall time median | CPU median | peak RSS (50 ms samples), highest | VmHWM, highest | peak RssAnon, highest |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        Row("plain desk download, file by file (server)", plain);
        Row("signed bundle download (server)", bundle);
        Row("`haven evidence verify` (CLI, GNU time)", verify);
        Console.WriteLine();
        Console.WriteLine($"server idle RSS {Mb(idleKb):F0} MB, VmHWM at the end {Mb(hwmKb):F0} MB; bundle {bundle[^1].Bytes} bytes for {bundle[0].Length} bytes of files (1 MB = 10^6 bytes)");
        var peak = bundle.Max(r => Math.Max(r.PeakKb, r.HwmKb));
        Console.WriteLine($"target server RSS < {TargetRssMb:F0} MB while building the bundle: {(Mb(peak) < TargetRssMb ? "met" : "MISSED")} (highest {Mb(peak):F0} MB)");
        Console.WriteLine($"every bundle verifies: {(verify.All(v => v.ExitCode == 0) ? "met" : "MISSED")}");
    }

    private static void Row(string label, List<Measure> rows)
    {
        var speeds = rows.Select(r => r.Throughput).Order().ToList();
        var seconds = rows.Select(r => r.Seconds).Order().ToList();
        var cpu = rows.Select(r => r.CpuSeconds).Order().ToList();
        var hwm = rows.Max(r => r.HwmKb);
        Console.WriteLine($"| {label} | {speeds[0]:F0} / {Median(speeds):F0} / {speeds[^1]:F0} MB/s | {Median(seconds):F1} s | {Median(cpu):F1} s | {Mb(rows.Max(r => r.PeakKb)):F0} MB | {(hwm > 0 ? $"{Mb(hwm):F0} MB" : "n/a")} | {(rows.Max(r => r.AnonKb) is > 0 and var anon ? $"{Mb(anon):F0} MB" : "n/a")} |");
    }

    private static double Median(List<double> sorted) => sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;

    /// <summary>A person asks for help and sends <paramref name="count"/> generated files with one request (seeds from <paramref name="seed"/>).</summary>
    private static async Task SendRequestAsync(Uri baseAddress, int count, long length, ulong seed)
    {
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
        var landing = await http.GetStringAsync("/");
        using (var start = new FormUrlEncodedContent([new("__af", FilesBenchmark.Hidden(landing, "__af"))]))
        {
            using var receipt = await http.PostAsync("/start", start);
            receipt.EnsureSuccessStatusCode();
        }

        var form = await http.GetStringAsync("/request");
        using var content = new MultipartFormDataContent("----haven-bench-" + RandomId.New());
        content.Add(new StringContent(FilesBenchmark.Hidden(form, "__af")), "__af");
        content.Add(new StringContent(FilesBenchmark.Hidden(form, "Input.RecordId")), "Input.RecordId");
        content.Add(new StringContent(FilesBenchmark.Hidden(form, "Input.Ticket")), "Input.Ticket");
        content.Add(new StringContent("now"), "Input.Urgency");
        content.Add(new StringContent("Benchmark: the files of an evidence bundle."), "Input.Text");
        for (var i = 0; i < count; i++)
        {
            content.Add(new FilesBenchmark.GeneratedContent(length, seed + (ulong)i), "files", $"evidence-{i + 1:D2}.bin");
        }

        using var sent = await http.PostAsync("/request", content);
        if (!sent.RequestMessage!.RequestUri!.AbsolutePath.EndsWith("/sent", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The request with files was not accepted: " + sent.StatusCode);
        }
    }

    /// <summary>The desk's plain download of each file, one after another, each saved over <paramref name="saveTo"/>.</summary>
    private static async Task<(double Seconds, long Bytes)> PlainAsync(HttpClient desk, string caseId, IReadOnlyList<string> files, string saveTo)
    {
        var watch = Stopwatch.StartNew();
        long total = 0;
        foreach (var fileId in files)
        {
            using var response = await desk.GetAsync($"/desk/case/{caseId}/file/{fileId}", HttpCompletionOption.ResponseHeadersRead);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException("A plain download failed: " + response.StatusCode);
            }

            total += await SaveAsync(response, saveTo);
        }

        return (watch.Elapsed.TotalSeconds, total);
    }

    /// <summary>The case export form sent with every file ticked and a passphrase; the bundle saved to <paramref name="saveTo"/>. The time runs from the POST to the last byte.</summary>
    private static async Task<(double Seconds, long Bytes)> BundleAsync(HttpClient desk, string caseId, IReadOnlyList<string> files, string saveTo)
    {
        var form = await desk.GetStringAsync($"/desk/case/{caseId}/evidence");
        var fields = new List<KeyValuePair<string, string>> { new("__af", FilesBenchmark.Hidden(form, "__af")) };
        fields.AddRange(files.Select(f => new KeyValuePair<string, string>("Input.Files", f)));
        fields.Add(new("Input.Passphrase", ExportPassphrase));
        fields.Add(new("Input.PassphraseAgain", ExportPassphrase));
        var watch = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/desk/case/{caseId}/evidence") { Content = new FormUrlEncodedContent(fields) };
        using var response = await desk.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != "application/octet-stream")
        {
            throw new InvalidOperationException($"The export failed: {response.StatusCode} {response.Content.Headers.ContentType}");
        }

        var bytes = await SaveAsync(response, saveTo);
        return (watch.Elapsed.TotalSeconds, bytes);
    }

    private static async Task<long> SaveAsync(HttpResponseMessage response, string saveTo)
    {
        await using var body = await response.Content.ReadAsStreamAsync();
        await using var file = new FileStream(saveTo, FileMode.Create, FileAccess.Write, FileShare.None, IoBuffer, FileOptions.Asynchronous);
        var buffer = new byte[IoBuffer];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            await file.WriteAsync(buffer.AsMemory(0, read));
            total += read;
        }

        return total;
    }

    /// <summary><c>haven evidence verify</c> on the saved bundle under GNU time: wall time, peak RSS (maximum resident set size) and exit code.</summary>
    private static async Task<Measure> VerifyAsync(string cli, string bundle, string passphraseFile)
    {
        var start = new ProcessStartInfo("/usr/bin/time") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])["-v", "dotnet", cli, "evidence", "verify", bundle, "--passphrase-file", passphraseFile])
        {
            start.ArgumentList.Add(arg);
        }

        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start haven evidence verify.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        watch.Stop();
        var report = await error;
        var peak = MaxRss().Match(report) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var cpu = CpuLine().Matches(report).Sum(c => double.Parse(c.Groups[1].Value, CultureInfo.InvariantCulture));
        if (process.ExitCode != 0)
        {
            Console.WriteLine("haven evidence verify failed:\n" + await output + "\n" + report);
        }

        return new Measure(0, watch.Elapsed.TotalSeconds, peak, 0, cpu) { ExitCode = process.ExitCode };
    }

    /// <summary>The one case the new file rows belong to, and their ids, read from haven.db with a read-only connection.</summary>
    private static (string CaseId, List<string> FileIds) NewFiles(DataDirectory data, HashSet<string> known)
    {
        using var connection = new SqliteConnection($"Data Source={data.DatabaseFile};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, case_id FROM files ORDER BY id";
        using var reader = command.ExecuteReader();
        var found = new List<(string Id, string CaseId)>();
        while (reader.Read())
        {
            if (known.Add(reader.GetString(0)))
            {
                found.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        var cases = found.Select(f => f.CaseId).Distinct().ToList();
        return cases.Count == 1 ? (cases[0], found.Select(f => f.Id).ToList()) : throw new InvalidOperationException($"expected new files of one case, found {cases.Count} cases");
    }

    private static double Mb(long kb) => kb * 1024 / 1e6;

    private static string Gb(long bytes) => bytes % GiB == 0 ? $"{bytes / GiB} GiB" : $"{bytes / (double)GiB:F2} GiB";

    [GeneratedRegex(@"Maximum resident set size \(kbytes\): (\d+)")]
    private static partial Regex MaxRss();

    [GeneratedRegex(@"(?:User|System) time \(seconds\): ([0-9.]+)")]
    private static partial Regex CpuLine();

    private sealed record Measure(long Length, double Seconds, long PeakKb, long HwmKb, double CpuSeconds)
    {
        public long Bytes { get; init; }

        public int ExitCode { get; init; }

        public long AnonKb { get; init; }

        public double Throughput => Length / Seconds / 1e6;
    }
}
