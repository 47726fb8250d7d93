using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Haven.Crypto;
using Haven.Instance;
using Haven.Storage;
using Haven.Web.Hosting;
using Microsoft.Data.Sqlite;

namespace Haven.Benchmarks;

/// <summary>
/// Times what a person waits for when asking for help the first time: landing page, "ask for help" (receipt
/// drawn and derived with Argon2id), receipt page, request form, send (case keys, encryption, SQLite commit
/// with synchronous=FULL), confirmation. A real server on loopback with a data directory on this disk.
/// </summary>
internal static partial class FirstRequestBenchmark
{
    public static async Task<int> RunAsync(int count)
    {
        var path = Path.Combine(Path.GetTempPath(), "haven-bench-" + RandomId.New());
        using (await InitInstanceCommand.ExecuteAsync(new DataDirectory(path), CancellationToken.None))
        {
        }

        var app = await HavenApp.BuildAsync(["--data", path, "--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"]);
        await app.StartAsync();
        var baseAddress = new Uri(app.Urls.First());
        try
        {
            await OneAsync(baseAddress); // warm-up: JIT, connection pool, SQLite
            var askTimes = new List<double>();
            var totalTimes = new List<double>();
            for (var i = 0; i < count; i++)
            {
                var (ask, total) = await OneAsync(baseAddress);
                askTimes.Add(ask);
                totalTimes.Add(total);
            }

            Console.WriteLine($"first request, {count} runs, {Environment.ProcessorCount} cores");
            Console.WriteLine($"  'ask for help' (receipt + Argon2id): median {Percentile(askTimes, 50):F0} ms, p95 {Percentile(askTimes, 95):F0} ms");
            Console.WriteLine($"  whole first request (6 requests):   median {Percentile(totalTimes, 50):F0} ms, p95 {Percentile(totalTimes, 95):F0} ms");
            return 0;
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            SqliteConnection.ClearAllPools();
            Directory.Delete(path, recursive: true);
        }
    }

    private static async Task<(double Ask, double Total)> OneAsync(Uri baseAddress)
    {
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = baseAddress };
        var total = Stopwatch.StartNew();
        var landing = await http.GetStringAsync("/");
        var ask = Stopwatch.StartNew();
        using (var start = new FormUrlEncodedContent([new("__af", Hidden(landing, "__af"))]))
        {
            using var receipt = await http.PostAsync("/start", start);
            receipt.EnsureSuccessStatusCode();
        }

        ask.Stop();
        var form = await http.GetStringAsync("/request");
        using var content = new FormUrlEncodedContent([
            new("__af", Hidden(form, "__af")),
            new("Input.RecordId", Hidden(form, "Input.RecordId")),
            new("Input.Ticket", Hidden(form, "Input.Ticket")),
            new("Input.Urgency", "now"),
            new("Input.Help", "evacuation"),
            new("Input.Text", new string('т', 2000)),
        ]);
        using var sent = await http.PostAsync("/request", content);
        if (!sent.RequestMessage!.RequestUri!.AbsolutePath.EndsWith("/sent", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The request was not accepted: " + sent.StatusCode);
        }

        return (ask.Elapsed.TotalMilliseconds, total.Elapsed.TotalMilliseconds);
    }

    private static string Hidden(string html, string name) =>
        WebUtility.HtmlDecode(Regex.Match(html, $"name=\"{Regex.Escape(name)}\"[^>]*value=\"([^\"]*)\"").Groups[1].Value);

    private static double Percentile(List<double> values, int percentile)
    {
        var sorted = values.Order().ToList();
        var index = (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Count - 1)];
    }
}
