using System.Diagnostics;
using System.Globalization;
using Haven.Crypto;
using Haven.Instance;
using Haven.Load;
using Haven.Storage;

namespace Haven.Benchmarks;

/// <summary>
/// One node against two (issue 19): follow-ups per second and first requests per second through HAProxy with
/// one Haven node behind it and with two, on the same PostgreSQL database (<c>HAVEN_BENCH_POSTGRES</c>, a
/// server's connection string; a fresh database is made and dropped). Both nodes are the shipped server
/// (Release) in processes of their own, each with its own data directory holding the one <c>instance.key</c>,
/// blobs in one shared folder, as docs/operations.md deploys them. Two proxies stand in front: one lists node
/// <c>a</c> only (the baseline), the other both; the rounds alternate between them in the same run, so that
/// both see the same machine. Reports min / median / max over the rounds.
/// </summary>
internal static class NodesBenchmark
{
    /// <summary>As in the load benchmark: the throttles are policy; this measures capacity.</summary>
    private static readonly string[] Unthrottled =
    [
        "--Haven:Throttle:Submissions:NewCasesPerMinute=10000000",
        "--Haven:Throttle:Submissions:MessagesPerMinute=100000000",
        "--Haven:Throttle:Submissions:MessagesPerCaseBurst=10000000",
        "--Haven:Throttle:Submissions:MessagesPerCasePerMinute=10000000",
        "--Haven:Throttle:Receipts:AttemptsPerMinute=10000000",
        "--Haven:Argon2:MaxQueue=100000",
        "--Haven:Argon2:MaxWait=00:05:00",
    ];

    public static async Task<int> RunAsync(int rounds, int seconds, int people)
    {
        var server = Environment.GetEnvironmentVariable("HAVEN_BENCH_POSTGRES");
        if (string.IsNullOrEmpty(server))
        {
            await Console.Error.WriteLineAsync("nodes: set HAVEN_BENCH_POSTGRES to a PostgreSQL server's connection string (several nodes share one PostgreSQL database).");
            return 2;
        }

        var root = Path.Combine(Path.GetTempPath(), "haven-bench-nodes-" + RandomId.New());
        var database = InboxBenchmark.CreatePostgresDatabase(server);
        var dataA = Path.Combine(root, "node-a");
        var dataB = Path.Combine(root, "node-b");
        var blobs = Path.Combine(root, "blobs");
        Console.WriteLine($"nodes: {rounds} rounds of {seconds} s per measurement, {people} people sending follow-ups; {Environment.ProcessorCount} cores, .NET {Environment.Version}; load average {ServerProcess.LoadAverage()}");
        try
        {
            Directory.CreateDirectory(root);
            using (await InitInstanceCommand.ExecuteAsync(new DataDirectory(dataA, database), CancellationToken.None))
            {
            }

            OwnerOnly.CreateFolder(dataB);
            File.Copy(Path.Combine(dataA, "instance.key"), Path.Combine(dataB, "instance.key"));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(Path.Combine(dataB, "instance.key"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            OwnerOnly.CreateFolder(blobs);

            string[] settings =
            [
                $"--{DatabaseSettings.ProviderKey}=postgres",
                $"--{DatabaseSettings.ConnectionStringKey}={database.ConnectionString}",
                "--Haven:Blobs:Path=" + blobs,
                .. Unthrottled,
            ];
            var environment = ServerProcess.ExperimentEnvironment();
            using var a = await ServerProcess.StartAsync("Release", dataA, settings, environment: environment);
            using var b = await ServerProcess.StartAsync("Release", dataB, settings, environment: environment);
            using var one = await HaproxyProcess.StartAsync([("a", a.BaseAddress.Port)]);
            using var two = await HaproxyProcess.StartAsync([("a", a.BaseAddress.Port), ("b", b.BaseAddress.Port)]);
            Console.WriteLine($"node a pid {a.Id}, node b pid {b.Id}; one node behind {one.BaseAddress}, two behind {two.BaseAddress}");

            // Warm-up, untimed, through both proxies: JIT and tiered compilation on both nodes.
            foreach (var proxy in (Uri[])[one.BaseAddress, two.BaseAddress])
            {
                var warm = await FollowUpsAsync(proxy, 8, TimeSpan.FromSeconds(10));
                var warmFirsts = await FirstRequestsAsync(proxy, Environment.ProcessorCount * 4, TimeSpan.FromSeconds(10));
                Console.WriteLine($"warm-up via {proxy}: {warm.Messages.Count} follow-ups, {warmFirsts.FirstRequests.Count} first requests, {warm.Errors + warmFirsts.Errors} errors");
            }

            var measured = new Dictionary<string, (List<double> FollowUps, List<double> Firsts, int Errors)>(StringComparer.Ordinal)
            {
                ["one node"] = ([], [], 0),
                ["two nodes"] = ([], [], 0),
            };
            for (var round = 1; round <= rounds; round++)
            {
                // The order alternates, so that neither setting always runs on a machine warmed (or tired) by the other.
                (string Name, Uri Proxy)[] order = [("one node", one.BaseAddress), ("two nodes", two.BaseAddress)];
                foreach (var (name, proxy) in round % 2 == 1 ? order : order.Reverse())
                {
                    var cpu = ServerProcess.CpuSeconds(a.Id) + ServerProcess.CpuSeconds(b.Id);
                    var followUps = await FollowUpsAsync(proxy, people, TimeSpan.FromSeconds(seconds));
                    var firsts = await FirstRequestsAsync(proxy, Environment.ProcessorCount * 4, TimeSpan.FromSeconds(seconds));
                    cpu = ServerProcess.CpuSeconds(a.Id) + ServerProcess.CpuSeconds(b.Id) - cpu;
                    var followUpRate = followUps.Messages.Count / followUps.Elapsed.TotalSeconds;
                    var firstRate = firsts.FirstRequests.Count / firsts.Elapsed.TotalSeconds;
                    var (f, r, e) = measured[name];
                    f.Add(followUpRate);
                    r.Add(firstRate);
                    measured[name] = (f, r, e + followUps.Errors + firsts.Errors);
                    Console.WriteLine($"round {round}, {name}: {followUpRate:F0} follow-ups/s (p50 {followUps.Messages.Quantile(0.5):F1} ms), {firstRate:F2} first requests/s (p50 {firsts.FirstRequests.Quantile(0.5):F0} ms), errors {followUps.Errors + firsts.Errors}; nodes' CPU {cpu:F0} s; load average {ServerProcess.LoadAverage()}");
                    foreach (var sample in followUps.ErrorSamples.Concat(firsts.ErrorSamples).Take(5))
                    {
                        Console.WriteLine("  error: " + sample);
                    }
                }
            }

            Console.WriteLine();
            Console.WriteLine($"| behind HAProxy, PostgreSQL ({rounds} rounds of {seconds} s, {people} people) | follow-ups/s min / median / max | first requests/s min / median / max | errors |");
            Console.WriteLine("|---|---|---|---|");
            foreach (var (name, (f, r, e)) in measured)
            {
                Console.WriteLine($"| {name} | {Stats(f, "F0")} | {Stats(r, "F2")} | {e} |");
            }

            var errors = measured.Values.Sum(m => m.Errors);
            return errors == 0 ? 0 : 1;
        }
        finally
        {
            InboxBenchmark.DropPostgresDatabase(server, database);
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>People who each ask for help once (untimed), then send follow-ups as fast as they are answered, each followed by its page.</summary>
    private static async Task<LoadResult> FollowUpsAsync(Uri proxy, int people, TimeSpan duration)
    {
        var driver = new LoadDriver(proxy, new LoadOptions(people, 0, duration, PageEvery: 1), []);
        return await driver.RunAsync(CancellationToken.None);
    }

    /// <summary>People asking for help and sending a request, <paramref name="concurrency"/> at a time, for <paramref name="duration"/>.</summary>
    private static async Task<LoadResult> FirstRequestsAsync(Uri proxy, int concurrency, TimeSpan duration)
    {
        var driver = new LoadDriver(proxy, new LoadOptions(0, 0, duration), []);
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

    private static string Stats(List<double> values, string format)
    {
        var sorted = values.Order().ToList();
        var median = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        return string.Join(" / ", new[] { sorted[0], median, sorted[^1] }.Select(v => v.ToString(format, CultureInfo.InvariantCulture)));
    }
}
