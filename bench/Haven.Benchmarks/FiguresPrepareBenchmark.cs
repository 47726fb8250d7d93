using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Haven.Accounts;
using Haven.Crypto;
using Haven.Instance;
using Haven.Load;
using Haven.Record.Keys;
using Haven.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Haven.Benchmarks;

/// <summary>
/// Preparing and auditing a figure (issue 17) the way an analyst does it: the shipped server (Release) in its own
/// process, on SQLite or, with <c>HAVEN_BENCH_POSTGRES</c>, on a fresh PostgreSQL database, seeded with coded acts
/// (<see cref="RecordListBenchmark.SeedAsync"/>, spread over twelve regions of one country and ten years of months)
/// under documentation key generation 1, sealed to an administrator and an analyst. The analyst, logged in over
/// loopback HTTP, asks the desk's preview of a 20 × 12 figure (acts by month over 20 months and by region), which
/// counts the true table from the coding, protects it (bands, secondary suppression) and audits it with linear
/// programs, and renders it with its chart; once dense (every count above the threshold) and once sparse (confirmed
/// and corroborated only: most counts banded, so secondary suppression and the audit do the most work). Each
/// round measures, one request at a time, the login page and the documentation list (which reads the same coding
/// snapshot) as baselines, then both previews; then the POST that prepares the sparse figure (tabulated, protected
/// and audited again, its basis sealed and stored).
/// </summary>
internal static class FiguresPrepareBenchmark
{
    private static readonly string[] Regions = ["RU-CE", "RU-DA", "RU-IN", "RU-MOW", "RU-SPE", "RU-KDA", "RU-ROS", "RU-STA", "RU-KB", "RU-KC", "RU-SE", "RU-AD"];

    private const string Dense = "/desk/figures/new?unit=acts&rows=month&columns=region&from=2023-05&to=2024-12&show=1";

    private const string Sparse = Dense + "&status=confirmed&corroborated=yes";

    private const string List = "/desk/record?act=torture";

    public static async Task<int> RunAsync(int acts, int rounds, int iterations)
    {
        var path = Path.Combine(Path.GetTempPath(), "haven-bench-figures-" + RandomId.New());
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

            var analyst = NewResponder.Create("Analyst", InboxBenchmark.Passphrase, ResponderRole.Analyst, today);
            var admin = NewResponder.Create("Admin", InboxBenchmark.Passphrase, ResponderRole.Admin, today);
            byte[] documentationPublic;
            await using (var db = StorageServiceCollectionExtensions.CreateContext(data))
            {
                await AddResponderCommand.ExecuteAsync(db, analyst.Responder, CancellationToken.None);
                await AddResponderCommand.ExecuteAsync(db, admin.Responder, CancellationToken.None);

                // Generation 1, as the set-up makes it for the administrator, then granted to the analyst.
                using var key = DocumentationKeys.AddFirstGeneration(db, recoveryPublic, admin.Responder.Id, admin.Responder.X25519PublicKey, today);
                documentationPublic = key.PublicKey;
                var secret = key.ExportSecretKey();
                db.DocumentationKeySeals.Add(new DocumentationKeySeal { Id = RandomId.New(), Generation = 1, ResponderId = analyst.Responder.Id, SealedKey = SealedBox.Seal(secret, analyst.Responder.X25519PublicKey) });
                Array.Clear(secret);
                await db.SaveChangesAsync();
            }

            var seed = Stopwatch.StartNew();
            await RecordListBenchmark.SeedAsync(data, acts, documentationPublic, Regions);
            if (postgres is not null)
            {
                await using var db = StorageServiceCollectionExtensions.CreateContext(data);
                await db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE;");
            }

            Console.WriteLine($"{(postgres is null ? "SQLite" : "PostgreSQL")}: seeded {acts:N0} acts ({acts / 5:N0} events, {acts:N0} victims, {Regions.Length} regions, 120 months) in {seed.Elapsed.TotalSeconds:F0} s");

            using var process = await ServerProcess.StartAsync("Release", path, postgres is null ? [] : [$"--{DatabaseSettings.ProviderKey}=postgres", $"--{DatabaseSettings.ConnectionStringKey}={database.ConnectionString}"]);
            var client = await InboxBenchmark.LoginAsync(process.BaseAddress, "Analyst", analyst.TotpSecret);
            using var anonymous = new HttpClient { BaseAddress = process.BaseAddress };

            // The first request reads and decrypts every coding once (the snapshot the list and the figures share).
            var first = Stopwatch.StartNew();
            var html = await InboxBenchmark.GetAsync(client, Dense, "/desk/figures/new");
            Console.WriteLine($"first preview after the start (builds the coding snapshot of {acts:N0} acts): {first.Elapsed.TotalMilliseconds:F0} ms");
            Console.WriteLine($"dense figure: {Describe(html)}");
            Console.WriteLine($"sparse figure: {Describe(await InboxBenchmark.GetAsync(client, Sparse, "/desk/figures/new"))}");
            for (var i = 0; i < 3; i++)
            {
                await InboxBenchmark.GetAsync(anonymous, "/desk/login", "/desk/login");
                await InboxBenchmark.GetAsync(client, List, "/desk/record");
                await InboxBenchmark.GetAsync(client, Dense, "/desk/figures/new");
                await InboxBenchmark.GetAsync(client, Sparse, "/desk/figures/new");
            }

            Console.WriteLine($"server pid {process.Id}, {Environment.ProcessorCount} cores, load average {ServerProcess.LoadAverage()}");
            Console.WriteLine($"{rounds} rounds; in each, {iterations} requests of each page one at a time (after one warm-up request), then {iterations} prepares.");
            Console.WriteLine("ms: client round trip over loopback, the median of the round's requests; min/median/max over the rounds. CPU: the server process's CPU per request (median of the rounds).");
            var results = new Dictionary<string, List<(double Median, double Cpu)>>();
            var pages = new (string Name, string Query, string Path, HttpClient Client)[]
            {
                ("login page (baseline)", "/desk/login", "/desk/login", anonymous),
                ("documentation list, act type torture (baseline)", List, "/desk/record", client),
                ("preview 20 × 12, dense", Dense, "/desk/figures/new", client),
                ("preview 20 × 12, sparse (confirmed, corroborated)", Sparse, "/desk/figures/new", client),
            };
            for (var round = 0; round < rounds; round++)
            {
                foreach (var (name, query, expect, who) in pages)
                {
                    await InboxBenchmark.GetAsync(who, query, expect);
                    (double median, double cpu) = await MeasureAsync(iterations, process.Id, () => InboxBenchmark.GetAsync(who, query, expect));
                    Add(results, name, median, cpu);
                }

                (double prepare, double prepareCpu) = await MeasureAsync(iterations, process.Id, () => PrepareAsync(client, Sparse));
                Add(results, "prepare 20 × 12, sparse (POST, stored)", prepare, prepareCpu);
            }

            Console.WriteLine($"| {"page",-50} | {"min ms",7} | {"median ms",9} | {"max ms",7} | {"CPU ms",7} | {"x login",7} | {"x list",6} |");
            Console.WriteLine($"|{new string('-', 52)}|--------:|----------:|--------:|--------:|--------:|-------:|");
            var login = results["login page (baseline)"];
            var list = results["documentation list, act type torture (baseline)"];
            foreach (var (name, measured) in results)
            {
                var medians = measured.Select(m => m.Median).Order().ToList();
                var xLogin = InboxBenchmark.Median(measured.Select((m, i) => m.Median / login[i].Median));
                var xList = InboxBenchmark.Median(measured.Select((m, i) => m.Median / list[i].Median));
                Console.WriteLine($"| {name,-50} | {medians[0],7:F1} | {InboxBenchmark.Median(medians),9:F1} | {medians[^1],7:F1} | {InboxBenchmark.Median(measured.Select(m => m.Cpu)),7:F1} | {xLogin,7:F1} | {xList,6:F1} |");
            }

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

    private static void Add(Dictionary<string, List<(double, double)>> results, string name, double median, double cpu)
    {
        if (!results.TryGetValue(name, out var list))
        {
            results[name] = list = [];
        }

        list.Add((median, cpu));
    }

    /// <summary>The median round trip of <paramref name="iterations"/> requests, and the server's CPU per request.</summary>
    private static async Task<(double Median, double Cpu)> MeasureAsync(int iterations, int pid, Func<Task> request)
    {
        var times = new List<double>(iterations);
        var cpu = ServerProcess.CpuSeconds(pid);
        for (var i = 0; i < iterations; i++)
        {
            var watch = Stopwatch.StartNew();
            await request();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        return (InboxBenchmark.Median(times), (ServerProcess.CpuSeconds(pid) - cpu) * 1000 / iterations);
    }

    /// <summary>Previews (not timed apart: the form's id and token come with it) and prepares the figure as a new one.</summary>
    private static async Task PrepareAsync(HttpClient client, string preview)
    {
        var html = await InboxBenchmark.GetAsync(client, preview, "/desk/figures/new");
        var form = Regex.Match(html, "<form method=\"post\"[^>]*id=\"prepare\"[^>]*>(.*?)</form>", RegexOptions.Singleline).Groups[1].Value;
        var fields = Regex.Matches(form, "<input [^>]*type=\"hidden\"[^>]*>")
            .Select(m => new KeyValuePair<string, string>(WebUtility.HtmlDecode(Regex.Match(m.Value, "name=\"([^\"]+)\"").Groups[1].Value), WebUtility.HtmlDecode(Regex.Match(m.Value, "value=\"([^\"]*)\"").Groups[1].Value)))
            .ToList();
        fields.Add(new("titles[en]", "Acts by month and region"));
        using var content = new FormUrlEncodedContent(fields);
        using var response = await client.PostAsync("/desk/figures/new?handler=prepare", content);
        if (response.StatusCode != HttpStatusCode.OK || !response.RequestMessage!.RequestUri!.AbsolutePath.StartsWith("/desk/figures/", StringComparison.Ordinal) || response.RequestMessage.RequestUri.AbsolutePath.EndsWith("/new", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"prepare: {response.StatusCode} {response.RequestMessage?.RequestUri}");
        }
    }

    /// <summary>The figure's shape and protection as the preview shows them.</summary>
    private static string Describe(string html)
    {
        var cells = Regex.Count(html, "<td id=\"cell-[0-9]+-[0-9]+\"");
        var primary = Regex.Count(html, "data-reason=\"primary\"");
        var secondary = Regex.Count(html, "data-reason=\"secondary\"");
        var passed = html.Contains("id=\"audit-result\" class=\"notice\"", StringComparison.Ordinal);
        return string.Create(CultureInfo.InvariantCulture, $"{cells} cells (and their margins); {primary} counts banded, {secondary} suppressed; audit {(passed ? "passed" : "FAILED")}; page {html.Length / 1024} KiB");
    }
}
