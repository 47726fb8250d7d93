using System.Diagnostics;
using Haven.Accounts;
using Haven.Crypto;
using Haven.Instance;
using Haven.Load;
using Haven.Storage;
using Microsoft.Data.Sqlite;

namespace Haven.Benchmarks;

/// <summary>
/// Load over loopback against the real server as its own process (Release build, SQLite unless the
/// <c>Haven__Database__*</c> variables say otherwise):
/// 1. the Argon2id limit of this machine: receipt derivations per second with every core deriving, in-process;
/// 2. first requests: many people at once ask for help and send a request for a while; their rate against that limit;
/// 3. follow-ups: people keep sending messages while responders keep working the desk; requests per second,
///    p50 and p99 latency, errors.
/// The submission throttles are raised for the run (they are policy, and this measures capacity); the
/// report says so.
/// </summary>
internal static class LoadBenchmark
{
    private const string Passphrase = "load benchmark passphrase";

    /// <summary>The throttles are lifted for the measurement: the run measures what the machine can take.</summary>
    private static readonly string[] Unthrottled =
    [
        "--Haven:Throttle:Submissions:NewCasesPerMinute=10000000",
        "--Haven:Throttle:Submissions:MessagesPerMinute=100000000",
        "--Haven:Throttle:Submissions:MessagesPerCaseBurst=10000000",
        "--Haven:Throttle:Submissions:MessagesPerCasePerMinute=10000000",
        "--Haven:Argon2:MaxQueue=100000",
        "--Haven:Argon2:MaxWait=00:05:00",
    ];

    public static async Task<int> RunAsync(int people, int responders, int seconds, int pageEvery)
    {
        var path = Path.Combine(Path.GetTempPath(), "haven-bench-load-" + RandomId.New());
        Directory.CreateDirectory(path);
        Console.WriteLine($"load: page every {pageEvery}; {people} people, {responders} responders, {seconds} s; {Environment.ProcessorCount} cores, .NET {Environment.Version}; load average {ServerProcess.LoadAverage()}");
        try
        {
            // 1. The Argon2id limit.
            var limit = ArgonLimit(TimeSpan.FromSeconds(5));
            Console.WriteLine($"receipt derivations with {Environment.ProcessorCount} threads, in-process: {limit:F2}/s (the first-request limit)");

            // An instance with responders, then the server.
            var data = new DataDirectory(path, DatabaseSettings.FromEnvironment());
            using (await InitInstanceCommand.ExecuteAsync(data, CancellationToken.None))
            {
            }

            var desk = new List<LoadResponder>();
            await using (var db = StorageServiceCollectionExtensions.CreateContext(data))
            {
                for (var i = 0; i < responders; i++)
                {
                    var (responder, totp) = NewResponder.Create($"Coordinator {i}", Passphrase, i == 0 ? ResponderRole.Admin : ResponderRole.Coordinator, DateOnly.FromDateTime(DateTime.UtcNow));
                    await AddResponderCommand.ExecuteAsync(db, responder, CancellationToken.None);
                    desk.Add(new LoadResponder(responder.Name, Passphrase, () => TotpCodes.Compute(totp, DateTimeOffset.UtcNow)));
                }
            }

            SqliteConnection.ClearAllPools();
            using var server = await ServerProcess.StartAsync("Release", path, Unthrottled, environment: ServerProcess.ExperimentEnvironment());
            Console.WriteLine($"server pid {server.Id} at {server.BaseAddress}; throttles lifted for the run: {string.Join(' ', Unthrottled)}");

            // Warm-up, untimed: JIT and tiered compilation of both paths (a first request's pages are not a follow-up's).
            var warm = new LoadDriver(server.BaseAddress, new LoadOptions(8, Math.Min(1, responders), TimeSpan.FromSeconds(10)), desk);
            var warmed = await warm.RunAsync(CancellationToken.None);
            var warmFirsts = await FirstRequestsAsync(server.BaseAddress, Environment.ProcessorCount * 4, TimeSpan.FromSeconds(20));
            Console.WriteLine($"warm-up: {warmed.Messages.Count} follow-ups, {warmFirsts.FirstRequests.Count} first requests, {warmed.Errors + warmFirsts.Errors} errors");

            // 2. First requests: four people at once per core, so that the Argon2id slots never wait for work, for the set time.
            var firsts = await FirstRequestsAsync(server.BaseAddress, Environment.ProcessorCount * 4, TimeSpan.FromSeconds(seconds));
            var firstRate = firsts.FirstRequests.Count / firsts.Elapsed.TotalSeconds;

            // The limit again right after (the server idle): on a shared machine it drifts, so the rate is set
            // against the mean of the two measurements around it.
            var limitAfter = ArgonLimit(TimeSpan.FromSeconds(5));
            Console.WriteLine($"receipt derivations again, in-process: {limitAfter:F2}/s");
            limit = (limit + limitAfter) / 2;
            Console.WriteLine($"first requests: {firsts.FirstRequests.Count} in {firsts.Elapsed.TotalSeconds:F1} s = {firstRate:F2}/s = {firstRate / limit:P0} of the Argon2id limit ({limit:F2}/s, the mean); p50 {firsts.FirstRequests.Quantile(0.5):F0} ms, p99 {firsts.FirstRequests.Quantile(0.99):F0} ms; errors {firsts.Errors}");

            // 3. Follow-ups and desk work.
            var cpuBefore = ServerProcess.CpuSeconds(server.Id);
            var driver = new LoadDriver(server.BaseAddress, new LoadOptions(people, responders, TimeSpan.FromSeconds(seconds), pageEvery), desk);
            var result = await driver.RunAsync(CancellationToken.None);
            var cpu = ServerProcess.CpuSeconds(server.Id) - cpuBefore;
            var pages = pageEvery > 0 ? result.Messages.Count / pageEvery : 0;
            var requests = result.Messages.Count + pages + result.Desk.Count + result.Replies.Count;
            Console.WriteLine();
            Console.WriteLine($"| load ({people} people, {responders} responders, {result.Elapsed.TotalSeconds:F0} s, conversation page after {(pageEvery == 0 ? "no" : pageEvery == 1 ? "every" : $"every {pageEvery}th")} follow-up) | count | per second | p50 ms | p99 ms | errors |");
            Console.WriteLine("|---|---|---|---|---|---|");
            foreach (var series in result.All.Skip(1))
            {
                Console.WriteLine($"| {series.Name} | {series.Count} | {series.Count / result.Elapsed.TotalSeconds:F0} | {series.Quantile(0.5):F1} | {series.Quantile(0.99):F1} | {series.Errors} |");
            }

            Console.WriteLine($"| all HTTP requests (follow-up POSTs, conversation pages, desk pages, replies) | {requests} | {requests / result.Elapsed.TotalSeconds:F0} | | | {result.Errors} |");
            Console.WriteLine();
            Console.WriteLine($"server CPU {cpu:F0} s over {result.Elapsed.TotalSeconds:F0} s ({cpu / result.Elapsed.TotalSeconds:F2} cores); server peak RSS {server.StatusKb("VmHWM") / 1024.0:F0} MB; load average {ServerProcess.LoadAverage()}");
            foreach (var sample in result.ErrorSamples.Concat(firsts.ErrorSamples))
            {
                Console.WriteLine("error: " + sample);
            }

            var messagesPerSecond = result.Messages.Count / result.Elapsed.TotalSeconds;
            Console.WriteLine($"targets: zero errors {(result.Errors + firsts.Errors == 0 ? "met" : "MISSED")}; ≥ 1,000 follow-ups/s {(messagesPerSecond >= 1000 ? "met" : "MISSED")} ({messagesPerSecond:F0}/s); first requests within 10% of the Argon2id limit {(firstRate >= 0.9 * limit ? "met" : "MISSED")} ({firstRate / limit:P0})");
            return result.Errors + firsts.Errors == 0 ? 0 : 1;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(path, recursive: true);
        }
    }

    /// <summary>People asking for help and sending a request, <paramref name="concurrency"/> at a time, for <paramref name="duration"/>.</summary>
    private static async Task<LoadResult> FirstRequestsAsync(Uri baseAddress, int concurrency, TimeSpan duration)
    {
        var driver = new LoadDriver(baseAddress, new LoadOptions(0, 0, duration), []);
        var result = new LoadResult();
        using var timed = new CancellationTokenSource(duration);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (!timed.IsCancellationRequested)
            {
                var person = await driver.FirstRequestAsync(result, CancellationToken.None);
                person?.Http.Dispose();
            }
        }));
        result.Elapsed = clock.Elapsed;
        return result;
    }

    /// <summary>Receipt derivations per second with one thread per core for <paramref name="duration"/>.</summary>
    private static double ArgonLimit(TimeSpan duration)
    {
        var pepper = SodiumRandom.Bytes(32);
        var count = 0;
        var clock = Stopwatch.StartNew();
        Parallel.For(0, Environment.ProcessorCount, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, _ =>
        {
            while (clock.Elapsed < duration)
            {
                using var keys = ReceiptDerivation.Derive(Receipt.Generate(), pepper);
                Interlocked.Increment(ref count);
            }
        });
        return count / clock.Elapsed.TotalSeconds;
    }
}
