using System.Diagnostics;
using System.Globalization;
using Haven.Accounts;
using Haven.Crypto;
using Haven.Instance;
using Haven.Load;
using Haven.Record.Events;
using Haven.Record.Keys;
using Haven.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Haven.Benchmarks;

/// <summary>
/// The documentation list page (issue 15) at many acts, the way responders get it: the shipped server (Release)
/// in its own process with its shipped settings, on SQLite or, with <c>HAVEN_BENCH_POSTGRES</c>, on a fresh
/// PostgreSQL database, seeded with events of five acts each sealed as the server seals them
/// (<see cref="RecordListBenchmark.SeedAsync"/>) under documentation key generation 1, which is sealed to an
/// administrator, a coordinator and an analyst. Each is logged in over loopback HTTP; <c>/desk/record</c> is asked
/// with every filter and a deep page, in several rounds, beside a baseline page measured in the same round; then
/// the first request after a write (one new event version: the index reads it and rebuilds its snapshot).
/// </summary>
internal static class RecordListHttpBenchmark
{
    private const int Rounds = 3;

    private static readonly (string Name, string Query)[] Filters =
    [
        ("everything, page 1", "/desk/record"),
        ("everything, page 500 (deep)", "/desk/record?page=500"),
        ("act type torture", "/desk/record?act=torture"),
        ("country RU, 2017", "/desk/record?region=RU&from=2017&to=2017"),
        ("region RU-CE + perpetrator police", "/desk/record?region=RU-CE&perpetrator=police"),
        ("period 2019-06", "/desk/record?from=2019-06&to=2019-06"),
        ("status confirmed", "/desk/record?status=confirmed"),
        ("reliability >= 4", "/desk/record?reliability=4"),
        ("corroborated", "/desk/record?corroborated=yes"),
        ("not corroborated, page 100", "/desk/record?corroborated=no&page=100"),
        ("all filters at once", "/desk/record?act=torture&region=RU&from=2015&to=2024&perpetrator=police&status=confirmed&reliability=2&corroborated=yes"),
    ];

    public static async Task<int> RunAsync(int acts, int iterations)
    {
        var path = Path.Combine(Path.GetTempPath(), "haven-bench-record-http-" + RandomId.New());
        var postgres = Environment.GetEnvironmentVariable("HAVEN_BENCH_POSTGRES") is { Length: > 0 } server ? server : null;
        var database = postgres is null ? DatabaseSettings.Sqlite : InboxBenchmark.CreatePostgresDatabase(postgres);
        var data = new DataDirectory(path, database);
        try
        {
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            byte[] recoveryPublic;
            using (var recovery = await InitInstanceCommand.ExecuteAsync(data, CancellationToken.None))
            {
                recoveryPublic = recovery.PublicKey;
            }

            var shapes = new List<(string Name, string Login, ResponderRole Role)>
            {
                ("analyst", "Analyst", ResponderRole.Analyst),
                ("coordinator", "Coordinator", ResponderRole.Coordinator),
                ("administrator", "Admin", ResponderRole.Admin),
            };
            var created = new List<(Responder Responder, string Totp)>();
            byte[] documentationPublic;
            await using (var db = StorageServiceCollectionExtensions.CreateContext(data))
            {
                foreach (var (_, login, role) in shapes)
                {
                    var made = NewResponder.Create(login, InboxBenchmark.Passphrase, role, today);
                    await AddResponderCommand.ExecuteAsync(db, made.Responder, CancellationToken.None);
                    created.Add(made);
                }

                // Generation 1, as the set-up makes it for the administrator, then granted to the others.
                var admin = created[^1].Responder;
                using var key = DocumentationKeys.AddFirstGeneration(db, recoveryPublic, admin.Id, admin.X25519PublicKey, today);
                documentationPublic = key.PublicKey;
                var secret = key.ExportSecretKey();
                foreach (var (responder, _) in created.Take(2))
                {
                    db.DocumentationKeySeals.Add(new DocumentationKeySeal { Id = RandomId.New(), Generation = 1, ResponderId = responder.Id, SealedKey = SealedBox.Seal(secret, responder.X25519PublicKey) });
                }

                Array.Clear(secret);
                await db.SaveChangesAsync();
            }

            var seed = Stopwatch.StartNew();
            await RecordListBenchmark.SeedAsync(data, acts, documentationPublic);
            if (postgres is not null)
            {
                await using var db = StorageServiceCollectionExtensions.CreateContext(data);
                await db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE;");
            }

            Console.WriteLine($"{(postgres is null ? "SQLite" : "PostgreSQL")}: seeded {acts:N0} acts ({acts / 5:N0} events, {acts:N0} victims) in {seed.Elapsed.TotalSeconds:F0} s");

            using var process = await ServerProcess.StartAsync("Release", path, postgres is null ? [] : [$"--{DatabaseSettings.ProviderKey}=postgres", $"--{DatabaseSettings.ConnectionStringKey}={database.ConnectionString}"]);
            var clients = new List<HttpClient>();
            for (var i = 0; i < shapes.Count; i++)
            {
                clients.Add(await InboxBenchmark.LoginAsync(process.BaseAddress, shapes[i].Login, created[i].Totp));
            }

            using var anonymous = new HttpClient { BaseAddress = process.BaseAddress };
            await using var databaseCpu = postgres is null ? null : await DatabaseCpu.OpenAsync(database.ConnectionString!);

            // The first list request of the server decrypts every coding (the index is built once per generation, shared by every holder).
            var first = Stopwatch.StartNew();
            await InboxBenchmark.GetAsync(clients[0], "/desk/record", "/desk/record");
            Console.WriteLine($"first request of the list after the start (builds the coding index of {acts:N0} acts): {first.Elapsed.TotalMilliseconds:F0} ms");

            for (var i = 0; i < 20; i++)
            {
                await InboxBenchmark.GetAsync(anonymous, "/desk/login", "/desk/login");
                foreach (var client in clients)
                {
                    await InboxBenchmark.GetAsync(client, "/desk", "/desk");
                    foreach (var (_, query) in Filters)
                    {
                        await InboxBenchmark.GetAsync(client, query, "/desk/record");
                    }
                }
            }

            Console.WriteLine($"server pid {process.Id}, {Environment.ProcessorCount} cores, load average {ServerProcess.LoadAverage()}");
            Console.WriteLine($"{Rounds} rounds of {iterations} requests per responder and filter, each after {Math.Max(5, iterations / 10)} warm-up requests; one request at a time.");
            Console.WriteLine("p50/p95: client round trip over loopback (median of the rounds; p95 also min-max of the rounds); CPU/page: the server process's CPU per request;");
            Console.WriteLine("DB CPU/page (PostgreSQL only): the database backends' CPU per request; x login: p50 against the login page's p50 in the same round; x inbox: against the same responder's inbox (/desk).");
            Console.WriteLine($"| {"responder",-13} | {"filter",-34} | {"acts",6} | {"p50 ms",6} | {"p95 ms (min-max)",20} | {"CPU/page ms",11} | {"DB CPU/page ms",14} | {"x login",7} | {"x inbox",7} |");
            Console.WriteLine($"|{new string('-', 15)}|{new string('-', 36)}|-------:|-------:|{new string('-', 21)}:|------------:|---------------:|--------:|--------:|");
            for (var s = 0; s < shapes.Count; s++)
            {
                foreach (var (name, query) in Filters)
                {
                    var results = new List<(Measured List, Measured Login, Measured Inbox)>();
                    for (var round = 0; round < Rounds; round++)
                    {
                        var login = await MeasureAsync(anonymous, "/desk/login", "/desk/login", iterations, process.Id, null);
                        var inbox = await MeasureAsync(clients[s], "/desk", "/desk", iterations, process.Id, null);
                        var list = await MeasureAsync(clients[s], query, "/desk/record", iterations, process.Id, databaseCpu);
                        results.Add((list, login, inbox));
                    }

                    var p95 = results.Select(r => r.List.P95).Order().ToList();
                    var dbCpu = databaseCpu is null ? "-" : InboxBenchmark.Median(results.Select(r => r.List.DbCpu)).ToString("F1", CultureInfo.InvariantCulture);
                    Console.WriteLine($"| {shapes[s].Name,-13} | {name,-34} | {results[0].List.Acts,6} | {InboxBenchmark.Median(results.Select(r => r.List.P50)),6:F1} | {$"{p95[p95.Count / 2]:F1} ({p95[0]:F1}-{p95[^1]:F1})",20} | {InboxBenchmark.Median(results.Select(r => r.List.Cpu)),11:F1} | {dbCpu,14} | {InboxBenchmark.Median(results.Select(r => r.List.P50 / r.Login.P50)),7:F1} | {InboxBenchmark.Median(results.Select(r => r.List.P50 / r.Inbox.P50)),7:F1} |");
                }
            }

            await AfterWritesAsync(data, clients[0], documentationPublic, today, process.Id);
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            NpgsqlConnection.ClearAllPools();
            if (postgres is not null)
            {
                InboxBenchmark.DropPostgresDatabase(postgres, database);
            }

            Directory.Delete(path, recursive: true);
        }
    }

    /// <summary>
    /// The first list request after a write, several times: one new version of an event is committed (as the
    /// desk's writer would, with the next sequence number), then the analyst's unfiltered list is asked once; the
    /// index reads that version and builds a new snapshot of every act. Then the same page again, without a write.
    /// </summary>
    private static async Task AfterWritesAsync(DataDirectory data, HttpClient analyst, byte[] documentationPublic, DateOnly today, int pid)
    {
        const int Writes = 20;
        var afterWrite = new List<double>();
        var after = new List<double>();
        var (afterWriteCpu, afterCpu) = (new List<double>(), new List<double>());
        var random = new Random(7);
        for (var i = 0; i < Writes; i++)
        {
            await using (var db = StorageServiceCollectionExtensions.CreateContext(data))
            {
                var @case = await db.Cases.AsNoTracking().OrderBy(c => c.Id).FirstAsync();
                var (_, coding, _) = RecordListBenchmark.Plan(random, [@case]);
                coding.Acts = [.. coding.Acts.Take(1)];
                var victim = RecordListBenchmark.Seal(RecordVersionKinds.Victim, coding.Acts[0].Victim, @case, RecordJson.ToUtf8(new VictimCoding { AgeBand = "26_35" }), RecordJson.ToUtf8(new VictimNarrative { Pseudonym = "p" }), documentationPublic, today);
                var version = RecordListBenchmark.Seal(RecordVersionKinds.Event, RandomId.New(), @case, RecordJson.ToUtf8(coding), RecordJson.ToUtf8(new EventNarrative { Title = "t" }), documentationPublic, today);
                var seq = await db.RecordVersions.MaxAsync(v => v.Seq);
                (victim.Seq, victim.Number, version.Seq, version.Number) = (seq + 1, 1, seq + 2, 1);
                db.RecordVersions.AddRange(victim, version);
                await db.SaveChangesAsync();
            }

            var cpu = ServerProcess.CpuSeconds(pid);
            var watch = Stopwatch.StartNew();
            await InboxBenchmark.GetAsync(analyst, "/desk/record", "/desk/record");
            afterWrite.Add(watch.Elapsed.TotalMilliseconds);
            afterWriteCpu.Add((ServerProcess.CpuSeconds(pid) - cpu) * 1000);
            cpu = ServerProcess.CpuSeconds(pid);
            watch.Restart();
            await InboxBenchmark.GetAsync(analyst, "/desk/record", "/desk/record");
            after.Add(watch.Elapsed.TotalMilliseconds);
            afterCpu.Add((ServerProcess.CpuSeconds(pid) - cpu) * 1000);
        }

        Console.WriteLine($"analyst, everything, page 1, the first request after a write ({Writes} writes): p50 {InboxBenchmark.Percentile(afterWrite, 50):F1} ms, p95 {InboxBenchmark.Percentile(afterWrite, 95):F1} ms, max {afterWrite.Max():F1} ms; server CPU p50 {InboxBenchmark.Percentile(afterWriteCpu, 50):F1} ms (min {afterWriteCpu.Min():F1}, max {afterWriteCpu.Max():F1}); the request after it: p50 {InboxBenchmark.Percentile(after, 50):F1} ms, p95 {InboxBenchmark.Percentile(after, 95):F1} ms, server CPU p50 {InboxBenchmark.Percentile(afterCpu, 50):F1} ms");
    }

    private static async Task<Measured> MeasureAsync(HttpClient client, string query, string expectPath, int iterations, int pid, DatabaseCpu? databaseCpu)
    {
        var html = "";
        for (var i = 0; i < Math.Max(5, iterations / 10); i++)
        {
            html = await InboxBenchmark.GetAsync(client, query, expectPath);
        }

        var times = new List<double>(iterations);
        var cpu = ServerProcess.CpuSeconds(pid);
        var backends = databaseCpu is null ? null : await databaseCpu.SnapshotAsync();
        for (var i = 0; i < iterations; i++)
        {
            var watch = Stopwatch.StartNew();
            await InboxBenchmark.GetAsync(client, query, expectPath);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        var cpuPerPage = (ServerProcess.CpuSeconds(pid) - cpu) * 1000 / iterations;
        var dbCpuPerPage = databaseCpu is null ? 0 : DatabaseCpu.Between(backends!, await databaseCpu.SnapshotAsync()) * 1000 / iterations;
        var acts = ActCount(html);
        return new Measured(InboxBenchmark.Percentile(times, 50), InboxBenchmark.Percentile(times, 95), cpuPerPage, dbCpuPerPage, acts);
    }

    /// <summary>The number of matching acts the page shows (its count), -1 on a page without it.</summary>
    private static int ActCount(string html)
    {
        const string Marker = "<dd id=\"count-acts\">";
        var at = html.IndexOf(Marker, StringComparison.Ordinal);
        if (at < 0)
        {
            return -1;
        }

        var end = html.IndexOf('<', at + Marker.Length);
        return int.Parse(html.AsSpan(at + Marker.Length, end - at - Marker.Length), CultureInfo.InvariantCulture);
    }

    /// <summary>One measurement of one page.</summary>
    private sealed record Measured(double P50, double P95, double Cpu, double DbCpu, int Acts);
}
