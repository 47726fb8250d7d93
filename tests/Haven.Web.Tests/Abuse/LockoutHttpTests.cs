using System.Net;
using Haven.Accounts;
using Haven.Tests;
using Haven.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Haven.Web.Tests.Abuse;

/// <summary>
/// The login and receipt throttles over HTTP, as an attacker who knows no passphrase and no receipt would
/// use them: cheap malformed attempts count for nothing, a name's allowance spent by wrong passphrases keeps
/// out new browsers for one window but never the responder's own browser, a flood of well-formed receipts
/// delays a correct one by a bounded time, and attempts sent at once reserve their place before Argon2id
/// (the gate's derivation counter says how many were really checked).
/// </summary>
public sealed class LockoutHttpTests
{
    private const string WrongCode = "123456";

    [Fact]
    public async Task Cheap_malformed_attempts_cost_no_derivation_and_never_keep_out_a_correct_login_or_receipt()
    {
        // The defaults, as an operator runs them.
        await using var server = await HavenServer.StartAsync();
        var receipt = await NewCaseReceiptAsync(server);
        var gate = server.Services.GetRequiredService<Argon2Gate>();
        var before = gate.Derivations;

        using var attacker = server.CreateClient();
        var malformedLogins = new (string Name, string Passphrase, string Code)[]
        {
            (HavenServer.AdminName, "", WrongCode),
            (HavenServer.AdminName, new string('p', NewResponder.MaxPassphraseLength + 1), WrongCode),
            (HavenServer.AdminName, "a long enough passphrase", "x"),
            (HavenServer.AdminName, "a long enough passphrase", ""),
            ("", "a long enough passphrase", WrongCode),
            (new string('n', NewResponder.MaxNameLength + 1), "a long enough passphrase", WrongCode),
        };
        for (var i = 0; i < 60; i++)
        {
            var (name, passphrase, code) = malformedLogins[i % malformedLogins.Length];
            var refused = await attacker.LoginAsync(name, passphrase, code);
            Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
            Assert.Contains("The name, passphrase or code is wrong.", refused.Html, StringComparison.Ordinal);
        }

        foreach (var typed in Enumerable.Repeat(new[] { "x", "", "1234 5678", "1111 2222 3333 4444 55555" }, 15).SelectMany(r => r))
        {
            var refused = await attacker.ReturnAsync(typed);
            Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        }

        Assert.Equal(before, gate.Derivations);

        using var responder = server.CreateClient();
        Assert.Equal("/desk", (await responder.LoginAsync(HavenServer.AdminName, HavenServer.AdminPassphrase, server.AdminCode())).Location.AbsolutePath);
        using var person = server.CreateClient();
        Assert.Equal("/conversation", (await person.ReturnAsync(receipt)).Location.AbsolutePath);
    }

    [Fact]
    public async Task A_name_under_attack_still_logs_in_from_its_own_browser_and_from_a_new_one_after_a_bounded_wait()
    {
        await using var server = await HavenServer.StartAsync("--Haven:Throttle:Logins:FailuresPerWindow=3", "--Haven:Throttle:Logins:Window=00:10:00");
        using var own = server.CreateClient();
        Assert.Equal("/desk", (await own.LoginAsync(HavenServer.AdminName, HavenServer.AdminPassphrase, server.AdminCode())).Location.AbsolutePath);
        var device = own.Cookies.GetAllCookies().Single(c => c.Name == "haven-device");
        Assert.True(device.HttpOnly);
        Assert.Equal("/desk", device.Path);

        // An attacker spends the name's allowance with well-formed wrong passphrases; an unknown name is
        // treated exactly the same, so the answers tell nothing about which names exist.
        using var attacker = server.CreateClient();
        foreach (var name in new[] { HavenServer.AdminName, "Nobody" })
        {
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(HttpStatusCode.BadRequest, (await attacker.LoginAsync(name, $"a wrong passphrase {i}", WrongCode)).Status);
            }

            var locked = await attacker.LoginAsync(name, "one more wrong passphrase", WrongCode);
            Assert.Equal(HttpStatusCode.TooManyRequests, locked.Status);
            Assert.Contains("Too many failed attempts for this name", locked.Html, StringComparison.Ordinal);

            // The allowance comes back one attempt at a time: 3 per 10 minutes is one every 200 seconds.
            Assert.Equal(TimeSpan.FromSeconds(200), locked.Response.Headers.RetryAfter?.Delta);
        }

        // A new browser with the right passphrase and code waits too: it looks like the attacker.
        using var newBrowser = server.CreateClient();
        var refused = await newBrowser.LoginAsync(HavenServer.AdminName, HavenServer.AdminPassphrase, server.AdminCode(1));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.Contains("from a browser where you have logged in before", refused.Html, StringComparison.Ordinal);

        // The responder's own browser carries the device cookie of an earlier login and gets in at once.
        Assert.Equal("/desk", (await own.LoginAsync(HavenServer.AdminName, HavenServer.AdminPassphrase, server.AdminCode(1))).Location.AbsolutePath);

        // A device cookie is bound to its responder: it gives no allowance for another name.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await own.LoginAsync("Nobody", "a wrong passphrase", WrongCode)).Status);

        // Once the attacker's last attempt is 200 seconds old, the new browser gets in.
        server.Clock.Advance(TimeSpan.FromSeconds(200));
        Assert.Equal("/desk", (await newBrowser.LoginAsync(HavenServer.AdminName, HavenServer.AdminPassphrase, server.AdminCode())).Location.AbsolutePath);
    }

    [Fact]
    public async Task A_correct_receipt_gets_through_a_flood_of_wrong_ones_after_a_bounded_wait()
    {
        await using var server = await HavenServer.StartAsync("--Haven:Throttle:Receipts:AttemptsPerMinute=6", "--Haven:Throttle:Receipts:MaxWait=00:00:00");
        var receipt = await NewCaseReceiptAsync(server);
        using var attacker = server.CreateClient();
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await attacker.ReturnAsync($"1111 2222 3333 4444 555{i}")).Status);
        }

        var busy = await attacker.ReturnAsync("1111 2222 3333 4444 5559");
        Assert.Equal(HttpStatusCode.TooManyRequests, busy.Status);

        using var person = server.CreateClient();
        var waiting = await person.ReturnAsync(receipt);
        Assert.Equal(HttpStatusCode.TooManyRequests, waiting.Status);
        Assert.Contains("Please try again in 10 seconds", waiting.Html, StringComparison.Ordinal);
        using var russian = server.CreateClient("ru");
        Assert.Contains("Попробуйте снова через 10 секунд.", (await russian.ReturnAsync(receipt)).Html, StringComparison.Ordinal);
        var retryAfter = waiting.Response.Headers.RetryAfter?.Delta;
        Assert.Equal(TimeSpan.FromSeconds(10), retryAfter);

        // The wait is one derivation's share of the limit, not a window the attacker can keep renewing.
        server.Clock.Advance(retryAfter!.Value);
        Assert.Equal("/conversation", (await person.ReturnAsync(receipt)).Location.AbsolutePath);
    }

    [Fact]
    public async Task Beyond_the_rate_a_correct_receipt_waits_its_fair_turn_instead_of_being_refused()
    {
        await using var server = await HavenServer.StartAsync("--Haven:Throttle:Receipts:AttemptsPerMinute=6", "--Haven:Throttle:Receipts:MaxWait=00:00:10");
        var receipt = await NewCaseReceiptAsync(server);
        using var attacker = server.CreateClient();
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await attacker.ReturnAsync($"1111 2222 3333 4444 555{i}")).Status);
        }

        // The next turn is 10 seconds away, within MaxWait: the person waits for it and gets in. The clock is
        // moved along meanwhile, so that this holds whether the server's timers follow it or real time.
        using var person = server.CreateClient();
        var opening = await Eventually.ResultAsync("the person's turn", person.ReturnAsync(receipt), () => server.Clock.Advance(TimeSpan.FromSeconds(1)), deadline: TimeSpan.FromSeconds(30), interval: TimeSpan.FromMilliseconds(200));
        Assert.Equal("/conversation", opening.Location.AbsolutePath);
    }

    [Fact]
    public async Task A_follow_up_sent_with_a_receipt_while_receipts_are_busy_keeps_its_text_and_says_when_to_send_again()
    {
        await using var server = await HavenServer.StartAsync("--Haven:Throttle:Receipts:AttemptsPerMinute=2", "--Haven:Throttle:Receipts:MaxWait=00:00:00");
        var receipt = await NewCaseReceiptAsync(server);
        using var person = server.CreateClient();
        Assert.Equal("/conversation", (await person.ReturnAsync(receipt)).Location.AbsolutePath);
        var page = await person.GetAsync("/conversation");
        List<KeyValuePair<string, string>> fields = [new("__af", HavenClient.Hidden(page.Html, "__af")!), new("RecordId", HavenClient.Hidden(page.Html, "RecordId")!), new("Text", "written while they flood")];

        // The session runs out; meanwhile the receipt budget is spent.
        server.Clock.Advance(TimeSpan.FromHours(2));
        using var attacker = server.CreateClient();
        await attacker.ReturnAsync("1111 2222 3333 4444 5550");
        await attacker.ReturnAsync("1111 2222 3333 4444 5551");

        var busy = await person.PostAsync("/conversation", [.. fields, new("Receipt", receipt)]);
        Assert.Equal(HttpStatusCode.TooManyRequests, busy.Status);
        Assert.Contains("Please try again in 30 seconds", busy.Html, StringComparison.Ordinal);
        Assert.Contains("written while they flood</textarea>", busy.Html, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(30), busy.Response.Headers.RetryAfter?.Delta);

        server.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal("/conversation", (await person.PostAsync("/conversation", [.. fields, new("Receipt", receipt)])).Location.AbsolutePath);
    }

    [Fact]
    public async Task A_follow_up_with_files_sent_with_a_receipt_while_the_key_derivations_are_full_asks_for_the_files_again()
    {
        await using var server = await HavenServer.StartAsync("--Haven:Argon2:MaxConcurrent=1", "--Haven:Argon2:MaxQueue=0");
        var receipt = await NewCaseReceiptAsync(server);
        using var person = server.CreateClient();
        Assert.Equal("/conversation", (await person.ReturnAsync(receipt)).Location.AbsolutePath);
        var page = await person.GetAsync("/conversation");
        List<KeyValuePair<string, string>> fields = [new("__af", HavenClient.Hidden(page.Html, "__af")!), new("RecordId", HavenClient.Hidden(page.Html, "RecordId")!), new("Text", "written while it is busy"), new("Receipt", receipt)];

        // The session runs out, and the only intake slot for key derivations is taken (with no waiting line).
        server.Clock.Advance(TimeSpan.FromHours(2));
        using var release = new SemaphoreSlim(0);
        var gate = server.Services.GetRequiredService<Argon2Gate>();
        var before = gate.Derivations;
        var holding = gate.RunAsync(() => release.Wait(TimeSpan.FromMinutes(1)), CancellationToken.None);
        Assert.Equal(before + 1, gate.Derivations);
        try
        {
            var busy = await person.PostMultipartAsync("/conversation", fields, [("photo.jpg", new ByteArrayContent([1, 2, 3]))]);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.Status);
            Assert.Contains("Haven is very busy right now", busy.Html, StringComparison.Ordinal);
            Assert.Contains("written while it is busy</textarea>", busy.Html, StringComparison.Ordinal);
            Assert.Contains("Files you chose were not kept: please choose them again.", busy.Html, StringComparison.Ordinal);
        }
        finally
        {
            release.Release();
            await holding;
        }
    }

    [Fact]
    public async Task Wrong_logins_for_one_name_sent_at_once_check_at_most_the_allowance()
    {
        await using var server = await HavenServer.StartAsync("--Haven:Throttle:Logins:FailuresPerWindow=5", "--Haven:Throttle:Logins:Window=00:10:00");
        var gate = server.Services.GetRequiredService<Argon2Gate>();
        var before = gate.Derivations;
        using var attacker = server.CreateClient();
        var statuses = await PostAtOnceAsync(attacker, "/desk/login", 100, i => [new("Name", HavenServer.AdminName), new("Passphrase", $"a wrong passphrase {i}"), new("Code", WrongCode)]);

        Assert.InRange(gate.Derivations - before, 1, 5);
        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.BadRequest));
        Assert.Equal(95, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task Wrong_logins_for_many_names_sent_at_once_check_at_most_the_instance_limit()
    {
        await using var server = await HavenServer.StartAsync("--Haven:Throttle:Logins:AttemptsPerMinute=5", "--Haven:Throttle:Logins:MaxWait=00:00:00");
        var gate = server.Services.GetRequiredService<Argon2Gate>();
        var before = gate.Derivations;
        using var attacker = server.CreateClient();
        var statuses = await PostAtOnceAsync(attacker, "/desk/login", 100, i => [new("Name", $"Someone {i}"), new("Passphrase", $"a wrong passphrase {i}"), new("Code", WrongCode)]);

        Assert.InRange(gate.Derivations - before, 1, 5);
        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.BadRequest));
        Assert.Equal(95, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task Wrong_receipts_sent_at_once_check_at_most_the_limit()
    {
        await using var server = await HavenServer.StartAsync("--Haven:Throttle:Receipts:AttemptsPerMinute=5", "--Haven:Throttle:Receipts:MaxWait=00:00:00");
        var gate = server.Services.GetRequiredService<Argon2Gate>();
        var before = gate.Derivations;
        using var attacker = server.CreateClient();
        var statuses = await PostAtOnceAsync(attacker, "/return", 100, i => [new("Receipt", $"1111 2222 3333 4444 {i:D4}")]);

        Assert.InRange(gate.Derivations - before, 1, 5);
        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.BadRequest));
        Assert.Equal(95, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
    }

    /// <summary>A person who asked for help and sent a request: their receipt, which opens a case.</summary>
    private static async Task<string> NewCaseReceiptAsync(HavenServer server)
    {
        using var person = server.CreateClient();
        var receipt = await person.AskForHelpAsync();
        Assert.Equal("/sent", (await person.SubmitRequestAsync("please help")).Location.AbsolutePath);
        return receipt;
    }

    /// <summary>Posts <paramref name="count"/> forms to <paramref name="path"/> all at once, with the page's anti-forgery token.</summary>
    private static async Task<HttpStatusCode[]> PostAtOnceAsync(HavenClient client, string path, int count, Func<int, KeyValuePair<string, string>[]> fields)
    {
        var page = await client.GetAsync(path);
        var token = HavenClient.Hidden(page.Html, "__af")!;
        using var start = new SemaphoreSlim(0);
        var posts = Enumerable.Range(0, count).Select(async i =>
        {
            await start.WaitAsync();
            using var content = new FormUrlEncodedContent([.. fields(i), new("__af", token)]);
            using var response = await client.Http.PostAsync(path, content);
            return response.StatusCode;
        }).ToList();
        start.Release(count);
        return await Task.WhenAll(posts);
    }
}
