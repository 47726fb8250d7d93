using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Haven.Accounts;
using Haven.Cases;
using Haven.Crypto;
using Haven.Instance;
using Haven.Load;
using Haven.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Haven.Benchmarks;

/// <summary>
/// Times the desk inbox of every shape of responder over a large instance, the way responders get it: the
/// shipped server (Release build) in its own process with its shipped settings, on SQLite or, with
/// <c>HAVEN_BENCH_POSTGRES</c> set to a server's connection string, on a fresh PostgreSQL database; each page
/// requested over loopback HTTP after a warm-up, logged in as each responder, in several rounds.
/// </summary>
/// <remarks>
/// The cases are seeded in the order they were opened, and sealed the way intake seals them: to the recovery
/// key and to the administrators and coordinators active when each was opened. The administrator was there
/// from the start (holds 100%); one coordinator joined after the first 1% (99%), another after the first 40%
/// (60%), a third worked from 10% to 70% and left (their seals stay: other people's rows in the tables). A
/// caseworker was granted 12% of the cases at random and lost a sixth of those grants again (a revocation
/// rotates the case key: a second generation of seals for the remaining holders), so holds 10%; another
/// holds 1%. The seeding writes rows with SQL in one transaction and lets the database's triggers keep the
/// holdings, as they do for the server; every seal holds the same real sealed key (the inbox opens none).
/// </remarks>
internal static partial class InboxBenchmark
{
    internal const string Passphrase = "benchmark passphrase, long enough";

    private const int Rounds = 3;

    private static readonly (string Name, string Query)[] Filters =
    [
        ("default: open, most urgent first", "/desk"),
        ("all states, latest activity", "/desk?state=all&sort=activity"),
        ("closed, newest first, page 100", "/desk?state=closed&sort=opened&page=100"),
        ("all states, latest activity, p. 1000", "/desk?state=all&sort=activity&page=1000"),
        ("urgency now + waiting for reply", "/desk?urgency=now&awaiting=true"),
        ("assigned to me, all states", "/desk?state=all&mine=true"),
        ("unassigned, idle >= 30 days", "/desk?unassigned=true&idle=30"),
        ("to be deleted soon, all states", "/desk?state=all&soon=true"),
    ];

    public static async Task<int> RunAsync(int count, int iterations)
    {
        // HAVEN_BENCH_KEEP=1 keeps a SQLite data directory for inspection (its path is printed at the end).
        var path = Path.Combine(Path.GetTempPath(), "haven-bench-inbox-" + RandomId.New());
        var postgres = Environment.GetEnvironmentVariable("HAVEN_BENCH_POSTGRES") is { Length: > 0 } server ? server : null;
        var database = postgres is null ? DatabaseSettings.Sqlite : CreatePostgresDatabase(postgres);
        var data = new DataDirectory(path, database);
        try
        {
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            byte[] recoveryPublic;
            using (var recovery = await InitInstanceCommand.ExecuteAsync(data, CancellationToken.None))
            {
                recoveryPublic = recovery.PublicKey;
            }

            var shapes = new List<Shape>
            {
                new("administrator, 100%", "Admin", ResponderRole.Admin),
                new("coordinator, 99%", "Early", ResponderRole.Coordinator),
                new("coordinator, 60%", "Later", ResponderRole.Coordinator),
                new("caseworker, 10%", "Ten", ResponderRole.Caseworker),
                new("caseworker, 1%", "One", ResponderRole.Caseworker),
            };
            var left = NewResponder.Create("Left", Passphrase, ResponderRole.Coordinator, today).Responder;
            await using (var db = StorageServiceCollectionExtensions.CreateContext(data))
            {
                foreach (var shape in shapes)
                {
                    (shape.Responder, shape.Totp) = NewResponder.Create(shape.Login, Passphrase, shape.Role, today);
                    await AddResponderCommand.ExecuteAsync(db, shape.Responder, CancellationToken.None);
                }

                await AddResponderCommand.ExecuteAsync(db, left, CancellationToken.None);
            }

            var seed = Stopwatch.StartNew();
            var seals = await SeedAsync(data, count, today, recoveryPublic, [.. shapes.Select(s => s.Responder!)], left);
            if (postgres is not null)
            {
                // What autovacuum would have done by then on an instance that grew to this size.
                await using var db = StorageServiceCollectionExtensions.CreateContext(data);
                await db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE;");
            }

            seed.Stop();
            Console.WriteLine($"{(postgres is null ? "SQLite" : "PostgreSQL")}: seeded {count:N0} cases ({seals:N0} seals) in {seed.Elapsed.TotalSeconds:F0} s; {await HeldAsync(data, shapes)}");

            using var process = await ServerProcess.StartAsync("Release", path, postgres is null ? [] : [$"--{DatabaseSettings.ProviderKey}=postgres", $"--{DatabaseSettings.ConnectionStringKey}={database.ConnectionString}"]);
            foreach (var shape in shapes)
            {
                shape.Client = await LoginAsync(process.BaseAddress, shape.Login, shape.Totp!);
            }

            using var anonymous = new HttpClient { BaseAddress = process.BaseAddress };
            await using var databaseCpu = postgres is null ? null : await DatabaseCpu.OpenAsync(database.ConnectionString!);

            // The server's code is compiled in tiers as it runs: warm every page up before anything is timed.
            for (var i = 0; i < 30; i++)
            {
                await GetAsync(anonymous, "/desk/login", "/desk/login");
                foreach (var shape in shapes)
                {
                    foreach (var (_, query) in Filters)
                    {
                        await GetAsync(shape.Client!, query, "/desk");
                    }
                }
            }

            Console.WriteLine($"server pid {process.Id}, {Environment.ProcessorCount} cores, load average {ServerProcess.LoadAverage()}");
            Console.WriteLine($"{Rounds} rounds of {iterations} requests per responder and filter, each after {Math.Max(5, iterations / 10)} warm-up requests; one request at a time.");
            Console.WriteLine("p50 and p95: client round trip over loopback (median of the rounds; p95 also min-max); CPU/page: the server process's CPU time per request (median of the rounds);");
            Console.WriteLine("DB CPU/page (PostgreSQL only): the CPU time of the database's backend processes serving Haven, per request (median of the rounds; on SQLite the database works inside the server process);");
            Console.WriteLine("x base: the p50 against the p50 of the login page measured in the same round (a page that reads no case).");
            Console.WriteLine($"| {"responder",-20} | {"filter",-34} | {"rows",4} | {"p50 ms",7} | {"p95 ms (min-max)",22} | {"CPU/page ms",11} | {"DB CPU/page ms",14} | {"x base",6} |");
            Console.WriteLine($"|{new string('-', 22)}|{new string('-', 36)}|-----:|--------:|{new string('-', 23)}:|------------:|---------------:|-------:|");
            foreach (var shape in shapes)
            {
                foreach (var (name, query) in Filters)
                {
                    var results = new List<(double P50, double P95, double Cpu, double DbCpu, double Base, int Rows)>();
                    for (var round = 0; round < Rounds; round++)
                    {
                        var baseline = await MeasureAsync(anonymous, "/desk/login", iterations, process.Id, null, expectPath: "/desk/login");
                        var inbox = await MeasureAsync(shape.Client!, query, iterations, process.Id, databaseCpu, expectPath: "/desk");
                        results.Add((inbox.P50, inbox.P95, inbox.Cpu, inbox.DbCpu, baseline.P50, inbox.Rows));
                    }

                    var p95 = results.Select(r => r.P95).Order().ToList();
                    var p50 = Median(results.Select(r => r.P50));
                    Console.WriteLine($"| {shape.Name,-20} | {name,-34} | {results[0].Rows,4} | {p50,7:F1} | {$"{p95[p95.Count / 2]:F1} ({p95[0]:F1}-{p95[^1]:F1})",22} | {Median(results.Select(r => r.Cpu)),11:F1} | {(databaseCpu is null ? "-" : Median(results.Select(r => r.DbCpu)).ToString("F1", CultureInfo.InvariantCulture)),14} | {Median(results.Select(r => r.P50 / r.Base)),6:F1} |");
                }
            }

            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            NpgsqlConnection.ClearAllPools();
            if (postgres is not null)
            {
                DropPostgresDatabase(postgres, database);
            }

            if (Environment.GetEnvironmentVariable("HAVEN_BENCH_KEEP") == "1" && postgres is null)
            {
                Console.WriteLine($"kept for inspection: {path}");
            }
            else
            {
                Directory.Delete(path, recursive: true);
            }
        }
    }

    private static async Task<(double P50, double P95, double Cpu, double DbCpu, int Rows)> MeasureAsync(HttpClient client, string query, int iterations, int pid, DatabaseCpu? databaseCpu, string expectPath)
    {
        var html = "";
        for (var i = 0; i < Math.Max(5, iterations / 10); i++)
        {
            html = await GetAsync(client, query, expectPath);
        }

        var times = new List<double>(iterations);
        var cpu = ServerProcess.CpuSeconds(pid);
        var backends = databaseCpu is null ? null : await databaseCpu.SnapshotAsync();
        for (var i = 0; i < iterations; i++)
        {
            var watch = Stopwatch.StartNew();
            await GetAsync(client, query, expectPath);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        var cpuPerPage = (ServerProcess.CpuSeconds(pid) - cpu) * 1000 / iterations;
        var dbCpuPerPage = databaseCpu is null ? 0 : DatabaseCpu.Between(backends!, await databaseCpu.SnapshotAsync()) * 1000 / iterations;

        // The page asked for, or the last one when there are fewer (never silently the first).
        if (PageParameter().Match(query) is { Success: true } asked
            && !html.Contains($"<strong aria-current=\"page\">{asked.Groups[1].Value}</strong>", StringComparison.Ordinal)
            && html.Contains("id=\"page-next\"", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{query}: the page shown is not the page asked for.");
        }

        return (Percentile(times, 50), Percentile(times, 95), cpuPerPage, dbCpuPerPage, CaseRow().Count(html));
    }

    /// <summary>One shape of responder: who, and (once set up) their session.</summary>
    private sealed class Shape(string name, string login, ResponderRole role)
    {
        public string Name { get; } = name;

        public string Login { get; } = login;

        public ResponderRole Role { get; } = role;

        public Responder? Responder { get; set; }

        public string? Totp { get; set; }

        public HttpClient? Client { get; set; }
    }

    /// <summary>One seeded case, before it is written.</summary>
    private readonly record struct Seeded(CaseState State, Urgency Urgency, DateOnly Created, DateOnly Activity, bool Awaiting, int Assignee);

    /// <summary>
    /// Writes the cases in the order they were opened and their seals as intake and the desk make them (see
    /// the class remarks), in one transaction; returns the number of seals. Spread (deterministic): opened
    /// over the last 240 days; 70% Safe or Closed (ended on their last activity, within the last 88 days), the
    /// rest open with activity within the last 175 days (so nothing is due yet, some within the warning);
    /// urgency 20% now, 40% days, 40% weeks; 30% of open cases waiting for a reply; 70% assigned among the
    /// responders.
    /// </summary>
    private static async Task<long> SeedAsync(DataDirectory data, int count, DateOnly today, byte[] recoveryPublic, Responder[] shapes, Responder left)
    {
        var random = new Random(20261206);
        var cases = new Seeded[count];
        for (var i = 0; i < count; i++)
        {
            var state = random.NextDouble() switch
            {
                < 0.05 => CaseState.New,
                < 0.13 => CaseState.Triage,
                < 0.20 => CaseState.Verification,
                < 0.26 => CaseState.Planning,
                < 0.30 => CaseState.InTransit,
                < 0.50 => CaseState.Safe,
                _ => CaseState.Closed,
            };
            var final = state is CaseState.Safe or CaseState.Closed;
            var activity = today.AddDays(-random.Next(0, final ? 89 : 176));
            var created = activity.AddDays(-random.Next(0, 60));
            var urgency = random.NextDouble() switch { < 0.2 => Urgency.Now, < 0.6 => Urgency.Days, _ => Urgency.Weeks };
            cases[i] = new Seeded(state, urgency, created, activity, !final && random.NextDouble() < 0.3, random.NextDouble() < 0.7 ? random.Next(shapes.Length + 1) : -1);
        }

        Array.Sort(cases, (a, b) => a.Created.CompareTo(b.Created));

        using var caseKeys = X25519KeyPair.Generate();
        var secret = caseKeys.ExportSecretKey();
        var toRecovery = SealedBox.Seal(secret, recoveryPublic);
        var sealedTo = shapes.Append(left).ToDictionary(r => r.Id, r => SealedBox.Seal(secret, r.X25519PublicKey), StringComparer.Ordinal);
        Array.Clear(secret);
        string[] assignees = [.. shapes.Select(s => s.Id), left.Id];
        var (admin, early, later, ten, one) = (shapes[0].Id, shapes[1].Id, shapes[2].Id, shapes[3].Id, shapes[4].Id);

        var postgres = !data.IsSqlite;
        var ids = new string[count];
        var caseRows = new List<object?[]>(count);
        var sealRows = new List<object?[]>(count * 5);
        for (var i = 0; i < count; i++)
        {
            var c = cases[i];
            var id = ids[i] = RandomId.New();
            var final = c.State is CaseState.Safe or CaseState.Closed;

            // Sealed at intake to the recovery key and the administrators and coordinators active that day.
            var holders = new List<string> { admin };
            if (i >= count / 100)
            {
                holders.Add(early);
            }

            if (i >= count * 4 / 10)
            {
                holders.Add(later);
            }

            if (i >= count / 10 && i < count * 7 / 10)
            {
                holders.Add(left.Id);
            }

            // Granted on the desk: 12% to one caseworker (a sixth of those revoked again), 1% to another.
            var granted = i % 100 < 12;
            var revoked = granted && i % 100 < 2;
            if (granted && !revoked)
            {
                holders.Add(ten);
            }

            if (i % 100 == 50)
            {
                holders.Add(one);
            }

            // A revocation took the responder's seals and sealed a second generation of the key to everyone left.
            var generations = revoked ? 2 : 1;
            caseRows.Add([id, c.State.ToString(), (int)c.Urgency, Day(c.Created, postgres), Day(c.Activity, postgres), postgres ? c.Awaiting : c.Awaiting ? 1 : 0, caseKeys.PublicKey, generations,
                c.Assignee < 0 ? null : assignees[c.Assignee], c.State == CaseState.Closed ? nameof(CaseOutcome.LostContact) : null, final ? Day(c.Activity, postgres) : null]);
            for (var generation = 1; generation <= generations; generation++)
            {
                sealRows.Add([id, null, generation, toRecovery]);
                sealRows.AddRange(holders.Select(h => new object?[] { id, h, generation, sealedTo[h] }));
            }
        }

        await using var db = StorageServiceCollectionExtensions.CreateContext(data);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        const string Cases = "cases (id, state, urgency, created_on, last_activity_on, awaiting_reply, public_key, key_generation, assigned_to, outcome, closed_on)";
        const string Seals = "case_key_seals (case_id, responder_id, generation, sealed_key)";
        if (connection is NpgsqlConnection npgsql)
        {
            // COPY: one stream per table instead of a round trip per row; the triggers fire for every row all the same.
            await CopyAsync(npgsql, Cases, caseRows);
            await CopyAsync(npgsql, Seals, sealRows);
        }
        else
        {
            // A cache that holds the seeding's indexes (the server's own is 32 MiB): random case ids otherwise
            // make every insert into case_holdings' indexes a read from disk at a million cases.
            using (var pragma = connection.CreateCommand())
            {
                pragma.Transaction = transaction;
                pragma.CommandText = "PRAGMA cache_size=-2000000;";
                pragma.ExecuteNonQuery();
            }

            Insert(connection, transaction, Cases, caseRows);
            Insert(connection, transaction, Seals, sealRows);
        }

        await transaction.CommitAsync();
        return sealRows.Count;
    }

    private static void Insert(DbConnection connection, DbTransaction transaction, string table, List<object?[]> rows)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var width = rows[0].Length;
        command.CommandText = $"INSERT INTO {table} VALUES ({string.Join(", ", Enumerable.Range(0, width).Select(i => "@p" + i.ToString(CultureInfo.InvariantCulture)))})";
        for (var i = 0; i < width; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@p" + i.ToString(CultureInfo.InvariantCulture);
            command.Parameters.Add(parameter);
        }

        foreach (var row in rows)
        {
            for (var i = 0; i < width; i++)
            {
                command.Parameters[i].Value = row[i] ?? DBNull.Value;
            }

            command.ExecuteNonQuery();
        }
    }

    private static async Task CopyAsync(NpgsqlConnection connection, string table, List<object?[]> rows)
    {
        await using var importer = await connection.BeginBinaryImportAsync($"COPY {table} FROM STDIN (FORMAT BINARY)");
        importer.Timeout = TimeSpan.FromHours(1);
        foreach (var row in rows)
        {
            await importer.StartRowAsync();
            foreach (var value in row)
            {
                switch (value)
                {
                    case null:
                        await importer.WriteNullAsync();
                        break;
                    case DateOnly day:
                        await importer.WriteAsync(day, NpgsqlTypes.NpgsqlDbType.Date);
                        break;
                    default:
                        await importer.WriteAsync(value);
                        break;
                }
            }
        }

        await importer.CompleteAsync();
    }

    /// <summary>How many cases each shape of responder holds, as the holdings say (a check of the seeding).</summary>
    private static async Task<string> HeldAsync(DataDirectory data, List<Shape> shapes)
    {
        await using var db = StorageServiceCollectionExtensions.CreateContext(data);
        var total = await db.Cases.CountAsync();
        var parts = new List<string>();
        foreach (var shape in shapes)
        {
            var held = await db.HoldingCounts.Where(c => c.ResponderId == shape.Responder!.Id).SumAsync(c => c.Held);
            parts.Add($"{shape.Login} holds {held:N0} ({100.0 * held / total:F1}%)");
        }

        return string.Join(", ", parts);
    }

    private static object Day(DateOnly day, bool postgres) => postgres ? day : day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    internal static DatabaseSettings CreatePostgresDatabase(string server)
    {
        var name = "haven_bench_" + RandomId.New()[..12];
        using var connection = new NpgsqlConnection(server);
        connection.Open();
        using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        command.ExecuteNonQuery();
        return new DatabaseSettings(DatabaseProvider.Postgres, new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString);
    }

    internal static void DropPostgresDatabase(string server, DatabaseSettings database)
    {
        var name = new NpgsqlConnectionStringBuilder(database.ConnectionString).Database;
        using var connection = new NpgsqlConnection(server);
        connection.Open();
        using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
        command.ExecuteNonQuery();
    }

    internal static async Task<HttpClient> LoginAsync(Uri baseAddress, string name, string totp)
    {
        var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = baseAddress };
        var form = await http.GetStringAsync("/desk/login");
        using var content = new FormUrlEncodedContent([
            new("__af", Hidden(form, "__af")),
            new("Name", name),
            new("Passphrase", Passphrase),
            new("Code", TotpCodes.Compute(totp, DateTimeOffset.UtcNow)),
        ]);
        using var response = await http.PostAsync("/desk/login", content);
        if (response.RequestMessage!.RequestUri!.AbsolutePath != "/desk")
        {
            throw new InvalidOperationException($"Login as {name} failed: {response.StatusCode}");
        }

        return http;
    }

    internal static async Task<string> GetAsync(HttpClient client, string query, string expectPath)
    {
        using var response = await client.GetAsync(query);
        if (response.StatusCode != HttpStatusCode.OK || response.RequestMessage!.RequestUri!.AbsolutePath != expectPath)
        {
            throw new InvalidOperationException($"{query}: {response.StatusCode}");
        }

        return await response.Content.ReadAsStringAsync();
    }

    private static string Hidden(string html, string name) =>
        WebUtility.HtmlDecode(Regex.Match(html, $"name=\"{Regex.Escape(name)}\"[^>]*value=\"([^\"]*)\"").Groups[1].Value);

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    internal static double Percentile(List<double> values, int percentile)
    {
        var sorted = values.Order().ToList();
        var index = (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Count - 1)];
    }

    [GeneratedRegex("<tr id=\"case-")]
    private static partial Regex CaseRow();

    [GeneratedRegex("[?&]page=([0-9]+)")]
    private static partial Regex PageParameter();
}
