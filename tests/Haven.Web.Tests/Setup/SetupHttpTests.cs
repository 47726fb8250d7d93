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
