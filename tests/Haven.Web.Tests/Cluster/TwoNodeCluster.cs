using System.Diagnostics;
using System.Globalization;
using System.Net;
using Haven.Accounts;
using Haven.Crypto;
using Haven.Instance;
using Haven.Load;
using Haven.Storage;
using Haven.Tests;
using Haven.Web.Tests.Cli;
using Haven.Web.Tests.Infrastructure;

namespace Haven.Web.Tests.Cluster;

/// <summary>
/// Two shipped Haven.Web processes (the Debug build, each its own process) on one PostgreSQL database behind
/// HAProxy with the sticky cookie, as docs/operations.md ("Running several nodes") deploys them: each node
/// has its own data directory holding a copy of the one <c>instance.key</c>, and both keep blobs in one shared
/// folder (<c>Haven:Blobs:Path</c>). Started once per test run (the class fixture of
/// <see cref="TwoNodeHaproxyTests"/>), lazily by the first test, so that the SQLite run starts nothing.
/// <para>
/// <see cref="RunAsync"/> plays the whole scenario once, in a fixed order, and keeps what it saw for the tests
/// to judge one part each: new visitors are spread over both nodes and stay on theirs; a burst of receipt
/// attempts through both nodes; then people (first requests, follow-ups, files) and responders (log in,
/// inbox, cases, replies) at once through the proxy; node <c>a</c> killed with SIGKILL mid-load; the load
/// carries on on node <c>b</c>; people and a responder whose node died carry on there; then what is
/// stored, <c>haven audit verify</c>, and the retention lease's run counter.
/// </para>
/// </summary>
public sealed class TwoNodeCluster : IAsyncLifetime
{
    /// <summary>Retention runs this often (the shortest interval allowed is 1 s): often enough to count runs.</summary>
    public static readonly TimeSpan RetentionInterval = TimeSpan.FromSeconds(2);

    /// <summary>Receipts checked per minute for the whole instance in this test (Haven:Throttle:Receipts:AttemptsPerMinute).</summary>
    public const int ReceiptLimit = 10;

    private const string Passphrase = "two nodes passphrase";

    private readonly SemaphoreSlim _once = new(1, 1);
    private readonly List<ServerProcess> _nodes = [];
    private TwoNodeOutcome? _outcome;
    private HaproxyProcess? _proxy;
    private string? _root;

    /// <summary>The shared folder of blobs (<c>Haven:Blobs:Path</c>).</summary>
    internal string Blobs => Path.Combine(_root!, "blobs");

    private string DataA => Path.Combine(_root!, "node-a");

    private string DataB => Path.Combine(_root!, "node-b");

    /// <summary>Plays the scenario the first time it is asked, then returns what it saw.</summary>
    internal async Task<TwoNodeOutcome> RunAsync()
    {
        await _once.WaitAsync();
        try
        {
            return _outcome ??= await PlayAsync();
        }
        finally
        {
            _once.Release();
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _proxy?.Dispose();
        foreach (var node in _nodes)
        {
            node.Dispose();
        }

        if (_root is not null)
        {
            TestDatabases.Drop(_root);
            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        _once.Dispose();
        await Task.CompletedTask;
    }

    private async Task<TwoNodeOutcome> PlayAsync()
    {
        _root = Path.Combine(Path.GetTempPath(), "haven-two-nodes-" + RandomId.New());
        Directory.CreateDirectory(_root);
        var outcome = new TwoNodeOutcome();

        // One instance: set up in node a's data directory; node b gets a copy of instance.key and the same database.
        var recoveryPublicKey = await InitAsync(TestDatabases.Data(DataA));
        TestDatabases.Share(DataA, DataB);
        OwnerOnly.CreateFolder(DataB);
        CopyOwnerOnly(Path.Combine(DataA, "instance.key"), Path.Combine(DataB, "instance.key"));
        OwnerOnly.CreateFolder(Blobs);
        var desk = await AddRespondersAsync(recoveryPublicKey, 3);

        string[] settings =
        [
            .. TestDatabases.HostSettings(DataA),
            "--Haven:Blobs:Path=" + Blobs,
            "--Haven:Retention:Interval=" + RetentionInterval.ToString("c", CultureInfo.InvariantCulture),
            "--Haven:Throttle:Receipts:AttemptsPerMinute=" + ReceiptLimit.ToString(CultureInfo.InvariantCulture),
            "--Haven:Throttle:Receipts:MaxWait=00:00:00",

            // A node killed with SIGKILL keeps its job leases until they expire: a short lease lets the other take over in the test.
            "--Haven:Cluster:LeaseSeconds=3",
            "--Haven:Throttle:Submissions:NewCasesPerMinute=1000000",
            "--Haven:Throttle:Submissions:MessagesPerMinute=1000000",
            "--Haven:Throttle:Submissions:MessagesPerCaseBurst=1000000",
            "--Haven:Throttle:Submissions:MessagesPerCasePerMinute=1000000",
        ];

        // Retention may run from the moment the first node starts: the clock for "runs per interval" starts here.
        var since = Stopwatch.StartNew();
        var a = await ServerProcess.StartAsync("Debug", DataA, settings);
        _nodes.Add(a);
        var b = await ServerProcess.StartAsync("Debug", DataB, settings);
        _nodes.Add(b);
        _proxy = await HaproxyProcess.StartAsync([("a", a.BaseAddress.Port), ("b", b.BaseAddress.Port)]);
        var proxy = _proxy.BaseAddress;

        // 1. New visitors are spread over both nodes; each stays on the node it was given.
        for (var i = 0; i < 6; i++)
        {
            using var visitor = new HavenClient(proxy, "en");
            await visitor.GetAsync("/");
            var node = NodeOf(visitor);
            await visitor.GetAsync("/return");
            outcome.FirstNodes.Add(node ?? "(no cookie)");
            outcome.SecondNodes.Add(NodeOf(visitor) ?? "(no cookie)");
        }

        // 2. A burst of well-formed receipts that open nothing, one fresh browser each (so spread over both nodes).
        var burst = Stopwatch.StartNew();
        for (var i = 0; i < 3 * ReceiptLimit; i++)
        {
            using var attacker = new HavenClient(proxy, "en");
            var answer = await attacker.ReturnAsync(Receipt.Generate());
            var node = NodeOf(attacker) ?? "(no cookie)";
            outcome.BurstByNode[node] = outcome.BurstByNode.GetValueOrDefault(node) + 1;
            if (answer.Status == HttpStatusCode.BadRequest)
            {
                outcome.BurstAdmitted++;
            }
            else if (answer.Status == HttpStatusCode.TooManyRequests)
            {
                outcome.BurstRefused++;
            }
            else
            {
                outcome.Problems.Add($"receipt burst: {(int)answer.Status} from node {node}");
            }
        }

        outcome.BurstElapsed = burst.Elapsed;

        // 3. People and responders through the proxy, all at once.
        var watchedPeople = new List<Watched>();
        for (var i = 0; i < 6; i++)
        {
            watchedPeople.Add(await WatchedPersonAsync(proxy, i));
        }

        // The watching responder works on node a, the one to be killed: a new browser until the proxy gives it node a.
        var watcher = new HavenClient(proxy, "en");
        for (var i = 0; i < 8; i++)
        {
            await watcher.GetAsync("/desk/login");
            if (NodeOf(watcher) == "a")
            {
                break;
            }

            watcher.Dispose();
            watcher = new HavenClient(proxy, "en");
        }

        var watcherLogin = await watcher.LoginAsync(desk[2].Name, Passphrase, desk[2].Code());
        outcome.WatcherNode = NodeOf(watcher);
        if (watcherLogin.Location.AbsolutePath != "/desk")
        {
            outcome.Problems.Add($"the watching responder could not log in: {(int)watcherLogin.Status} {watcherLogin.Location}");
        }

        var load = new LoadResult();
        using var stop = new CancellationTokenSource();
        var driver = new LoadDriver(proxy, new LoadOptions(People: 6, Responders: 2, Duration: TimeSpan.FromMinutes(10), ReplyEvery: 2), desk.Take(2).Select(d => d.ForLoad()).ToList());
        var loadTask = driver.RunAsync(load, stop.Token);
        var files = new FileSenders(proxy);
        var filesTask = files.RunAsync(2, stop.Token);

        // Newcomers all along: each first request writes an audit entry (case.created), from both nodes at once.
        var newcomers = Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    var person = await driver.FirstRequestAsync(load, stop.Token);
                    person?.Http.Dispose();
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
        }));

        await Eventually.UntilAsync(
            "100 follow-ups, 3 files and 2 replies through the proxy",
            () =>
            {
                Assert.False(a.HasExited || b.HasExited, a.RecentOutput + "\n" + b.RecentOutput);
                return load.Acknowledged.Count >= 100 && files.Acknowledged.Count >= 3 && load.Replies.Count >= 2;
            },
            deadline: TimeSpan.FromMinutes(4),
            interval: TimeSpan.FromMilliseconds(20),
            state: () => $"{load.Acknowledged.Count} follow-ups, {files.Acknowledged.Count} files, {load.Replies.Count} replies; errors: {string.Join("; ", load.ErrorSamples)}; a: {a.RecentOutput}; b: {b.RecentOutput}");

        // The case page the watching responder has open when its node dies, with a reply typed into it.
        var watchedCase = (await watcher.InboxCaseIdsAsync()).FirstOrDefault();
        var openCase = watchedCase is null ? null : await watcher.GetAsync($"/desk/case/{watchedCase}");

        // 4. SIGKILL node a in the middle of it all.
        outcome.RetentionRunsAtKill = await RetentionRunsAsync();
        var acknowledgedAtKill = load.Acknowledged.Count;
        outcome.ErrorsBeforeKill = load.Errors + files.Errors;
        outcome.ErrorSamplesBeforeKill = [.. load.ErrorSamples, .. files.ErrorSamples];
        outcome.FirstRequestsBeforeKill = load.FirstRequests.Count;
        a.KillHard();
        outcome.Killed = "a";

        await Eventually.UntilAsync(
            "100 more follow-ups on node b",
            () =>
            {
                Assert.False(b.HasExited, b.RecentOutput);
                return load.Acknowledged.Count >= acknowledgedAtKill + 100;
            },
            deadline: TimeSpan.FromMinutes(4),
            interval: TimeSpan.FromMilliseconds(20),
            state: () => $"{load.Acknowledged.Count - acknowledgedAtKill} follow-ups since the kill; errors: {string.Join("; ", load.ErrorSamples)}; b: {b.RecentOutput}; proxy: {_proxy.RecentOutput}");

        // 5. People whose node died carry on: a follow-up written before the kill is sent after it.
        foreach (var person in watchedPeople)
        {
            await CarryOnAsync(person, outcome);
        }

        // The responder whose node may have died: the reply typed before the kill keeps its text; logging in again works.
        if (openCase is not null)
        {
            var text = "reply typed before the kill";
            List<KeyValuePair<string, string>> form = [new("__af", HavenClient.Hidden(openCase.Html, "__af") ?? ""), new("RecordId", HavenClient.Hidden(openCase.Html, "RecordId") ?? ""), new("Text", text)];
            var posted = await PostAsBrowserAsync(watcher, proxy, $"/desk/case/{watchedCase}/reply", form);
            if (outcome.WatcherNode == "a")
            {
                // Node b does not know the session: 307 to the signed-out page, where the browser sends the same form.
                if (posted.Status != HttpStatusCode.TemporaryRedirect || posted.Location != "/desk/signed-out")
                {
                    outcome.SessionProblems.Add($"the responder's reply posted after node a died: {(int)posted.Status} {posted.Location}, not the way to the signed-out page");
                }
                else
                {
                    var shown = await PostAsBrowserAsync(watcher, proxy, "/desk/signed-out", form);
                    if (shown.Status != HttpStatusCode.OK || !shown.Body.Contains(text, StringComparison.Ordinal))
                    {
                        outcome.SessionProblems.Add($"the signed-out page after node a died: {(int)shown.Status}, the reply's text {(shown.Body.Contains(text, StringComparison.Ordinal) ? "kept" : "lost")}");
                    }
                }
            }

            if (outcome.WatcherNode == "a" || posted.Status != HttpStatusCode.Redirect)
            {
                var again = await watcher.LoginAsync(desk[2].Name, Passphrase, desk[2].Code(1));
                if (again.Location.AbsolutePath != "/desk")
                {
                    outcome.SessionProblems.Add($"the responder could not log in again on node b: {(int)again.Status} {again.Location}");
                }

                var replied = await watcher.ReplyAsync(watchedCase!, text);
                if (replied.Status != HttpStatusCode.OK || replied.Location.AbsolutePath != $"/desk/case/{watchedCase}")
                {
                    outcome.SessionProblems.Add($"the responder's reply after logging in again: {(int)replied.Status} {replied.Location}");
                }
            }
        }

        watcher.Dispose();
        await stop.CancelAsync();
        await loadTask;
        await filesTask;
        await newcomers;
        outcome.Load = load;
        outcome.FilesAcknowledged = [.. files.Acknowledged];

        // 6. Retention keeps running with one node left (a takeover, if node a held it): two more runs.
        try
        {
            await Eventually.UntilAsync(
                "two more retention runs after the kill",
                async () =>
                {
                    outcome.RetentionRunsAfterKill = await RetentionRunsAsync();
                    return outcome.RetentionRunsAfterKill >= (outcome.RetentionRunsAtKill ?? 0) + 2;
                },
                deadline: TimeSpan.FromSeconds(60),
                interval: TimeSpan.FromMilliseconds(200));
        }
        catch (TimeoutException)
        {
            // The retention test says what was seen; the other tests judge the rest of the run.
        }

        outcome.RetentionElapsed = since.Elapsed;
        outcome.RetentionRunsAtEnd = await RetentionRunsAsync();

        // 7. What is stored, read straight from the database and the shared blob folder.
        outcome.StoredMessages = await ColumnAsync("SELECT id FROM records WHERE kind = 'message'");
        outcome.StoredFiles = await ColumnAsync("SELECT id FROM files");
        outcome.Sources = (await ColumnAsync("SELECT case_id FROM sources")).Count;
        outcome.BlobsInSharedFolder = Directory.GetFiles(Blobs).Select(Path.GetFileName).OfType<string>().ToList();
        outcome.Watched = watchedPeople;
        outcome.AuditVerify = await CliRunner.RunAsync("audit", "verify", "--data", DataB);
        outcome.SurvivorOutput = b.RecentOutput;
        return outcome;
    }

    /// <summary>The node a browser was given (the sticky cookie's value), or null.</summary>
    internal static string? NodeOf(HavenClient client) =>
        client.Cookies.GetAllCookies().FirstOrDefault(c => c.Name == HaproxyProcess.Cookie)?.Value;

    private static async Task<byte[]> InitAsync(DataDirectory data)
    {
        using var recovery = await InitInstanceCommand.ExecuteAsync(data, CancellationToken.None);
        return recovery.PublicKey;
    }

    private static void CopyOwnerOnly(string from, string to)
    {
        File.Copy(from, to);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(to, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    /// <summary>An administrator and coordinators, each with a TOTP code on the real clock (<c>Code(steps)</c>: a later step).</summary>
    private async Task<List<DeskPerson>> AddRespondersAsync(byte[] recoveryPublicKey, int count)
    {
        var desk = new List<DeskPerson>();
        await using var db = StorageServiceCollectionExtensions.CreateContext(TestDatabases.Data(DataA));
        for (var i = 0; i < count; i++)
        {
            var (responder, totp) = NewResponder.Create(i == 0 ? "Admin" : $"Coordinator {i}", Passphrase, i == 0 ? ResponderRole.Admin : ResponderRole.Coordinator, DateOnly.FromDateTime(DateTime.UtcNow));
            if (i == 0)
            {
                await AddResponderCommand.ExecuteAsync(db, responder, recoveryPublicKey, CancellationToken.None);
            }
            else
            {
                await AddResponderCommand.ExecuteAsync(db, responder, CancellationToken.None);
            }

            desk.Add(new DeskPerson(responder.Name, totp));
        }

        return desk;
    }

    /// <summary>A person who asks for help through the proxy and opens the follow-up form (its token and record id kept).</summary>
    private static async Task<Watched> WatchedPersonAsync(Uri proxy, int index)
    {
        // The proxy alternates new browsers between the nodes, so pairs of languages put both on each node.
        var language = index / 2 % 2 == 0 ? "en" : "ru";
        var client = new HavenClient(proxy, language);
        var receipt = await client.AskForHelpAsync();
        var sent = await client.SubmitRequestAsync($"first request of watched person {index}");
        if (sent.Status != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"watched person {index}: the first request was refused: {(int)sent.Status}");
        }

        var page = await client.GetAsync("/conversation");
        return new Watched(client, language, receipt, NodeOf(client) ?? "(no cookie)", HavenClient.Hidden(page.Html, "__af")!, HavenClient.Hidden(page.Html, "RecordId")!, $"written before the kill by watched person {index}");
    }

    /// <summary>
    /// The watched person sends what they wrote before the kill. On the survivor it is stored at once; on the
    /// dead node's people, node b answers "session ended" keeping the text, and the same form sent again with
    /// the receipt is stored.
    /// </summary>
    private static async Task CarryOnAsync(Watched person, TwoNodeOutcome outcome)
    {
        List<KeyValuePair<string, string>> fields = [new("__af", person.Token), new("RecordId", person.RecordId), new("Text", person.Text)];
        var sent = await person.Client.PostAsync("/conversation", fields);
        if (sent.Status == HttpStatusCode.OK && sent.Location.AbsolutePath == "/conversation")
        {
            person.Acknowledged = true;
            return;
        }

        if (person.Node == "b")
        {
            outcome.SessionProblems.Add($"a person on the surviving node: {(int)sent.Status} {sent.Location}");
            return;
        }

        // In the person's language (Error_SessionEnded), the text kept, the receipt asked for.
        var ended = person.Language == "ru" ? "Пока вы писали, сеанс завершился." : "Your session ended while you were writing.";
        if (sent.Status != HttpStatusCode.BadRequest || !sent.Html.Contains(ended, StringComparison.Ordinal) || !sent.Html.Contains(person.Text + "</textarea>", StringComparison.Ordinal) || !sent.Html.Contains("name=\"Receipt\"", StringComparison.Ordinal))
        {
            outcome.SessionProblems.Add($"a person ({person.Language}) whose node died was not told the session ended (text kept, receipt asked): {(int)sent.Status} {sent.Location}: {Excerpt(sent.Html)}");
            return;
        }

        // The receipt burst earlier spent the instance's receipt allowance (held for both nodes): a 429 keeps the text
        // and says when to come back, and the person sends again then, as the page asks.
        var again = await person.Client.PostAsync("/conversation", [new("__af", HavenClient.Hidden(sent.Html, "__af") ?? person.Token), new("RecordId", HavenClient.Hidden(sent.Html, "RecordId") ?? person.RecordId), new("Text", person.Text), new("Receipt", person.Receipt)]);
        await Eventually.UntilAsync(
            "the receipt allowance to come back for a person whose node died",
            async () =>
            {
                if (again.Status != HttpStatusCode.TooManyRequests)
                {
                    return true;
                }

                if (!again.Html.Contains(person.Text + "</textarea>", StringComparison.Ordinal))
                {
                    outcome.SessionProblems.Add("a person whose node died lost the text on a 429");
                    return true;
                }

                again = await person.Client.PostAsync("/conversation", [new("__af", HavenClient.Hidden(again.Html, "__af") ?? person.Token), new("RecordId", HavenClient.Hidden(again.Html, "RecordId") ?? person.RecordId), new("Text", person.Text), new("Receipt", person.Receipt)]);
                return again.Status != HttpStatusCode.TooManyRequests;
            },
            deadline: TimeSpan.FromSeconds(90),
            interval: TimeSpan.FromSeconds(2));
        if (again.Status == HttpStatusCode.OK && again.Location.AbsolutePath == "/conversation")
        {
            person.Acknowledged = true;
        }
        else
        {
            outcome.SessionProblems.Add($"a person whose node died, sending again with the receipt: {(int)again.Status} {again.Location}");
        }
    }

    /// <summary>A POST as a browser sends it from one of the site's own pages (its Origin), without following the answer.</summary>
    private static async Task<(HttpStatusCode Status, string? Location, string Body)> PostAsBrowserAsync(HavenClient client, Uri proxy, string path, IEnumerable<KeyValuePair<string, string>> fields)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("Origin", proxy.GetLeftPart(UriPartial.Authority));
        using var response = await client.Http.SendAsync(request);
        return (response.StatusCode, response.Headers.Location?.OriginalString, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The page's error messages, for a report (the page's own text, nothing a person wrote beyond the test's).</summary>
    private static string Excerpt(string html)
    {
        var start = html.IndexOf("class=\"error", StringComparison.Ordinal);
        var end = start < 0 ? -1 : html.IndexOf("</p>", start, StringComparison.Ordinal);
        return start < 0 || end < 0 ? "(no error shown)" : html[start..end];
    }

    private async Task<long?> RetentionRunsAsync()
    {
        var runs = await ColumnAsync("SELECT runs FROM node_leases WHERE name = 'retention'");
        return runs.Count == 0 ? null : long.Parse(runs[0], CultureInfo.InvariantCulture);
    }

    private async Task<List<string>> ColumnAsync(string sql)
    {
        await using var connection = await RawDatabase.OpenAsync(DataA, readOnly: true);
        await using var command = RawDatabase.Command(connection, sql);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture)!);
        }

        return values;
    }

    /// <summary>A responder of the scenario: name and TOTP secret.</summary>
    private sealed record DeskPerson(string Name, string TotpSecret)
    {
        public string Code(int steps = 0) => TotpCodes.Compute(TotpSecret, DateTimeOffset.UtcNow.AddSeconds(30 * steps));

        public LoadResponder ForLoad() => new(Name, Passphrase, () => Code());
    }
}
