using System.Net;
using System.Text.RegularExpressions;
using Haven.Accounts;
using Haven.Crypto;
using Haven.Instance;
using Haven.Tests;
using Haven.Web.Setup;
using Haven.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Haven.Web.Tests.Setup;

public sealed class SetupHttpTests
{
    [Fact]
    public async Task The_one_time_link_creates_the_first_administrator_with_totp_and_shows_the_recovery_secret_once()
    {
        await using var server = await HavenServer.StartFreshAsync();
        var data = TestDatabases.Data(server.DataPath);
        Assert.False(InstanceKeys.Exists(data));
        var token = server.Services.GetRequiredService<SetupState>().Token!;
        using var client = server.CreateClient();

        // The intake is closed until set-up is done.
        Assert.Contains("This service is being set up", (await client.GetAsync("/")).Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/setup/0000")).Status);

        var tooShort = await client.PostFormAsync($"/setup/{token}", $"/setup/{token}?handler=account", [new("Name", "Olga"), new("Passphrase", "short"), new("Confirm", "short")]);
        Assert.Equal(HttpStatusCode.BadRequest, tooShort.Status);
        Assert.Contains("at least 12 characters", tooShort.Html, StringComparison.Ordinal);
        var mismatch = await client.PostFormAsync($"/setup/{token}", $"/setup/{token}?handler=account", [new("Name", "Olga"), new("Passphrase", "a long passphrase one"), new("Confirm", "a long passphrase two")]);
        Assert.Contains("The two passphrases differ.", mismatch.Html, StringComparison.Ordinal);

        var totpPage = await client.PostFormAsync($"/setup/{token}", $"/setup/{token}?handler=account", [new("Name", "Olga"), new("Passphrase", "a long passphrase one"), new("Confirm", "a long passphrase one")]);
        Assert.Contains("src=\"data:image/svg&#x2B;xml;base64,", totpPage.Html, StringComparison.Ordinal);
        var secret = Regex.Match(totpPage.Html, "id=\"totp-secret\">([A-Z2-7]+)<").Groups[1].Value;
        Assert.NotEmpty(secret);

        var wrong = await client.PostFormAsync($"/setup/{token}", $"/setup/{token}?handler=totp", [new("Code", "000000")]);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.Status);
        var code = TotpCodes.Compute(secret, server.Clock.GetUtcNow());
        var recoveryPage = await client.PostFormAsync($"/setup/{token}", $"/setup/{token}?handler=totp", [new("Code", code)]);
        var recoveryText = Regex.Match(recoveryPage.Html, "id=\"recovery-secret\">([^<]+)<").Groups[1].Value;
        Assert.True(RecoverySecret.TryParse(recoveryText, out var recoveryKey));

        // Not confirmed: nothing is written yet.
        var unconfirmed = await client.PostFormAsync($"/setup/{token}", $"/setup/{token}?handler=finish", []);
        Assert.Equal(HttpStatusCode.BadRequest, unconfirmed.Status);
        Assert.False(InstanceKeys.Exists(data));

        var done = await client.PostFormAsync($"/setup/{token}", $"/setup/{token}?handler=finish", [new("Stored", "true")]);
        Assert.Equal("/desk/login", done.Location.AbsolutePath);
        Assert.Contains("Set-up is complete", done.Html, StringComparison.Ordinal);

        // The key file holds the public half of the recovery secret shown, and the link is dead.
        using var recovery = X25519KeyPair.FromSecretKey(recoveryKey);
        Assert.Equal(recovery.PublicKey, InstanceKeys.Load(data).RecoveryPublicKey);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/setup/{token}")).Status);
        Assert.DoesNotContain(recoveryText.Split(':')[1].Trim().Replace(" ", "", StringComparison.Ordinal), await File.ReadAllTextAsync(data.InstanceKeyFile), StringComparison.Ordinal);

        // The code used at enrolment cannot log in again; the next one can.
        var reused = await client.LoginAsync("Olga", "a long passphrase one", code);
        Assert.Equal(HttpStatusCode.BadRequest, reused.Status);
        var login = await client.LoginAsync("Olga", "a long passphrase one", TotpCodes.Compute(secret, server.Clock.GetUtcNow().AddSeconds(30)));
        Assert.Equal("/desk", login.Location.AbsolutePath);

        // The intake is open now.
        using var person = server.CreateClient();
        Assert.Equal(20, (await person.AskForHelpAsync()).Length);
    }

    [Fact]
    public async Task The_set_up_link_is_bound_to_the_first_browser_that_opens_it_and_another_browser_sees_no_secret()
    {
        await using var server = await HavenServer.StartFreshAsync();
        var data = TestDatabases.Data(server.DataPath);
        var token = server.Services.GetRequiredService<SetupState>().Token!;

        // A HEAD (a link checker) binds nothing; the first GET does, with an HttpOnly, SameSite=Strict cookie.
        using var first = server.CreateClient();
        using (var head = await first.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/setup/{token}")))
        {
            Assert.False(head.Headers.Contains("Set-Cookie") && head.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("haven-setup=", StringComparison.Ordinal)));
        }

        var opened = await first.GetAsync($"/setup/{token}");
        Assert.Equal(HttpStatusCode.OK, opened.Status);
        Assert.Contains("name=\"Passphrase\"", opened.Html, StringComparison.Ordinal);
        var cookie = opened.Response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("haven-setup=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("expires", cookie, StringComparison.OrdinalIgnoreCase);
        var binding = first.Cookies.GetCookies(new Uri(server.BaseAddress, $"/setup/{token}")).Single(c => c.Name == "haven-setup").Value;

        // A second browser (no cookie, or a made-up one) is told the link was opened elsewhere, and gets no form.
        using var second = server.CreateClient();
        var elsewhere = await second.GetAsync($"/setup/{token}");
        Assert.Equal(HttpStatusCode.Forbidden, elsewhere.Status);
        Assert.Contains("already opened in another browser", elsewhere.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"Passphrase\"", elsewhere.Html, StringComparison.Ordinal);
        second.Cookies.Add(server.BaseAddress, new System.Net.Cookie("haven-setup", new string('A', binding.Length), "/setup"));
        Assert.Equal(HttpStatusCode.Forbidden, (await second.GetAsync($"/setup/{token}")).Status);
        using var russian = server.CreateClient("ru");
        var ru = await russian.GetAsync($"/setup/{token}");
        Assert.Equal(HttpStatusCode.Forbidden, ru.Status);
        Assert.Contains("уже открыта в другом браузере", ru.Html, StringComparison.Ordinal);

        // Its posts are refused: it can neither choose the administrator nor read or use the TOTP secret.
        // (With a valid anti-forgery token of its own, so that it is the binding that refuses them.)
        var antiforgery = HavenClient.Hidden((await second.GetAsync("/desk/login")).Html, "__af")!;
        List<KeyValuePair<string, string>> Form(KeyValuePair<string, string>[] fields) => [new("__af", antiforgery), .. fields];
        var taken = await second.PostAsync($"/setup/{token}?handler=account", Form([new("Name", "Mallory"), new("Passphrase", "a long passphrase two"), new("Confirm", "a long passphrase two")]));
        Assert.Equal(HttpStatusCode.Forbidden, taken.Status);

        var totpPage = await first.PostFormAsync($"/setup/{token}", $"/setup/{token}?handler=account", [new("Name", "Olga"), new("Passphrase", "a long passphrase one"), new("Confirm", "a long passphrase one")]);
        var secret = Regex.Match(totpPage.Html, "id=\"totp-secret\">([A-Z2-7]+)<").Groups[1].Value;
        Assert.NotEmpty(secret);
        var peek = await second.GetAsync($"/setup/{token}");
        Assert.Equal(HttpStatusCode.Forbidden, peek.Status);
        Assert.DoesNotContain(secret, peek.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Olga", peek.Html, StringComparison.Ordinal);
        var stolen = await second.PostAsync($"/setup/{token}?handler=totp", Form([new("Code", TotpCodes.Compute(secret, server.Clock.GetUtcNow()))]));
        Assert.Equal(HttpStatusCode.Forbidden, stolen.Status);
        Assert.DoesNotContain("recovery-secret", stolen.Html, StringComparison.Ordinal);

        var recoveryPage = await first.PostFormAsync($"/setup/{token}", $"/setup/{token}?handler=totp", [new("Code", TotpCodes.Compute(secret, server.Clock.GetUtcNow()))]);
        var recoveryText = Regex.Match(recoveryPage.Html, "id=\"recovery-secret\">([^<]+)<").Groups[1].Value;
        Assert.True(RecoverySecret.TryParse(recoveryText, out _));
        var late = await second.GetAsync($"/setup/{token}");
        Assert.Equal(HttpStatusCode.Forbidden, late.Status);
        Assert.DoesNotContain("recovery-secret", late.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(recoveryText, late.Html, StringComparison.Ordinal);
        var finish = await second.PostAsync($"/setup/{token}?handler=finish", Form([new("Stored", "true")]));
        Assert.Equal(HttpStatusCode.Forbidden, finish.Status);
        Assert.False(InstanceKeys.Exists(data));

        // The first browser finishes; the binding is not kept anywhere on disk.
        var done = await first.PostFormAsync($"/setup/{token}", $"/setup/{token}?handler=finish", [new("Stored", "true")]);
        Assert.Equal("/desk/login", done.Location.AbsolutePath);
        await server.StopAsync();
        Assert.Empty(Haven.Web.Tests.Canary.PlaintextScan.Find(server.DataPath, [binding]));
    }

    [Fact]
    public async Task After_haven_init_the_set_up_link_only_creates_the_administrator()
    {
        var path = Path.Combine(Path.GetTempPath(), "haven-test-" + RandomId.New());
        var data = TestDatabases.Data(path);
        using (await InitInstanceCommand.ExecuteAsync(data, CancellationToken.None))
        {
        }

        await using var server = await HavenServer.StartOnAsync(path);
        var token = server.Services.GetRequiredService<SetupState>().Token!;
        using var client = server.CreateClient();
        var totpPage = await client.PostFormAsync($"/setup/{token}", $"/setup/{token}?handler=account", [new("Name", "Olga"), new("Passphrase", "a long passphrase one"), new("Confirm", "a long passphrase one")]);
        var secret = Regex.Match(totpPage.Html, "id=\"totp-secret\">([A-Z2-7]+)<").Groups[1].Value;
        var finish = await client.PostFormAsync($"/setup/{token}", $"/setup/{token}?handler=totp", [new("Code", TotpCodes.Compute(secret, server.Clock.GetUtcNow()))]);
        Assert.DoesNotContain("recovery-secret", finish.Html, StringComparison.Ordinal);
        var done = await client.PostFormAsync($"/setup/{token}", $"/setup/{token}?handler=finish", [new("Stored", "true")]);
        Assert.Equal("/desk/login", done.Location.AbsolutePath);
    }
}
