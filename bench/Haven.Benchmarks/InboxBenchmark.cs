using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Haven.Accounts;
using Haven.Cases;
using Haven.Crypto;
using Haven.Instance;
using Haven.Retention;
using Haven.Storage;
using Haven.Web.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Haven.Benchmarks;

/// <summary>
/// Times the desk inbox over a large instance: N cases (default 100,000) with a realistic spread of states,
/// urgency, dates and assignment, each sealed to the administrator and the recovery key, and 1% of them
/// also to a caseworker. A real server on loopback; the inbox page is requested over HTTP with several
/// filter combinations, logged in as each responder. The seeding writes the rows directly with SQLite in
/// one transaction; every case carries the same real seals of one case key (the inbox never opens them).
/// </summary>
internal static partial class InboxBenchmark
{
    private const string Passphrase = "benchmark passphrase, long enough";

    private static readonly (string Name, string Query, bool Worker)[] Scenarios =
    [
        ("default: open, most urgent first", "/desk", false),
        ("all states, latest activity", "/desk?state=all&sort=activity", false),
        ("closed, newest, page 100", "/desk?state=closed&sort=opened&page=100", false),
        ("urgency now + waiting for reply", "/desk?urgency=now&awaiting=true", false),
        ("assigned to me", "/desk?state=all&mine=true", false),
        ("unassigned, idle >= 30 days", "/desk?unassigned=true&idle=30", false),
        ("to be deleted soon", "/desk?state=all&soon=true", false),
        ("caseworker (1% granted): default", "/desk", true),
        ("caseworker (1% granted): all, activity", "/desk?state=all&sort=activity", true),
    ];

    public static async Task<int> RunAsync(int count, int iterations)
    {
        var path = Path.Combine(Path.GetTempPath(), "haven-bench-inbox-" + RandomId.New());
        var data = new DataDirectory(path);
        try
        {
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            byte[] recoveryPublic;
            using (var recovery = await InitInstanceCommand.ExecuteAsync(data, CancellationToken.None))
            {
                recoveryPublic = recovery.PublicKey;
            }

            var (admin, adminTotp) = NewResponder.Create("Admin", Passphrase, ResponderRole.Admin, today);
            var (worker, workerTotp) = NewResponder.Create("Worker", Passphrase, ResponderRole.Caseworker, today);
            var others = Enumerable.Range(1, 4).Select(i => NewResponder.Create($"Coordinator {i}", Passphrase, ResponderRole.Coordinator, today).Responder).ToList();
            await using (var db = StorageServiceCollectionExtensions.CreateContext(data))
            {
                foreach (var responder in others.Prepend(worker).Prepend(admin))
                {
                    await AddResponderCommand.ExecuteAsync(db, responder, CancellationToken.None);
                }
            }

            var seed = Stopwatch.StartNew();
            string[] assignees = [admin.Id, worker.Id, .. others.Select(o => o.Id)];
            Seed(data, count, today, recoveryPublic, admin, worker, assignees);
            seed.Stop();
            var size = new FileInfo(data.DatabaseFile).Length + (File.Exists(data.DatabaseFile + "-wal") ? new FileInfo(data.DatabaseFile + "-wal").Length : 0);
            Console.WriteLine($"seeded {count:N0} cases ({count * 2 + count / 100:N0} seals) in {seed.Elapsed.TotalSeconds:F1} s; database and WAL {size / 1024.0 / 1024.0:F0} MiB");

            var app = await HavenApp.BuildAsync(["--data", path, "--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"]);
            await app.StartAsync();
            try
            {
                var baseAddress = new Uri(app.Urls.First());
                using var adminClient = await LoginAsync(baseAddress, "Admin", adminTotp);
                using var workerClient = await LoginAsync(baseAddress, "Worker", workerTotp);
                Console.WriteLine($"inbox page, {iterations} requests per filter after {Math.Max(10, iterations / 10)} warm-up, {Environment.ProcessorCount} cores");
                Console.WriteLine("times are client round trips over loopback; CPU/req is this process's CPU time (server and client) per request");
                using var process = Process.GetCurrentProcess();
                Console.WriteLine($"  {"filter",-42} {"rows",5} {"p50",8} {"p95",8} {"CPU/req",8}");
                foreach (var (name, query, asWorker) in Scenarios)
                {
                    var client = asWorker ? workerClient : adminClient;
                    var html = "";
                    for (var i = 0; i < Math.Max(10, iterations / 10); i++)
                    {
                        html = await GetAsync(client, query);
                    }

                    var times = new List<double>();
                    var cpu = process.TotalProcessorTime;
                    for (var i = 0; i < iterations; i++)
                    {
                        var watch = Stopwatch.StartNew();
                        await GetAsync(client, query);
                        times.Add(watch.Elapsed.TotalMilliseconds);
                    }

                    process.Refresh();
                    var cpuPerRequest = (process.TotalProcessorTime - cpu).TotalMilliseconds / iterations;
                    var rows = CaseRow().Count(html);
                    // The page asked for, or the last one when there are fewer (never silently the first).
                    if (PageParameter().Match(query) is { Success: true } asked
                        && !html.Contains($"<strong aria-current=\"page\">{asked.Groups[1].Value}</strong>", StringComparison.Ordinal)
                        && html.Contains("id=\"page-next\"", StringComparison.Ordinal))
                    {
                        throw new InvalidOperationException($"{query}: the page shown is not the page asked for.");
                    }

                    Console.WriteLine($"  {name,-42} {rows,5} {Percentile(times, 50),6:F1}ms {Percentile(times, 95),6:F1}ms {cpuPerRequest,6:F1}ms");
                }

                var inbox = app.Services.GetRequiredService<InboxQuery>();
                var warnings = app.Services.GetRequiredService<RetentionWarningQuery>();
                var countTimes = new List<double>();
                var warningTimes = new List<double>();
                for (var i = 0; i < iterations; i++)
                {
                    var watch = Stopwatch.StartNew();
                    await inbox.CountsAsync(admin.Id, new InboxFilter(), today, CancellationToken.None);
                    countTimes.Add(watch.Elapsed.TotalMilliseconds);
                    watch.Restart();
                    await warnings.ExecuteAsync(admin.Id, today, CancellationToken.None);
                    warningTimes.Add(watch.Elapsed.TotalMilliseconds);
                }

                Console.WriteLine($"  {"counts per state alone (administrator)",-42} {"",5} {Percentile(countTimes, 50),6:F1}ms {Percentile(countTimes, 95),6:F1}ms");
                Console.WriteLine($"  {"retention warning count alone",-42} {"",5} {Percentile(warningTimes, 50),6:F1}ms {Percentile(warningTimes, 95),6:F1}ms");
                return 0;
            }
            finally
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(path, recursive: true);
        }
    }

    /// <summary>
    /// Writes the cases and seals in one transaction. Spread (deterministic): opened over the last 240 days;
    /// 70% Safe or Closed (ended on their last activity, within the last 88 days), the rest open with
    /// activity within the last 175 days (so nothing is due yet, some within the warning); urgency 20% now, 40% days, 40% weeks; 30% waiting for a reply;
    /// 70% assigned among six responders.
    /// </summary>
    private static void Seed(DataDirectory data, int count, DateOnly today, byte[] recoveryPublic, Responder admin, Responder worker, string[] assignees)
    {
        using var caseKeys = X25519KeyPair.Generate();
        var secret = caseKeys.ExportSecretKey();
        var toRecovery = SealedBox.Seal(secret, recoveryPublic);
        var toAdmin = SealedBox.Seal(secret, admin.X25519PublicKey);
        var toWorker = SealedBox.Seal(secret, worker.X25519PublicKey);
        Array.Clear(secret);

        var random = new Random(20261123);
        using var connection = new SqliteConnection(data.SqliteConnectionString);
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using var insertCase = connection.CreateCommand();
        insertCase.CommandText = "INSERT INTO cases (id, state, urgency, created_on, last_activity_on, awaiting_reply, public_key, key_generation, assigned_to, outcome, closed_on) "
            + "VALUES ($id, $state, $urgency, $created, $activity, $awaiting, $key, 1, $assigned, $outcome, $closed)";
        var p = new Dictionary<string, SqliteParameter>();
        foreach (var name in new[] { "$id", "$state", "$urgency", "$created", "$activity", "$awaiting", "$key", "$assigned", "$outcome", "$closed" })
        {
            p[name] = insertCase.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        using var insertSeal = connection.CreateCommand();
        insertSeal.CommandText = "INSERT INTO case_key_seals (case_id, responder_id, generation, sealed_key) VALUES ($case, $responder, 1, $sealed)";
        var sealCase = insertSeal.Parameters.Add(new SqliteParameter { ParameterName = "$case" });
        var sealResponder = insertSeal.Parameters.Add(new SqliteParameter { ParameterName = "$responder" });
        var sealKey = insertSeal.Parameters.Add(new SqliteParameter { ParameterName = "$sealed" });

        for (var i = 0; i < count; i++)
        {
            var id = RandomId.New();
            var roll = random.NextDouble();
            var state = roll switch
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
            p["$id"].Value = id;
            p["$state"].Value = state.ToString();
            p["$urgency"].Value = (int)urgency;
            p["$created"].Value = Day(created);
            p["$activity"].Value = Day(activity);
            p["$awaiting"].Value = !final && random.NextDouble() < 0.3 ? 1 : 0;
            p["$key"].Value = caseKeys.PublicKey;
            p["$assigned"].Value = random.NextDouble() < 0.7 ? assignees[random.Next(assignees.Length)] : DBNull.Value;
            p["$outcome"].Value = state == CaseState.Closed ? nameof(CaseOutcome.LostContact) : DBNull.Value;
            p["$closed"].Value = final ? Day(activity) : DBNull.Value;
            insertCase.ExecuteNonQuery();

            sealCase.Value = id;
            (sealResponder.Value, sealKey.Value) = (DBNull.Value, toRecovery);
            insertSeal.ExecuteNonQuery();
            (sealResponder.Value, sealKey.Value) = (admin.Id, toAdmin);
            insertSeal.ExecuteNonQuery();
            if (i % 100 == 0)
            {
                (sealResponder.Value, sealKey.Value) = (worker.Id, toWorker);
                insertSeal.ExecuteNonQuery();
            }
        }

        transaction.Commit();
    }

    private static async Task<HttpClient> LoginAsync(Uri baseAddress, string name, string totp)
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

    private static async Task<string> GetAsync(HttpClient client, string query)
    {
        using var response = await client.GetAsync(query);
        if (response.StatusCode != HttpStatusCode.OK || response.RequestMessage!.RequestUri!.AbsolutePath != "/desk")
        {
            throw new InvalidOperationException($"{query}: {response.StatusCode}");
        }

        return await response.Content.ReadAsStringAsync();
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Hidden(string html, string name) =>
        WebUtility.HtmlDecode(Regex.Match(html, $"name=\"{Regex.Escape(name)}\"[^>]*value=\"([^\"]*)\"").Groups[1].Value);

    private static double Percentile(List<double> values, int percentile)
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
