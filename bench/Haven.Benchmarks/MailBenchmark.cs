using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Haven.Act;
using Haven.Crypto;
using Haven.Instance;
using Haven.Load;
using Haven.Mail;
using Haven.Storage;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace Haven.Benchmarks;

/// <summary>
/// Act's mail (issue 18), with the shipped server (Release) in its own process on SQLite and the test SMTP sink
/// (tests/smtp/sink.py, aiosmtpd) as the mail server. Part 1, letters accepted per second: supporters (a few at
/// once) each GET the public letter form of a live Urgent Action and POST it (the thank-you page follows), so the
/// letter is queued in the outbox with its used form token in one save; the baseline in the same round is the GET
/// of the form alone. Part 2, a 10,000-letter send: the letters are put in the outbox with due times spread over a
/// window (<see cref="OutboxSchedule.LetterDue"/>), the server is started and sends them to the sink; measured:
/// the time until the last is Sent, how many went in each minute (from their finished times), and the server's
/// peak RSS; the baseline in the same round is MailKit sending as many messages to the sink over one connection
/// from this process (what the sink and loopback take at most).
/// </summary>
internal static partial class MailBenchmark
{
    public static async Task<int> RunAsync(int letters, int windowMinutes, int rounds, int supporters, int accepted)
    {
        var sinkDir = Path.Combine(Path.GetTempPath(), "haven-bench-smtp-" + RandomId.New());
        var port = ServerProcess.FreePort();
        using var sink = StartSink(port, sinkDir);
        try
        {
            Console.WriteLine($"{Environment.ProcessorCount} cores, load average {ServerProcess.LoadAverage()}; sink on 127.0.0.1:{port}");
            await AcceptanceAsync(port, rounds, supporters, accepted);
            await SendAsync(port, sinkDir, letters, windowMinutes, rounds);
            return 0;
        }
        finally
        {
            sink.Kill();
            sink.WaitForExit();
            Directory.Delete(sinkDir, recursive: true);
        }
    }

    private static string[] MailSettings(int port, int windowMinutes, int maxPerMinute) =>
    [
        "--Haven:Mail:Host=127.0.0.1",
        $"--Haven:Mail:Port={port.ToString(CultureInfo.InvariantCulture)}",
        "--Haven:Mail:Security=None",
        "--Haven:Mail:From=act@haven.test",
        $"--Haven:Mail:WindowMinutes={windowMinutes.ToString(CultureInfo.InvariantCulture)}",
        $"--Haven:Mail:MaxPerMinute={maxPerMinute.ToString(CultureInfo.InvariantCulture)}",
        "--Haven:Mail:PollSeconds=1",
        "--Haven:Act:PerActionPerHour=1000000",
        "--Haven:Act:InstancePerHour=10000000",
    ];

    /// <summary>Part 1: letters per second through the public form, against the form's GET alone.</summary>
    private static async Task AcceptanceAsync(int port, int rounds, int supporters, int count)
    {
        var path = Path.Combine(Path.GetTempPath(), "haven-bench-act-" + RandomId.New());
        var data = new DataDirectory(path, DatabaseSettings.Sqlite);
        try
        {
            using (await InitInstanceCommand.ExecuteAsync(data, CancellationToken.None))
            {
            }

            var (slug, target) = await SeedActionAsync(data);

            // The window keeps the sender from sending while letters are taken in: this part measures the intake only.
            using var server = await ServerProcess.StartAsync("Release", path, MailSettings(port, 60, 30));
            Console.WriteLine($"Part 1: {supporters} supporters at once, {count} letters per round through GET /act/{slug}/write and its POST; {rounds} rounds.");
            var forms = new List<double>();
            var posts = new List<double>();
            var write = $"/act/{slug}/write?target={target}";
            await LetterAsync(server.BaseAddress, write, slug, post: true);
            for (var round = 0; round < rounds; round++)
            {
                forms.Add(await RateAsync(server.BaseAddress, write, slug, supporters, count, post: false));
                posts.Add(await RateAsync(server.BaseAddress, write, slug, supporters, count, post: true));
            }

            var queued = await QueuedAsync(data);
            Console.WriteLine($"| {"per second",-48} | {"min",6} | {"median",6} | {"max",6} |");
            Console.WriteLine($"|{new string('-', 50)}|-------:|-------:|-------:|");
            Row("letter form GET alone (baseline)", forms);
            Row("letters accepted (GET form + POST, queued)", posts);
            Console.WriteLine($"outbox rows after part 1: {queued} (expected {1 + rounds * count}); server peak RSS {server.StatusKb("VmHWM") / 1024} MiB");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(path, recursive: true);
        }
    }

    private static void Row(string name, List<double> values)
    {
        var sorted = values.Order().ToList();
        Console.WriteLine($"| {name,-48} | {sorted[0],6:F0} | {InboxBenchmark.Median(sorted),6:F0} | {sorted[^1],6:F0} |");
    }

    private static async Task<double> RateAsync(Uri baseAddress, string write, string slug, int supporters, int count, bool post)
    {
        var next = 0;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, supporters).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) <= count)
            {
                await LetterAsync(baseAddress, write, slug, post);
            }
        }));
        return count / watch.Elapsed.TotalSeconds;
    }

    /// <summary>One supporter: the form (a fresh cookie jar, as a new visitor), then, when <paramref name="post"/>, the letter.</summary>
    private static async Task LetterAsync(Uri baseAddress, string write, string slug, bool post)
    {
        using var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = true };
        using var client = new HttpClient(handler) { BaseAddress = baseAddress };
        var html = await client.GetStringAsync(write);
        if (!post)
        {
            return;
        }

        var form = LetterForm().Match(html).Value;
        var fields = HiddenInput().Matches(form)
            .Select(m => new KeyValuePair<string, string>(WebUtility.HtmlDecode(NameAttribute().Match(m.Value).Groups[1].Value), WebUtility.HtmlDecode(ValueAttribute().Match(m.Value).Groups[1].Value)))
            .ToList();
        fields.Add(new("Input.Name", "Anna"));
        fields.Add(new("Input.Town", "Kazan"));
        fields.Add(new("Input.Subject", "Release the journalist"));
        fields.Add(new("Input.Body", "Dear Prosecutor General,\n\nI urge you to release the journalist at once.\n\nAnna, Kazan"));
        using var content = new FormUrlEncodedContent(fields);
        using var response = await client.PostAsync($"/act/{slug}/write", content);
        var path = response.RequestMessage?.RequestUri?.AbsolutePath ?? "";
        if (response.StatusCode != HttpStatusCode.OK || path.EndsWith("/write", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"letter: {(int)response.StatusCode} at {path}");
        }
    }

    /// <summary>Part 2: <paramref name="letters"/> letters spread over the window, sent by the server to the sink.</summary>
    private static async Task SendAsync(int port, string sinkDir, int letters, int windowMinutes, int rounds)
    {
        var maxPerMinute = 10_000;
        Console.WriteLine();
        Console.WriteLine($"Part 2: {letters:N0} letters due over a {windowMinutes}-minute window, MaxPerMinute {maxPerMinute}, PollSeconds 1; {rounds} rounds.");
        Console.WriteLine("| round | baseline: MailKit straight to the sink, s | server: last letter Sent after the start, s | after the window's end, s | per minute (from the start) | peak RSS MiB |");
        Console.WriteLine("|------:|------:|------:|------:|:------|------:|");
        var baselines = new List<double>();
        var totals = new List<double>();
        var lates = new List<double>();
        var rss = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            var baseline = await DirectAsync(port, letters);
            baselines.Add(baseline);
            var path = Path.Combine(Path.GetTempPath(), "haven-bench-mail-" + RandomId.New());
            var data = new DataDirectory(path, DatabaseSettings.Sqlite);
            try
            {
                using (await InitInstanceCommand.ExecuteAsync(data, CancellationToken.None))
                {
                }

                var domain = RandomId.New()[..10] + ".test";
                var start = DateTimeOffset.UtcNow;
                await QueueAsync(data, letters, domain, start, windowMinutes);
                var watch = Stopwatch.StartNew();
                using var server = await ServerProcess.StartAsync("Release", path, MailSettings(port, windowMinutes, maxPerMinute));
                long peak = 0;
                while (await SentAsync(data) < letters)
                {
                    peak = Math.Max(peak, server.StatusKb("VmHWM"));
                    if (server.HasExited || watch.Elapsed > TimeSpan.FromMinutes(windowMinutes + 15))
                    {
                        throw new InvalidOperationException("the send did not finish: " + server.RecentOutput);
                    }

                    await Task.Delay(500);
                }

                var total = watch.Elapsed.TotalSeconds;
                peak = Math.Max(peak, server.StatusKb("VmHWM"));
                var received = Directory.Exists(Path.Combine(sinkDir, domain)) ? Directory.GetFiles(Path.Combine(sinkDir, domain), "*.eml").Length : 0;
                if (received != letters)
                {
                    throw new InvalidOperationException($"the sink received {received} of {letters}");
                }

                var minutes = await PerMinuteAsync(data, start);
                totals.Add(total);
                lates.Add(total - windowMinutes * 60);
                rss.Add(peak / 1024.0);
                Console.WriteLine($"| {round} | {baseline,5:F1} | {total,5:F1} | {total - windowMinutes * 60,5:F1} | {string.Join(", ", minutes)} | {peak / 1024} |");
                Directory.Delete(Path.Combine(sinkDir, domain), recursive: true);
            }
            finally
            {
                SqliteConnection.ClearAllPools();
                Directory.Delete(path, recursive: true);
            }
        }

        Console.WriteLine($"min/median/max: baseline {baselines.Min():F1}/{InboxBenchmark.Median(baselines):F1}/{baselines.Max():F1} s; server {totals.Min():F1}/{InboxBenchmark.Median(totals):F1}/{totals.Max():F1} s; past the window {lates.Min():F1}/{InboxBenchmark.Median(lates):F1}/{lates.Max():F1} s; peak RSS {rss.Min():F0}/{InboxBenchmark.Median(rss):F0}/{rss.Max():F0} MiB");
    }

    /// <summary>The baseline: this process sends <paramref name="count"/> small messages to the sink over one connection.</summary>
    private static async Task<double> DirectAsync(int port, int count)
    {
        var domain = RandomId.New()[..10] + ".test";
        var watch = Stopwatch.StartNew();
        using (var client = new SmtpClient())
        {
            await client.ConnectAsync("127.0.0.1", port, SecureSocketOptions.None);
            for (var i = 0; i < count; i++)
            {
                var message = new MimeMessage();
                message.From.Add(new MailboxAddress("Haven", "act@haven.test"));
                message.To.Add(new MailboxAddress("Official", $"official{i}@{domain}"));
                message.Subject = "Release the journalist";
                message.Body = new TextPart("plain") { Text = "Dear Prosecutor General,\n\nI urge you to release the journalist at once.\n\nAnna, Kazan" };
                await client.SendAsync(message);
            }

            await client.DisconnectAsync(true);
        }

        var elapsed = watch.Elapsed.TotalSeconds;
        return elapsed;
    }

    private static async Task QueueAsync(DataDirectory data, int letters, string domain, DateTimeOffset now, int windowMinutes)
    {
        var secrets = new ActSecrets(new InstanceState(data));
        var options = new MailOptions { WindowMinutes = windowMinutes };
        for (var done = 0; done < letters;)
        {
            await using var db = StorageServiceCollectionExtensions.CreateContext(data);
            for (var i = 0; i < 1000 && done < letters; i++, done++)
            {
                var payload = new MailPayload(
                    [new MailAddressee("Official", $"official{done}@{domain}")],
                    [new MailAddressee("Embassy", $"embassy@{domain}")],
                    "Release the journalist",
                    "Dear Prosecutor General,\n\nI urge you to release the journalist at once.\n\nAnna, Kazan",
                    "en");
                db.Outbox.Add(OutboxWriter.Create(secrets, MailKind.Letter, payload, now, OutboxSchedule.LetterDue(now, options), new ActionCountKey("bench", "target", LetterChannel.Haven, "en", "")));
            }

            await db.SaveChangesAsync();
        }
    }

    private static async Task<int> SentAsync(DataDirectory data)
    {
        await using var db = StorageServiceCollectionExtensions.CreateContext(data);
        return await db.Outbox.CountAsync(m => m.Status == OutboxStatus.Sent);
    }

    private static async Task<int> QueuedAsync(DataDirectory data)
    {
        await using var db = StorageServiceCollectionExtensions.CreateContext(data);
        return await db.Outbox.CountAsync();
    }

    /// <summary>How many letters were finished in each minute after <paramref name="start"/>.</summary>
    private static async Task<List<int>> PerMinuteAsync(DataDirectory data, DateTimeOffset start)
    {
        await using var db = StorageServiceCollectionExtensions.CreateContext(data);
        var finished = (await db.Outbox.AsNoTracking().Select(m => m.FinishedAt).ToListAsync()).Where(f => f is not null).Select(f => f!.Value).ToList();
        var minutes = finished.Count == 0 ? 0 : (int)((finished.Max() - start).TotalMinutes) + 1;
        return [.. Enumerable.Range(0, minutes).Select(m => finished.Count(f => (int)(f - start).TotalMinutes == m))];
    }

    /// <summary>A live action with one target that has an e-mail address (at the sink) and one copy.</summary>
    private static async Task<(string Slug, string TargetId)> SeedActionAsync(DataDirectory data)
    {
        var secrets = new ActSecrets(new InstanceState(data));
        var now = DateTimeOffset.UtcNow;
        var domain = RandomId.New()[..10] + ".test";
        var action = new UrgentAction
        {
            Id = RandomId.New(),
            Sequence = 1,
            Year = 2026,
            Status = ActionStatus.Live,
            Languages = "en",
            Texts = ActJson.Write(new Dictionary<string, ActionText>
            {
                ["en"] = new("Journalist detained", "A journalist is held without charge.", "He reported on the purge.", "Call for his immediate release", "Release the journalist", "{salutation},\n\nI urge you to release the journalist at once.\n\n{name}, {town}"),
            }),
            CreatedAt = now,
            UpdatedAt = now,
            PublishedAt = now,
        };
        ActionTarget Target(TargetKind kind, string email)
        {
            var id = RandomId.New();
            return new ActionTarget
            {
                Id = id,
                ActionId = action.Id,
                Kind = kind,
                Name = "Igor Krasnov",
                Title = "Prosecutor General",
                Organisation = "Office of the Prosecutor General",
                PostalAddress = "Moscow",
                Language = "en",
                Salutations = ActJson.Write(new Dictionary<string, string> { ["en"] = "Dear Prosecutor General" }),
                Channels = TargetChannels.Email,
                SealedEmail = secrets.SealText(email, ActSecrets.TargetEmail, id),
            };
        }

        var target = Target(TargetKind.Target, "prosecutor@" + domain);
        await using var db = StorageServiceCollectionExtensions.CreateContext(data);
        db.UrgentActions.Add(action);
        db.ActionTargets.AddRange(target, Target(TargetKind.Copy, "embassy@" + domain));
        await db.SaveChangesAsync();
        return ("1-26", target.Id);
    }

    private static Process StartSink(int port, string directory)
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])[Path.Combine(ServerProcess.RepositoryRoot(), "tests", "smtp", "sink.py"), "--port", port.ToString(CultureInfo.InvariantCulture), "--dir", directory])
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the sink");
        var line = process.StandardOutput.ReadLine();
        if (line is null || !line.StartsWith("listening", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("the sink did not start (python3-aiosmtpd installed?): " + process.StandardError.ReadToEnd());
        }

        return process;
    }

    [GeneratedRegex("<form [^>]*id=\"letter-form\".*?</form>", RegexOptions.Singleline)]
    private static partial Regex LetterForm();

    [GeneratedRegex("<input [^>]*type=\"hidden\"[^>]*>")]
    private static partial Regex HiddenInput();

    [GeneratedRegex("name=\"([^\"]+)\"")]
    private static partial Regex NameAttribute();

    [GeneratedRegex("value=\"([^\"]*)\"")]
    private static partial Regex ValueAttribute();
}
