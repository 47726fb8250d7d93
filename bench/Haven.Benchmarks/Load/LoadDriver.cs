using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Haven.Load;

/// <summary>A responder the load logs in as: name, passphrase, and a way to get a current TOTP code.</summary>
internal sealed record LoadResponder(string Name, string Passphrase, Func<string> Code);

/// <summary>What the load does.</summary>
/// <param name="People">People writing at once, each with their own receipt and case.</param>
/// <param name="Responders">Responders working at once (inbox, case pages, replies).</param>
/// <param name="Duration">How long the timed part lasts.</param>
/// <param name="PageEvery">Every n-th follow-up also loads the conversation page it is redirected to, as a browser does (1: every one; 0: never, the next record id is drawn by the client).</param>
/// <param name="ReplyEvery">A responder replies on every n-th case page it opens; 0 never.</param>
internal sealed record LoadOptions(int People, int Responders, TimeSpan Duration, int PageEvery = 1, int ReplyEvery = 5);

/// <summary>Counts and latencies of one kind of request.</summary>
internal sealed class LoadSeries(string name)
{
    private readonly ConcurrentQueue<double> _milliseconds = new();
    private int _errors;

    public string Name { get; } = name;

    public int Count => _milliseconds.Count;

    public int Errors => Volatile.Read(ref _errors);

    public void Add(double milliseconds) => _milliseconds.Enqueue(milliseconds);

    public void Error() => Interlocked.Increment(ref _errors);

    /// <summary>The q-quantile (0..1) of the latencies, nearest rank; NaN when there are none.</summary>
    public double Quantile(double q)
    {
        var sorted = _milliseconds.ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        Array.Sort(sorted);
        return sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}

/// <summary>The outcome of a load run.</summary>
internal sealed class LoadResult
{
    public LoadSeries FirstRequests { get; } = new("first request (ask for help + request)");

    public LoadSeries Messages { get; } = new("follow-up message");

    public LoadSeries Desk { get; } = new("desk page (inbox or case)");

    public LoadSeries Replies { get; } = new("reply");

    /// <summary>Receipt and record id of every follow-up the server acknowledged (answered with its redirect).</summary>
    public ConcurrentBag<(string Receipt, string RecordId)> Acknowledged { get; } = [];

    /// <summary>Receipts of the people whose first request was acknowledged.</summary>
    public ConcurrentBag<string> Receipts { get; } = [];

    /// <summary>The first few error descriptions (status and path, or the exception type), for the report.</summary>
    public ConcurrentQueue<string> ErrorSamples { get; } = new();

    public TimeSpan Elapsed { get; set; }

    public IEnumerable<LoadSeries> All => [FirstRequests, Messages, Desk, Replies];

    public int Errors => All.Sum(s => s.Errors);

    public void Sample(string error)
    {
        if (ErrorSamples.Count < 20)
        {
            ErrorSamples.Enqueue(error);
        }
    }
}

/// <summary>
/// Drives a running Haven over HTTP like browsers do: people ask for help, send their request and then keep
/// sending follow-up messages; responders log in and keep opening the inbox and cases and replying. Plain
/// HTTP with cookies and the forms' hidden fields, nothing of the server's internals, so that it measures
/// what a client sees. Used by the <c>load</c> benchmark and by the fault test.
/// </summary>
internal sealed partial class LoadDriver(Uri baseAddress, LoadOptions options, IReadOnlyList<LoadResponder> responders)
{
    /// <summary>Prepares <see cref="LoadOptions.People"/> people (each asks for help and sends a request), then runs the timed load.</summary>
    public Task<LoadResult> RunAsync(CancellationToken cancellationToken) => RunAsync(new LoadResult(), cancellationToken);

    /// <summary>As <see cref="RunAsync(CancellationToken)"/>, filling <paramref name="result"/> as it goes (so that a caller can watch it).</summary>
    public async Task<LoadResult> RunAsync(LoadResult result, CancellationToken cancellationToken)
    {
        var people = await PreparePeopleAsync(result, cancellationToken);
        var desk = await PrepareRespondersAsync(result, cancellationToken);
        using var timed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timed.CancelAfter(options.Duration);
        var clock = Stopwatch.StartNew();
        var tasks = people.Select(p => PersonLoopAsync(p, result, timed.Token))
            .Concat(desk.Select((d, i) => ResponderLoopAsync(d, i, result, timed.Token)))
            .ToList();
        await Task.WhenAll(tasks);
        result.Elapsed = clock.Elapsed;
        foreach (var client in people.Select(p => p.Http).Concat(desk))
        {
            client.Dispose();
        }

        return result;
    }

    /// <summary>Each person asks for help and sends a first request, a few at a time (receipts are Argon2id-bound).</summary>
    public async Task<List<Person>> PreparePeopleAsync(LoadResult result, CancellationToken cancellationToken)
    {
        var people = new ConcurrentBag<Person>();
        await Parallel.ForEachAsync(Enumerable.Range(0, options.People), new ParallelOptions { MaxDegreeOfParallelism = Math.Max(2, Environment.ProcessorCount * 2), CancellationToken = cancellationToken }, async (_, ct) =>
        {
            var person = await FirstRequestAsync(result, ct);
            if (person is not null)
            {
                people.Add(person);
            }
        });
        return [.. people];
    }

    /// <summary>One person: "ask for help", keep the receipt, send the request. Null when the server refused.</summary>
    public async Task<Person?> FirstRequestAsync(LoadResult result, CancellationToken cancellationToken)
    {
        var http = NewClient();
        var clock = Stopwatch.StartNew();
        try
        {
            var landing = await GetAsync(http, "/", cancellationToken);
            var started = await PostAsync(http, "/start", [new("__af", Hidden(landing, "__af"))], cancellationToken);
            var receiptPage = started.Location is { } next ? await GetAsync(http, next, cancellationToken) : started;
            var receipt = new string(ReceiptPattern().Match(receiptPage.Body).Groups[1].Value.Where(char.IsAsciiDigit).ToArray());
            var form = await GetAsync(http, "/request", cancellationToken);
            var sent = await PostAsync(http, "/request", [
                new("__af", Hidden(form, "__af")), new("Input.RecordId", Hidden(form, "Input.RecordId")), new("Input.Ticket", Hidden(form, "Input.Ticket")),
                new("Input.Urgency", "days"), new("Input.Help", "evacuation"), new("Input.Text", "load test request " + receipt), new("Input.Contact", ""),
            ], cancellationToken);
            if (receipt.Length != 20 || sent.Status != HttpStatusCode.Redirect || sent.Location != "/sent")
            {
                throw new LoadException($"first request: {sent.Status} {sent.Location}");
            }

            result.FirstRequests.Add(clock.Elapsed.TotalMilliseconds);
            result.Receipts.Add(receipt);
            var conversation = await GetAsync(http, "/conversation", cancellationToken);
            return new Person(http, receipt) { Token = Hidden(conversation, "__af"), RecordId = Hidden(conversation, "RecordId") };
        }
        catch (Exception e) when (e is LoadException || IsConnectionFailure(e) && !cancellationToken.IsCancellationRequested)
        {
            result.FirstRequests.Error();
            result.Sample(e is LoadException ? e.Message : e.GetType().Name);
            http.Dispose();
            return null;
        }
    }

    /// <summary>Sends follow-ups until the time is up; each is acknowledged by the redirect to the conversation.</summary>
    public async Task PersonLoopAsync(Person person, LoadResult result, CancellationToken cancellationToken)
    {
        var n = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var recordId = person.RecordId ?? NewRecordId();
            var clock = Stopwatch.StartNew();
            try
            {
                var sent = await PostAsync(person.Http, "/conversation", [new("__af", person.Token!), new("RecordId", recordId), new("Text", $"follow-up {n++} from {person.Receipt}")], cancellationToken);
                if (sent.Status != HttpStatusCode.Redirect || sent.Location?.StartsWith("/conversation", StringComparison.Ordinal) != true)
                {
                    throw new LoadException($"follow-up: {(int)sent.Status} {sent.Location}");
                }

                result.Acknowledged.Add((person.Receipt, recordId));
                if (options.PageEvery > 0 && n % options.PageEvery == 0)
                {
                    var page = await GetAsync(person.Http, sent.Location, cancellationToken);
                    person.RecordId = Hidden(page, "RecordId");
                    person.Token = Hidden(page, "__af");
                }
                else
                {
                    person.RecordId = null;
                }

                result.Messages.Add(clock.Elapsed.TotalMilliseconds);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is LoadException || IsConnectionFailure(e))
            {
                result.Messages.Error();
                result.Sample(e is LoadException ? e.Message : e.GetType().Name);
                person.RecordId = null;
                await Task.Delay(50, CancellationToken.None);
            }
        }
    }

    private async Task<List<HttpClient>> PrepareRespondersAsync(LoadResult result, CancellationToken cancellationToken)
    {
        var clients = new List<HttpClient>();
        foreach (var responder in responders.Take(options.Responders))
        {
            var http = NewClient();
            var form = await GetAsync(http, "/desk/login", cancellationToken);
            var login = await PostAsync(http, "/desk/login", [new("__af", Hidden(form, "__af")), new("Name", responder.Name), new("Passphrase", responder.Passphrase), new("Code", responder.Code())], cancellationToken);
            if (login.Status != HttpStatusCode.Redirect)
            {
                result.Desk.Error();
                result.Sample($"login: {(int)login.Status}");
                http.Dispose();
                continue;
            }

            clients.Add(http);
        }

        return clients;
    }

    private async Task ResponderLoopAsync(HttpClient http, int index, LoadResult result, CancellationToken cancellationToken)
    {
        var random = new Random(index);
        var opened = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                var inbox = await GetAsync(http, "/desk", cancellationToken);
                var cases = CaseLink().Matches(inbox.Body).Select(m => m.Groups[1].Value).Distinct().ToList();
                if (inbox.Status != HttpStatusCode.OK)
                {
                    throw new LoadException($"inbox: {(int)inbox.Status}");
                }

                result.Desk.Add(clock.Elapsed.TotalMilliseconds);
                if (cases.Count == 0)
                {
                    continue;
                }

                var caseId = cases[random.Next(cases.Count)];
                clock.Restart();
                var page = await GetAsync(http, $"/desk/case/{caseId}", cancellationToken);
                if (page.Status != HttpStatusCode.OK)
                {
                    throw new LoadException($"case page: {(int)page.Status}");
                }

                result.Desk.Add(clock.Elapsed.TotalMilliseconds);
                if (options.ReplyEvery > 0 && ++opened % options.ReplyEvery == 0)
                {
                    clock.Restart();
                    var reply = await PostAsync(http, $"/desk/case/{caseId}/reply", [new("__af", Hidden(page, "__af")), new("RecordId", Hidden(page, "RecordId")), new("Text", "load test reply")], cancellationToken);
                    if (reply.Status != HttpStatusCode.Redirect)
                    {
                        throw new LoadException($"reply: {(int)reply.Status}");
                    }

                    result.Replies.Add(clock.Elapsed.TotalMilliseconds);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is LoadException || IsConnectionFailure(e))
            {
                result.Desk.Error();
                result.Sample(e is LoadException ? e.Message : e.GetType().Name);
                await Task.Delay(50, CancellationToken.None);
            }
        }
    }

    /// <summary>
    /// A request that failed because the server went away or did not answer in time. <see cref="SocketException"/> is
    /// among them: a connection reset between the connect and the client's look at the remote end point escapes
    /// <see cref="HttpClient"/> unwrapped (seen when the server is killed under load).
    /// </summary>
    public static bool IsConnectionFailure(Exception e) => e is HttpRequestException or IOException or SocketException or TaskCanceledException;

    private HttpClient NewClient() => new(new SocketsHttpHandler { CookieContainer = new CookieContainer(), UseCookies = true, AllowAutoRedirect = false, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(60),
        DefaultRequestHeaders = { { "Accept-Language", "en" } },
    };

    private static async Task<Answer> GetAsync(HttpClient http, string path, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(path, cancellationToken);
        return new Answer(response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken), response.Headers.Location?.OriginalString);
    }

    private static async Task<Answer> PostAsync(HttpClient http, string path, IEnumerable<KeyValuePair<string, string>> fields, CancellationToken cancellationToken)
    {
        using var content = new FormUrlEncodedContent(fields);
        using var response = await http.PostAsync(path, content, cancellationToken);
        return new Answer(response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken), response.Headers.Location?.OriginalString);
    }

    private static string Hidden(Answer answer, string name)
    {
        var match = Regex.Match(answer.Body, $"name=\"{Regex.Escape(name)}\"[^>]*value=\"([^\"]*)\"");
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : throw new LoadException($"no {name} in a {(int)answer.Status} answer");
    }

    private static string NewRecordId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    [GeneratedRegex(@"class=""receipt""[^>]*>([0-9 ]+)<")]
    private static partial Regex ReceiptPattern();

    [GeneratedRegex(@"href=""/desk/case/([0-9a-f]{32})""")]
    private static partial Regex CaseLink();

    /// <summary>A person with their browser (cookies) and the hidden fields of their current form.</summary>
    internal sealed class Person(HttpClient http, string receipt)
    {
        public HttpClient Http { get; } = http;

        public string Receipt { get; } = receipt;

        public string? Token { get; set; }

        public string? RecordId { get; set; }
    }

    private sealed record Answer(HttpStatusCode Status, string Body, string? Location);

    private sealed class LoadException(string message) : Exception(message);
}
