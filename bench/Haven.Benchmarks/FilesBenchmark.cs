using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Haven.Accounts;
using Haven.Crypto;
using Haven.Instance;
using Haven.Load;
using Haven.Storage;
using Microsoft.Data.Sqlite;

namespace Haven.Benchmarks;

/// <summary>
/// Measures large files end to end, because constant-memory streaming is a promise of the design: the raw
/// secretstream throughput of this machine (encrypting into <see cref="Stream.Null"/>, decrypting from a blob
/// in memory), then the real server run as a separate process (so that its memory is its own) and driven
/// over loopback HTTP: a person uploads a generated file with their request, the administrator downloads
/// it from the desk, and the SHA-256 computed while sending must equal the one computed while receiving.
/// The server's resident memory is sampled every 50 ms from <c>/proc/&lt;pid&gt;/status</c> during each
/// transfer. Targets: upload and download at least half the raw secretstream speed, peak RSS under 200 MB.
/// </summary>
internal static class FilesBenchmark
{
    internal const string Passphrase = "benchmark passphrase, long enough";
    private const long GiB = 1024L * 1024 * 1024;
    private const int IoBuffer = 256 * 1024;
    private const double TargetRssMb = 200;

    public static async Task<int> RunAsync(double sizeGiB, double bigGiB)
    {
        var size = (long)(sizeGiB * GiB);
        var big = (long)(bigGiB * GiB);
        if (size <= 0 || big <= 0)
        {
            await Console.Error.WriteLineAsync("sizes must be positive");
            return 2;
        }

        var path = Path.Combine(Path.GetTempPath(), "haven-bench-files-" + RandomId.New());
        Directory.CreateDirectory(path);
        var free = new DriveInfo(path).AvailableFreeSpace;
        var needed = FileCipher.CiphertextLength(size) + FileCipher.CiphertextLength(big) + GiB;
        Console.WriteLine($"files: {Gb(size)} and {Gb(big)} over loopback; {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}");
        Console.WriteLine($"free disk at {Path.GetTempPath()}: {free / (double)GiB:F1} GiB (needs {needed / (double)GiB:F1} GiB)");
        if (free < needed)
        {
            Directory.Delete(path, recursive: true);
            await Console.Error.WriteLineAsync("not enough free disk for the blobs");
            return 1;
        }

        ServerProcess? server = null;
        try
        {
            // 1. Raw secretstream on this machine, in this process.
            Console.WriteLine($"load average at start: {ServerProcess.LoadAverage()}");
            var rawEncrypt = RawEncrypt(size);
            var rawDecrypt = await RawDecryptAsync(size);
            Console.WriteLine($"raw FileEncryptor (secretstream + SHA-256) into Stream.Null: {rawEncrypt:F0} MB/s");
            Console.WriteLine($"raw FileDecryptingStream from a blob in memory:             {rawDecrypt:F0} MB/s");

            // 2. An instance with an administrator, then the real server as its own process.
            var data = new DataDirectory(path);
            using (await InitInstanceCommand.ExecuteAsync(data, CancellationToken.None))
            {
            }

            var (admin, totp) = NewResponder.Create("Admin", Passphrase, ResponderRole.Admin, DateOnly.FromDateTime(DateTime.UtcNow));
            await using (var db = StorageServiceCollectionExtensions.CreateContext(data))
            {
                await AddResponderCommand.ExecuteAsync(db, admin, CancellationToken.None);
            }

            SqliteConnection.ClearAllPools();
            var maxFile = Math.Max(size, big) + (64L * 1024 * 1024);
            server = await ServerProcess.StartAsync("Release", path, ["--Haven:Files:MaxFileBytes=" + maxFile.ToString(CultureInfo.InvariantCulture)], environment: ServerProcess.ExperimentEnvironment());
            var baseAddress = server.BaseAddress;
            var idle = server.StatusKb("VmRSS");
            Console.WriteLine($"server pid {server.Id} (Haven.Web's runtime settings: workstation GC, no dynamic PGO, unless overridden above), idle RSS {Mb(idle):F0} MB");

            using var sampler = new RssSampler(server.Id);
            using var adminClient = await LoginAsync(baseAddress, totp);
            var known = new HashSet<string>(StringComparer.Ordinal);

            // Warm-up, untimed: a fresh server JITs the whole path on first use, and tiered compilation then
            // recompiles every method called 30 times (twice, with dynamic PGO) on a background thread; without
            // enough rounds, thousands of those recompilations would land in the measured transfers.
            const int WarmUpRounds = 12;
            for (var i = 0; i < WarmUpRounds; i++)
            {
                const long WarmUp = 8L * 1024 * 1024;
                var (_, warmSent) = await UploadAsync(baseAddress, WarmUp, 100UL + (ulong)i, sampler);
                _ = sampler.Stop();
                var (warmCase, warmFile, _) = NewFile(data, known);
                var (_, warmReceived, _) = await DownloadAsync(adminClient, warmCase, warmFile, hash: true);
                if (!warmSent.AsSpan().SequenceEqual(warmReceived))
                {
                    throw new InvalidOperationException("The warm-up file did not come back intact.");
                }
            }

            await Task.Delay(TimeSpan.FromSeconds(3)); // lets the tiered compilation queue drain
            Console.WriteLine($"warm-up done ({WarmUpRounds} × 8 MiB up and down); server RSS {Mb(server.StatusKb("VmRSS")):F0} MB");
            var rows = new List<Row>();
            foreach (var (label, length, seed) in new[] { ("upload", size, 1UL), ("upload", big, 2UL) })
            {
                var (upSeconds, sent) = await UploadAsync(baseAddress, length, seed, sampler);
                var upPeak = sampler.Stop();
                rows.Add(new Row($"{label} {Gb(length)}", length, upSeconds, upPeak.Max, upPeak.Hwm, upPeak.CpuSeconds, upPeak.MaxAnon));

                var (caseId, fileId, blobLength) = NewFile(data, known);
                if (blobLength != FileCipher.CiphertextLength(length))
                {
                    throw new InvalidOperationException($"blob is {blobLength} bytes, expected {FileCipher.CiphertextLength(length)}");
                }

                // The timed download only counts what arrives, as a browser saving a file does not hash it (and on
                // two shared cores the client's hashing would be taken from the server); a second, untimed download
                // then hashes the file to check that it came back intact.
                sampler.Start();
                var (downSeconds, _, timedLength) = await DownloadAsync(adminClient, caseId, fileId, hash: false);
                var downPeak = sampler.Stop();
                var (_, received, receivedLength) = await DownloadAsync(adminClient, caseId, fileId, hash: true);
                receivedLength = timedLength == receivedLength ? receivedLength : -1;
                var same = receivedLength == length && CryptographicOperations.FixedTimeEquals(sent, received);
                rows.Add(new Row($"download {Gb(length)}", length, downSeconds, downPeak.Max, downPeak.Hwm, downPeak.CpuSeconds, downPeak.MaxAnon) { HashOk = same });
                Console.WriteLine($"  {Gb(length)}: up {length / upSeconds / 1e6:F0} MB/s, down {length / downSeconds / 1e6:F0} MB/s, SHA-256 {(same ? "matches" : "DIFFERS")} ({Convert.ToHexStringLower(sent)[..16]}…); peak RssAnon up {Mb(upPeak.MaxAnon):F0} MB, down {Mb(downPeak.MaxAnon):F0} MB");
            }

            var hwm = server.StatusKb("VmHWM");

            // Raw again: other load on the machine varies, so the target is the higher of the two measurements.
            var rawEncryptAfter = RawEncrypt(size);
            var rawDecryptAfter = await RawDecryptAsync(size);
            Console.WriteLine($"raw again after the transfers: encrypt {rawEncryptAfter:F0} MB/s, decrypt {rawDecryptAfter:F0} MB/s; load average at the end: {ServerProcess.LoadAverage()}");
            Report(rows, Math.Max(rawEncrypt, rawEncryptAfter), Math.Max(rawDecrypt, rawDecryptAfter), idle, hwm);
            return rows.All(r => r.HashOk != false) ? 0 : 1;
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

    private static void Report(List<Row> rows, double rawEncrypt, double rawDecrypt, long idleKb, long hwmKb)
    {
        Console.WriteLine();
        Console.WriteLine("| transfer | wall time | throughput | of raw secretstream | server CPU | server peak RSS (50 ms samples) | server VmHWM during it | SHA-256 |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---|");
        foreach (var row in rows)
        {
            var raw = row.Label.StartsWith("upload", StringComparison.Ordinal) ? rawEncrypt : rawDecrypt;
            Console.WriteLine($"| {row.Label} | {row.Seconds:F1} s | {row.Throughput:F0} MB/s | {row.Throughput / raw * 100:F0}% | {row.CpuSeconds:F1} s | {Mb(row.PeakKb):F0} MB | {(row.HwmKb > 0 ? $"{Mb(row.HwmKb):F0} MB" : "n/a")} | {(row.HashOk switch { true => "matches", false => "DIFFERS", null => "sent" })} |");
        }

        Console.WriteLine();
        Console.WriteLine($"raw (higher of before/after): encrypt {rawEncrypt:F0} MB/s, decrypt {rawDecrypt:F0} MB/s; server idle RSS {Mb(idleKb):F0} MB, VmHWM at the end {Mb(hwmKb):F0} MB (1 MB = 10^6 bytes)");
        var uploads = rows.Where(r => r.Label.StartsWith("upload", StringComparison.Ordinal)).ToList();
        var downloads = rows.Where(r => r.Label.StartsWith("download", StringComparison.Ordinal)).ToList();
        var peak = rows.Max(r => Math.Max(r.PeakKb, r.HwmKb));
        Console.WriteLine($"target upload >= half raw encrypt ({rawEncrypt / 2:F0} MB/s): {Verdict(uploads.All(r => r.Throughput >= rawEncrypt / 2))} (slowest {uploads.Min(r => r.Throughput):F0} MB/s)");
        Console.WriteLine($"target download >= half raw decrypt ({rawDecrypt / 2:F0} MB/s): {Verdict(downloads.All(r => r.Throughput >= rawDecrypt / 2))} (slowest {downloads.Min(r => r.Throughput):F0} MB/s)");
        Console.WriteLine($"target peak RSS < {TargetRssMb:F0} MB: {Verdict(Mb(peak) < TargetRssMb && Mb(hwmKb) < TargetRssMb)} (highest {Mb(Math.Max(peak, hwmKb)):F0} MB)");
        Console.WriteLine($"files decrypt to what was sent: {Verdict(downloads.All(r => r.HashOk == true))}");
    }

    private static string Verdict(bool met) => met ? "met" : "MISSED";

    private static double RawEncrypt(long length)
    {
        var buffer = new byte[IoBuffer];
        new Generator(7).Fill(buffer);
        var key = FileCipher.NewKey();
        var id = RandomId.New();

        // Warm-up (JIT, libsodium's CPU dispatch), then the timed run over the same amount of data.
        using (var warm = new FileEncryptor(Stream.Null, key, id))
        {
            warm.WriteAsync(buffer, CancellationToken.None).AsTask().GetAwaiter().GetResult();
            _ = warm.CompleteAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }

        var watch = Stopwatch.StartNew();
        using var encryptor = new FileEncryptor(Stream.Null, key, id);
        for (var done = 0L; done < length; done += IoBuffer)
        {
            var take = (int)Math.Min(IoBuffer, length - done);
            encryptor.WriteAsync(buffer.AsMemory(0, take), CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }

        _ = encryptor.CompleteAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
        return length / watch.Elapsed.TotalSeconds / 1e6;
    }

    /// <summary>Decrypts a 256 MiB blob (or the whole size, if smaller) from memory as many times as needed to read <paramref name="length"/> bytes.</summary>
    private static async Task<double> RawDecryptAsync(long length)
    {
        var blobPlain = Math.Min(length, 256L * 1024 * 1024);
        var key = FileCipher.NewKey();
        var id = RandomId.New();
        var blob = new MemoryStream((int)FileCipher.CiphertextLength(blobPlain));
        var buffer = new byte[IoBuffer];
        var generator = new Generator(11);
        using (var encryptor = new FileEncryptor(blob, key, id))
        {
            for (var done = 0L; done < blobPlain; done += IoBuffer)
            {
                var take = (int)Math.Min(IoBuffer, blobPlain - done);
                generator.Fill(buffer.AsSpan(0, take));
                await encryptor.WriteAsync(buffer.AsMemory(0, take), CancellationToken.None);
            }

            await encryptor.CompleteAsync(CancellationToken.None);
        }

        async Task<long> DecryptOnceAsync()
        {
            blob.Position = 0;
            await using var plain = new FileDecryptingStream(blob, key, id, leaveOpen: true);
            long total = 0;
            int read;
            while ((read = await plain.ReadAsync(buffer)) > 0)
            {
                total += read;
            }

            return total;
        }

        await DecryptOnceAsync(); // warm-up
        var watch = Stopwatch.StartNew();
        long decrypted = 0;
        while (decrypted < length)
        {
            decrypted += await DecryptOnceAsync();
        }

        return decrypted / watch.Elapsed.TotalSeconds / 1e6;
    }

    /// <summary>
    /// A person asks for help and sends one generated file with the request; returns the POST's wall time and
    /// the file's SHA-256. The sampler starts just before the POST, after the receipt (whose Argon2id takes
    /// its own memory for a moment, unrelated to files).
    /// </summary>
    private static async Task<(double Seconds, byte[] Sha256)> UploadAsync(Uri baseAddress, long length, ulong seed, RssSampler sampler)
    {
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
        var landing = await http.GetStringAsync("/");
        using (var start = new FormUrlEncodedContent([new("__af", Hidden(landing, "__af"))]))
        {
            using var receipt = await http.PostAsync("/start", start);
            receipt.EnsureSuccessStatusCode();
        }

        var form = await http.GetStringAsync("/request");

        // The file's hash is worked out before the timed upload, by generating it once without sending: a
        // browser does not hash what it uploads, and on two shared cores the client's hashing would be taken
        // from the server.
        var expected = GeneratedContent.HashOf(length, seed);
        var file = new GeneratedContent(length, seed);
        using var content = new MultipartFormDataContent("----haven-bench-" + RandomId.New());
        content.Add(new StringContent(Hidden(form, "__af")), "__af");
        content.Add(new StringContent(Hidden(form, "Input.RecordId")), "Input.RecordId");
        content.Add(new StringContent(Hidden(form, "Input.Ticket")), "Input.Ticket");
        content.Add(new StringContent("now"), "Input.Urgency");
        content.Add(new StringContent("Benchmark: one large file."), "Input.Text");
        content.Add(file, "files", "evidence.bin");

        sampler.Start();
        var watch = Stopwatch.StartNew();
        using var sent = await http.PostAsync("/request", content);
        watch.Stop();
        if (!sent.RequestMessage!.RequestUri!.AbsolutePath.EndsWith("/sent", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The upload was not accepted: " + sent.StatusCode);
        }

        if (file.Written != length)
        {
            throw new InvalidOperationException($"sent {file.Written} bytes, expected {length}");
        }

        return (watch.Elapsed.TotalSeconds, expected);
    }

    /// <summary>The administrator downloads the file, hashing while reading if asked; returns the wall time, SHA-256 (empty unless hashed) and length.</summary>
    private static async Task<(double Seconds, byte[] Sha256, long Length)> DownloadAsync(HttpClient http, string caseId, string fileId, bool hash)
    {
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[IoBuffer];
        var watch = Stopwatch.StartNew();
        using var response = await http.GetAsync($"/desk/case/{caseId}/file/{fileId}", HttpCompletionOption.ResponseHeadersRead);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException("The download failed: " + response.StatusCode);
        }

        await using var body = await response.Content.ReadAsStreamAsync();
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            if (hash)
            {
                sha256.AppendData(buffer.AsSpan(0, read));
            }

            total += read;
        }

        watch.Stop();
        return (watch.Elapsed.TotalSeconds, hash ? sha256.GetHashAndReset() : [], total);
    }

    internal static async Task<HttpClient> LoginAsync(Uri baseAddress, string totp)
    {
        var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
        var form = await http.GetStringAsync("/desk/login");
        using var content = new FormUrlEncodedContent([
            new("__af", Hidden(form, "__af")),
            new("Name", "Admin"),
            new("Passphrase", Passphrase),
            new("Code", TotpCodes.Compute(totp, DateTimeOffset.UtcNow)),
        ]);
        using var response = await http.PostAsync("/desk/login", content);
        if (response.RequestMessage!.RequestUri!.AbsolutePath != "/desk")
        {
            http.Dispose();
            throw new InvalidOperationException("Login failed: " + response.StatusCode);
        }

        return http;
    }

    /// <summary>The one file row not seen before, read from haven.db with a read-only connection.</summary>
    private static (string CaseId, string FileId, long Length) NewFile(DataDirectory data, HashSet<string> known)
    {
        using var connection = new SqliteConnection($"Data Source={data.DatabaseFile};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, case_id, length FROM files";
        using var reader = command.ExecuteReader();
        var found = new List<(string, string, long)>();
        while (reader.Read())
        {
            if (known.Add(reader.GetString(0)))
            {
                found.Add((reader.GetString(1), reader.GetString(0), reader.GetInt64(2)));
            }
        }

        return found.Count == 1 ? found[0] : throw new InvalidOperationException($"expected one new file row, found {found.Count}");
    }

    private static double Mb(long kb) => kb * 1024 / 1e6;

    private static string Gb(long bytes) => bytes % GiB == 0 ? $"{bytes / GiB} GiB" : $"{bytes / (double)GiB:F2} GiB";

    internal static string Hidden(string html, string name) =>
        WebUtility.HtmlDecode(HiddenField(name).Match(html).Groups[1].Value);

    private static Regex HiddenField(string name) => new($"name=\"{Regex.Escape(name)}\"[^>]*value=\"([^\"]*)\"");

    private sealed record Row(string Label, long Length, double Seconds, long PeakKb, long HwmKb, double CpuSeconds, long AnonKb)
    {
        public bool? HashOk { get; init; }

        public double Throughput => Length / Seconds / 1e6;
    }

    /// <summary>
    /// Samples the server's VmRSS every 50 ms on its own thread (not the thread pool, which the transfer keeps
    /// busy); at each start it also resets the kernel's peak (VmHWM) through <c>clear_refs</c> so that the peak
    /// belongs to one transfer.
    /// </summary>
    internal sealed class RssSampler(int pid) : IDisposable
    {
        private volatile bool _running;
        private long _max;
        private long _maxAnon;
        private double _cpuAtStart;
        private Thread? _thread;

        public void Start()
        {
            try
            {
                File.WriteAllText($"/proc/{pid}/clear_refs", "5");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }

            Interlocked.Exchange(ref _max, ServerProcess.StatusKb(pid, "VmRSS"));
            Interlocked.Exchange(ref _maxAnon, ServerProcess.StatusKb(pid, "RssAnon"));
            _cpuAtStart = ServerProcess.CpuSeconds(pid);
            _running = true;
            _thread = new Thread(() =>
            {
                while (_running)
                {
                    Raise(ref _max, ServerProcess.StatusKb(pid, "VmRSS"));
                    Raise(ref _maxAnon, ServerProcess.StatusKb(pid, "RssAnon"));

                    Thread.Sleep(50);
                }
            })
            { IsBackground = true, Name = "rss sampler" };
            _thread.Start();
        }

        public (long Max, long Hwm, long MaxAnon, double CpuSeconds) Stop()
        {
            _running = false;
            _thread?.Join();
            _thread = null;
            Raise(ref _max, ServerProcess.StatusKb(pid, "VmRSS"));
            Raise(ref _maxAnon, ServerProcess.StatusKb(pid, "RssAnon"));
            return (Interlocked.Read(ref _max), ServerProcess.StatusKb(pid, "VmHWM"), Interlocked.Read(ref _maxAnon), ServerProcess.CpuSeconds(pid) - _cpuAtStart);
        }

        private static void Raise(ref long max, long value)
        {
            long seen;
            while (value > (seen = Interlocked.Read(ref max)) && Interlocked.CompareExchange(ref max, value, seen) != seen)
            {
            }
        }

        public void Dispose() => _ = Stop();
    }

    /// <summary>xoshiro256** filling bytes: deterministic, fast enough not to be what a transfer waits for.</summary>
    private sealed class Generator
    {
        private ulong _s0;
        private ulong _s1;
        private ulong _s2;
        private ulong _s3;

        public Generator(ulong seed)
        {
            // SplitMix64 expands the seed into the state, as the authors recommend.
            _s0 = SplitMix(ref seed);
            _s1 = SplitMix(ref seed);
            _s2 = SplitMix(ref seed);
            _s3 = SplitMix(ref seed);
        }

        public void Fill(Span<byte> into)
        {
            var words = MemoryMarshal.Cast<byte, ulong>(into);
            for (var i = 0; i < words.Length; i++)
            {
                words[i] = Next();
            }

            var tail = into[(words.Length * 8)..];
            if (!tail.IsEmpty)
            {
                Span<byte> last = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(last, Next());
                last[..tail.Length].CopyTo(tail);
            }
        }

        private ulong Next()
        {
            var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
            var t = _s1 << 17;
            _s2 ^= _s0;
            _s3 ^= _s1;
            _s1 ^= _s2;
            _s0 ^= _s3;
            _s2 ^= t;
            _s3 = ulong.RotateLeft(_s3, 45);
            return result;
        }

        private static ulong SplitMix(ref ulong x)
        {
            var z = x += 0x9E3779B97F4A7C15;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
            return z ^ (z >> 31);
        }
    }

    /// <summary>A file of pseudo-random bytes generated as it is sent; its length is known, so the request has a Content-Length.</summary>
    internal sealed class GeneratedContent : HttpContent
    {
        private readonly long _length;
        private readonly Generator _generator;

        public GeneratedContent(long length, ulong seed)
        {
            _length = length;
            _generator = new Generator(seed);
            Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        }

        public long Written { get; private set; }

        /// <summary>The SHA-256 of the file <paramref name="seed"/> generates, without sending it.</summary>
        public static byte[] HashOf(long length, ulong seed)
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var generator = new Generator(seed);
            var buffer = new byte[IoBuffer];
            for (long done = 0; done < length;)
            {
                var take = (int)Math.Min(IoBuffer, length - done);
                generator.Fill(buffer.AsSpan(0, take));
                hash.AppendData(buffer, 0, take);
                done += take;
            }

            return hash.GetHashAndReset();
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            await SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            if (Written != 0)
            {
                throw new InvalidOperationException("The content can be sent only once.");
            }

            var buffer = new byte[IoBuffer];
            while (Written < _length)
            {
                var take = (int)Math.Min(IoBuffer, _length - Written);
                _generator.Fill(buffer.AsSpan(0, take));
                await stream.WriteAsync(buffer.AsMemory(0, take), cancellationToken);
                Written += take;
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _length;
            return true;
        }

    }
}
