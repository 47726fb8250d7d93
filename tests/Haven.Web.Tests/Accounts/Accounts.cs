using System.Net;
using System.Text.RegularExpressions;
using Haven.Accounts;
using Haven.Audit;
using Haven.Storage;
using Haven.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Haven.Web.Tests.Accounts;

/// <summary>A responder created for a test, with what they need to log in.</summary>
internal sealed record TestResponder(string Id, string Name, string Passphrase, string TotpSecret)
{
    /// <summary>Logs in with the code of the clock's next time step (each login needs a step not used before).</summary>
    public async Task<HavenClient.Page> LoginAsync(HavenServer server, HavenClient client, string? passphrase = null)
    {
        server.Clock.Advance(TimeSpan.FromSeconds(30));
        return await client.LoginAsync(Name, passphrase ?? Passphrase, TotpCodes.Compute(TotpSecret, server.Clock.GetUtcNow()));
    }
}

/// <summary>Intent helpers for the account tests: responders, invitations, the audit log as stored.</summary>
internal static partial class Accounts
{
    public const string Passphrase = "lanterns over quiet water";

    /// <summary>Adds a responder directly to the database, as <c>haven responder add</c> would.</summary>
    public static async Task<TestResponder> AddResponderAsync(HavenServer server, string name, ResponderRole role, string passphrase = Passphrase)
    {
        var (responder, totp) = NewResponder.Create(name, passphrase, role, DateOnly.FromDateTime(server.Clock.GetUtcNow().UtcDateTime));
        await using var db = await Factory(server).CreateDbContextAsync();
        Assert.Equal(ResponderOutcome.None, await Haven.Instance.AddResponderCommand.ExecuteAsync(db, responder, CancellationToken.None));
        return new TestResponder(responder.Id, responder.Name, passphrase, totp);
    }

    /// <summary>Logs the administrator in on a fresh client, at the clock's next time step.</summary>
    public static async Task<HavenClient> AdminAsync(HavenServer server)
    {
        var client = server.CreateClient();
        server.Clock.Advance(TimeSpan.FromSeconds(30));
        var login = await client.LoginAsync(HavenServer.AdminName, HavenServer.AdminPassphrase, server.AdminCode());
        Assert.Equal("/desk", login.Location.AbsolutePath);
        return client;
    }

    /// <summary>Creates an invitation on /desk/responders and returns the token of the link shown.</summary>
    public static async Task<string> InviteAsync(HavenClient admin, string role)
    {
        var page = await admin.PostFormAsync("/desk/responders", "/desk/responders?handler=invite", [new("role", role)]);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        var match = InviteLink().Match(page.Html);
        Assert.True(match.Success, "No invitation link shown: " + page.Html);
        return match.Groups[1].Value;
    }

    /// <summary>Chooses a name and passphrase on the invitation page; returns the TOTP secret shown for enrolment.</summary>
    public static async Task<string> StartEnrolmentAsync(HavenClient invitee, string token, string name, string passphrase = Passphrase)
    {
        var page = await invitee.PostFormAsync($"/invite/{token}", $"/invite/{token}?handler=account", [new("Name", name), new("Passphrase", passphrase), new("Confirm", passphrase)]);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal($"/invite/{token}", page.Location.AbsolutePath);
        var match = TotpSecret().Match(page.Html);
        Assert.True(match.Success, "No TOTP secret shown: " + page.Html);
        Assert.Contains("src=\"data:image/svg&#x2B;xml;base64,", page.Html, StringComparison.Ordinal);
        return match.Groups[1].Value;
    }

    public static Task<HavenClient.Page> VerifyCodeAsync(HavenClient invitee, string token, string code) =>
        invitee.PostFormAsync($"/invite/{token}", $"/invite/{token}?handler=totp", [new("Code", code)]);

    /// <summary>The whole enrolment through an invitation link; returns the new responder.</summary>
    public static async Task<TestResponder> EnrolAsync(HavenServer server, string token, string name, string passphrase = Passphrase)
    {
        using var invitee = server.CreateClient();
        var totp = await StartEnrolmentAsync(invitee, token, name, passphrase);
        var done = await VerifyCodeAsync(invitee, token, TotpCodes.Compute(totp, server.Clock.GetUtcNow()));
        Assert.Equal("/desk/login", done.Location.AbsolutePath);
        await using var db = await Factory(server).CreateDbContextAsync();
        var id = await db.Responders.Where(r => r.Name == name).Select(r => r.Id).SingleAsync();
        return new TestResponder(id, name, passphrase, totp);
    }

    /// <summary>The audit log as stored, oldest first.</summary>
    public static async Task<List<AuditEntry>> AuditAsync(HavenServer server)
    {
        await using var db = await Factory(server).CreateDbContextAsync();
        return await db.AuditEntries.AsNoTracking().OrderBy(e => e.Seq).ToListAsync();
    }

    public static IDbContextFactory<HavenDbContext> Factory(HavenServer server) => server.Services.GetRequiredService<IDbContextFactory<HavenDbContext>>();

    [GeneratedRegex("id=\"invite-link\">https?://[^<]*/invite/([A-Za-z0-9_-]{43})</p>")]
    private static partial Regex InviteLink();

    [GeneratedRegex("id=\"totp-secret\">([A-Z2-7]+)</p>")]
    private static partial Regex TotpSecret();
}
