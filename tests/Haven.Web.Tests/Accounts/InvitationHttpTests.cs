using System.Net;
using System.Text;
using Haven.Accounts;
using Haven.Crypto;
using Haven.Web.Tests.Canary;
using Haven.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Haven.Web.Tests.Accounts;

public sealed class InvitationHttpTests
{
    /// <summary>
    /// A role is read by its name alone: "Coordinator, Caseworker" is not a role (the framework's enum parser read
    /// it as the flags 1 | 2, which is Analyst), nor is a number, a name with spaces around it or in other case.
    /// </summary>
    [Theory]
    [InlineData("Coordinator, Caseworker")]
    [InlineData("Coordinator,Caseworker")]
    [InlineData("3")]
    [InlineData(" Analyst")]
    [InlineData("analyst")]
    [InlineData("")]
    public async Task An_invitation_for_anything_but_a_role_name_is_refused_and_makes_no_invitation(string role)
    {
        await using var server = await HavenServer.StartAsync();
        using var admin = await Accounts.AdminAsync(server);
        var page = await admin.PostFormAsync("/desk/responders", "/desk/responders?handler=invite", [new("role", role)]);
        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.DoesNotContain("/invite/", page.Html, StringComparison.Ordinal);
        await using var db = await Accounts.Factory(server).CreateDbContextAsync();
        Assert.False(await db.Invitations.AnyAsync());
    }

    [Fact]
    public async Task An_invited_responder_enrols_with_TOTP_and_logs_in_with_the_role_they_were_invited_for()
    {
        await using var server = await HavenServer.StartAsync();
        using var admin = await Accounts.AdminAsync(server);
        var token = await Accounts.InviteAsync(admin, "Coordinator");

        using var invitee = server.CreateClient();
        var open = await invitee.GetAsync($"/invite/{token}");
        Assert.Equal(HttpStatusCode.OK, open.Status);
        Assert.Contains("Coordinator", open.Html, StringComparison.Ordinal);

        var totp = await Accounts.StartEnrolmentAsync(invitee, token, "Nadia R");

        // Until a code is verified, the account does not exist.
        await using (var db = await Accounts.Factory(server).CreateDbContextAsync())
        {
            Assert.False(await db.Responders.AnyAsync(r => r.Name == "Nadia R"));
        }

        var wrong = await Accounts.VerifyCodeAsync(invitee, token, "000000");
        Assert.Equal(HttpStatusCode.BadRequest, wrong.Status);
        var enrolledAt = TotpCodes.Compute(totp, server.Clock.GetUtcNow());
        var done = await Accounts.VerifyCodeAsync(invitee, token, enrolledAt);
        Assert.Equal("/desk/login", done.Location.AbsolutePath);

        // The code used at enrolment cannot log in again; the next one does.
        using var client = server.CreateClient();
        var reused = await client.LoginAsync("Nadia R", Accounts.Passphrase, enrolledAt);
        Assert.NotEqual("/desk", reused.Location.AbsolutePath);
        var responder = new TestResponder("", "Nadia R", Accounts.Passphrase, totp);
        var login = await responder.LoginAsync(server, client);
        Assert.Equal("/desk", login.Location.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/desk/responders")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/desk/audit")).Status);
        var account = await client.GetAsync("/desk/account");
        Assert.Contains("Nadia R (Coordinator)", account.Html, StringComparison.Ordinal);

        await using (var db = await Accounts.Factory(server).CreateDbContextAsync())
        {
            var saved = await db.Responders.SingleAsync(r => r.Name == "Nadia R");
            Assert.Equal(ResponderRole.Coordinator, saved.Role);
            Assert.True(saved.Active);
            var invitation = await db.Invitations.SingleAsync();
            Assert.True(invitation.Used);
            Assert.Equal(Blake2b.Hash(32, Encoding.ASCII.GetBytes(token), []), invitation.TokenHash);
            Assert.Equal(ResponderRole.Coordinator, invitation.Role);

            var audit = await Accounts.AuditAsync(server);
            var invited = Assert.Single(audit, e => e.Action == "responder.invited");
            Assert.Equal("Coordinator", invited.SubjectId);
            Assert.NotEqual("system", invited.ActorId);
            var added = Assert.Single(audit, e => e.Action == "responder.added");
            Assert.Equal(saved.Id, added.SubjectId);
            Assert.Contains(audit, e => e.Action == "responder.login" && e.ActorId == saved.Id);
        }

        // Neither the token nor the TOTP secret is anywhere in the data directory.
        await server.StopAsync();
        Assert.Empty(PlaintextScan.Find(server.DataPath, [token, totp, Accounts.Passphrase]));
    }

    [Fact]
    public async Task Creating_an_invitation_redirects_to_a_page_that_shows_the_link_once_and_a_reload_creates_nothing()
    {
        await using var server = await HavenServer.StartAsync();
        using var admin = await Accounts.AdminAsync(server);
        var form = await admin.GetAsync("/desk/responders");
        using var content = new FormUrlEncodedContent([new("__af", HavenClient.Hidden(form.Html, "__af")!), new("role", "Analyst")]);
        using var post = await admin.Http.PostAsync("/desk/responders?handler=invite", content);

        // Post-redirect-get: the POST answers 303 to a GET address that does not carry the link.
        Assert.Equal(HttpStatusCode.SeeOther, post.StatusCode);
        var location = post.Headers.Location!.OriginalString;
        Assert.StartsWith("/desk/responders?", location, StringComparison.Ordinal);

        // Another session of the same administrator, given that address, sees no link and takes nothing away.
        using var other = await Accounts.AdminAsync(server);
        var elsewhere = await other.GetAsync(location);
        Assert.Equal(HttpStatusCode.OK, elsewhere.Status);
        Assert.DoesNotContain("id=\"invite-link\"", elsewhere.Html, StringComparison.Ordinal);

        var shown = await admin.GetAsync(location);
        Assert.Equal(HttpStatusCode.OK, shown.Status);
        var token = System.Text.RegularExpressions.Regex.Match(shown.Html, "id=\"invite-link\">https?://[^<]*/invite/([A-Za-z0-9_-]{43})</p>").Groups[1].Value;
        Assert.NotEmpty(token);
        Assert.DoesNotContain(token, location, StringComparison.Ordinal);
        Assert.Contains("no-store", shown.Response.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
        Assert.Contains("Analyst", shown.Html, StringComparison.Ordinal);

        // A reload shows the link no more and creates no second invitation.
        var reload = await admin.GetAsync(location);
        Assert.Equal(HttpStatusCode.OK, reload.Status);
        Assert.DoesNotContain("id=\"invite-link\"", reload.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(token, reload.Html, StringComparison.Ordinal);
        Assert.Contains("shown only once", reload.Html, StringComparison.Ordinal);
        await using (var db = await Accounts.Factory(server).CreateDbContextAsync())
        {
            Assert.Equal(1, await db.Invitations.CountAsync());
        }

        Assert.Single(await Accounts.AuditAsync(server), e => e.Action == "responder.invited");

        // The link shown works.
        await Accounts.EnrolAsync(server, token, "Ana");
    }

    [Fact]
    public async Task An_invitation_cannot_be_used_twice()
    {
        await using var server = await HavenServer.StartAsync();
        using var admin = await Accounts.AdminAsync(server);
        var token = await Accounts.InviteAsync(admin, "Caseworker");

        // Two people open the same link; the first to finish wins, the second is refused.
        using var second = server.CreateClient();
        await Accounts.EnrolAsync(server, token, "First");

        var again = await second.GetAsync($"/invite/{token}");
        Assert.Equal(HttpStatusCode.Gone, again.Status);
        Assert.Contains("already used", again.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"Passphrase\"", again.Html, StringComparison.Ordinal);
        var post = await second.PostAsync($"/invite/{token}?handler=account", [new("__af", HavenClient.Hidden((await second.GetAsync("/desk/login")).Html, "__af")!), new("Name", "Second"), new("Passphrase", Accounts.Passphrase), new("Confirm", Accounts.Passphrase)]);
        Assert.Equal(HttpStatusCode.Gone, post.Status);

        await using var db = await Accounts.Factory(server).CreateDbContextAsync();
        Assert.False(await db.Responders.AnyAsync(r => r.Name == "Second"));
        Assert.Single(await Accounts.AuditAsync(server), e => e.Action == "responder.added");
    }

    [Fact]
    public async Task Two_people_with_the_same_link_never_see_each_others_enrolment_and_only_one_account_is_made()
    {
        await using var server = await HavenServer.StartAsync();
        using var admin = await Accounts.AdminAsync(server);
        var token = await Accounts.InviteAsync(admin, "Caseworker");
        using var slow = server.CreateClient();
        var slowTotp = await Accounts.StartEnrolmentAsync(slow, token, "Slow");

        // Another browser with the link sees the first step, not the pending enrolment and its secret.
        using var other = server.CreateClient();
        var seen = await other.GetAsync($"/invite/{token}");
        Assert.Equal(HttpStatusCode.OK, seen.Status);
        Assert.DoesNotContain(slowTotp, seen.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Slow", seen.Html, StringComparison.Ordinal);
        Assert.Contains("name=\"Passphrase\"", seen.Html, StringComparison.Ordinal);
        var stolen = await other.PostAsync($"/invite/{token}?handler=totp", [new("__af", HavenClient.Hidden(seen.Html, "__af")!), new("Code", TotpCodes.Compute(slowTotp, server.Clock.GetUtcNow()))]);
        Assert.NotEqual("/desk/login", stolen.Location.AbsolutePath);

        await Accounts.EnrolAsync(server, token, "Fast");
        var antiforgery = HavenClient.Hidden((await slow.GetAsync("/desk/login")).Html, "__af")!;
        var late = await slow.PostAsync($"/invite/{token}?handler=totp", [new("__af", antiforgery), new("Code", TotpCodes.Compute(slowTotp, server.Clock.GetUtcNow()))]);
        Assert.Equal(HttpStatusCode.Gone, late.Status);
        await using var db = await Accounts.Factory(server).CreateDbContextAsync();
        Assert.Equal(["Admin", "Fast"], await db.Responders.OrderBy(r => r.Name).Select(r => r.Name).ToListAsync());
    }

    [Fact]
    public async Task An_invitation_expires_after_72_hours_by_default()
    {
        await using var server = await HavenServer.StartAsync();
        string token, pending;
        using (var admin = await Accounts.AdminAsync(server))
        {
            token = await Accounts.InviteAsync(admin, "Analyst");
            pending = await Accounts.InviteAsync(admin, "Analyst");
        }

        using var invitee = server.CreateClient();
        var totp = await Accounts.StartEnrolmentAsync(invitee, pending, "Late");
        server.Clock.Advance(TimeSpan.FromHours(71));
        Assert.Equal(HttpStatusCode.OK, (await invitee.GetAsync($"/invite/{token}")).Status);
        server.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));

        var expired = await invitee.GetAsync($"/invite/{token}");
        Assert.Equal(HttpStatusCode.Gone, expired.Status);
        Assert.Contains("expired", expired.Html, StringComparison.Ordinal);

        // An enrolment started in time cannot be finished once the invitation has expired.
        var antiforgery = HavenClient.Hidden((await invitee.GetAsync("/desk/login")).Html, "__af")!;
        var late = await invitee.PostAsync($"/invite/{pending}?handler=totp", [new("__af", antiforgery), new("Code", TotpCodes.Compute(totp, server.Clock.GetUtcNow()))]);
        Assert.Equal(HttpStatusCode.Gone, late.Status);
        await using var db = await Accounts.Factory(server).CreateDbContextAsync();
        Assert.False(await db.Responders.AnyAsync(r => r.Name == "Late"));
    }

    [Fact]
    public async Task The_lifetime_of_invitations_is_configurable()
    {
        await using var server = await HavenServer.StartAsync("--Haven:Invitations:Lifetime=01:00:00");
        using var admin = await Accounts.AdminAsync(server);
        var token = await Accounts.InviteAsync(admin, "Caseworker");
        using var invitee = server.CreateClient();
        server.Clock.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(HttpStatusCode.OK, (await invitee.GetAsync($"/invite/{token}")).Status);
        server.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.Gone, (await invitee.GetAsync($"/invite/{token}")).Status);
    }

    [Fact]
    public async Task An_unknown_or_malformed_token_is_not_found_in_the_persons_language()
    {
        await using var server = await HavenServer.StartAsync();
        using var client = server.CreateClient();
        var unknown = await client.GetAsync($"/invite/{InvitationTokens.New()}");
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Contains("There is no such invitation", unknown.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/invite/abc")).Status);

        using var russian = server.CreateClient("ru");
        var ru = await russian.GetAsync($"/invite/{InvitationTokens.New()}");
        Assert.Equal(HttpStatusCode.NotFound, ru.Status);
        Assert.Contains("Такого приглашения нет", ru.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_weak_passphrase_or_a_taken_name_is_refused_and_creates_nothing()
    {
        await using var server = await HavenServer.StartAsync();
        using var admin = await Accounts.AdminAsync(server);
        var token = await Accounts.InviteAsync(admin, "Caseworker");
        using var invitee = server.CreateClient();

        var shortOne = await invitee.PostFormAsync($"/invite/{token}", $"/invite/{token}?handler=account", [new("Name", "Kim"), new("Passphrase", "short"), new("Confirm", "short")]);
        Assert.Equal(HttpStatusCode.BadRequest, shortOne.Status);
        Assert.Contains("at least 12 characters", shortOne.Html, StringComparison.Ordinal);
        var mismatch = await invitee.PostFormAsync($"/invite/{token}", $"/invite/{token}?handler=account", [new("Name", "Kim"), new("Passphrase", Accounts.Passphrase), new("Confirm", Accounts.Passphrase + "x")]);
        Assert.Equal(HttpStatusCode.BadRequest, mismatch.Status);
        var taken = await invitee.PostFormAsync($"/invite/{token}", $"/invite/{token}?handler=account", [new("Name", HavenServer.AdminName), new("Passphrase", Accounts.Passphrase), new("Confirm", Accounts.Passphrase)]);
        Assert.Equal(HttpStatusCode.BadRequest, taken.Status);
        Assert.Contains("already taken", taken.Html, StringComparison.Ordinal);

        await using var db = await Accounts.Factory(server).CreateDbContextAsync();
        Assert.Equal(1, await db.Responders.CountAsync());
        Assert.False((await db.Invitations.SingleAsync()).Used);

        // The invitation is still good after all that.
        await Accounts.EnrolAsync(server, token, "Kim");
    }

    [Fact]
    public async Task A_name_with_invisible_characters_or_that_looks_like_an_existing_one_is_refused_in_the_persons_language()
    {
        await using var server = await HavenServer.StartAsync();
        await Accounts.AddResponderAsync(server, "Olga", ResponderRole.Caseworker);
        using var admin = await Accounts.AdminAsync(server);
        var token = await Accounts.InviteAsync(admin, "Caseworker");
        using var invitee = server.CreateClient();
        Task<HavenClient.Page> ChooseAsync(HavenClient client, string name) =>
            client.PostFormAsync($"/invite/{token}", $"/invite/{token}?handler=account", [new("Name", name), new("Passphrase", Accounts.Passphrase), new("Confirm", Accounts.Passphrase)]);

        foreach (var name in new[] { "Nadia\u200B", "Na\u200Fdia", "\u202ENadia", "Nadia\u2068", "Na\u2060dia", "Nadia\uFEFF" })
        {
            var invisible = await ChooseAsync(invitee, name);
            Assert.Equal(HttpStatusCode.BadRequest, invisible.Status);
            Assert.Contains("invisible characters", invisible.Html, StringComparison.Ordinal);
            Assert.DoesNotContain("id=\"totp-secret\"", invisible.Html, StringComparison.Ordinal);
        }

        // Latin "Olga" exists: Cyrillic "Оlga", Cyrillic "а", Greek "Ο" and a different case all look like it.
        foreach (var name in new[] { "\u041Elga", "Olg\u0430", "\u039Flga", "OLGA", " olga " })
        {
            var lookalike = await ChooseAsync(invitee, name);
            Assert.Equal(HttpStatusCode.BadRequest, lookalike.Status);
            Assert.Contains("looks too much like the name of an existing responder", lookalike.Html, StringComparison.Ordinal);
            Assert.DoesNotContain("id=\"totp-secret\"", lookalike.Html, StringComparison.Ordinal);
        }

        using var russian = server.CreateClient("ru");
        var ru = await ChooseAsync(russian, "\u041Elga");
        Assert.Equal(HttpStatusCode.BadRequest, ru.Status);
        Assert.Contains("слишком похоже на имя", ru.Html, StringComparison.Ordinal);
        var ruInvisible = await ChooseAsync(russian, "Ol\u200Bga");
        Assert.Contains("невидимые символы", ruInvisible.Html, StringComparison.Ordinal);

        await using (var db = await Accounts.Factory(server).CreateDbContextAsync())
        {
            Assert.Equal(2, await db.Responders.CountAsync());
            Assert.False((await db.Invitations.SingleAsync()).Used);
        }

        // A name typed decomposed is kept composed (NFC), and nobody can take its look-alike afterwards.
        using (var jose = server.CreateClient())
        {
            var joseTotp = await Accounts.StartEnrolmentAsync(jose, token, "Jose\u0301");
            Assert.Equal("/desk/login", (await Accounts.VerifyCodeAsync(jose, token, TotpCodes.Compute(joseTotp, server.Clock.GetUtcNow()))).Location.AbsolutePath);
        }

        await using (var db = await Accounts.Factory(server).CreateDbContextAsync())
        {
            Assert.True(await db.Responders.AnyAsync(r => r.Name == "Jos\u00E9"));
        }

        var second = await Accounts.InviteAsync(admin, "Caseworker");
        using var other = server.CreateClient();
        var late = await other.PostFormAsync($"/invite/{second}", $"/invite/{second}?handler=account", [new("Name", "JOS\u00C9"), new("Passphrase", Accounts.Passphrase), new("Confirm", Accounts.Passphrase)]);
        Assert.Equal(HttpStatusCode.BadRequest, late.Status);
    }

    [Fact]
    public async Task Two_enrolments_with_look_alike_names_started_together_make_one_account()
    {
        await using var server = await HavenServer.StartAsync();
        using var admin = await Accounts.AdminAsync(server);
        var first = await Accounts.InviteAsync(admin, "Caseworker");
        var second = await Accounts.InviteAsync(admin, "Caseworker");

        // Both choose their name before either finishes: the look-alike is caught when the second one finishes.
        using var latin = server.CreateClient();
        var latinTotp = await Accounts.StartEnrolmentAsync(latin, first, "Olga");
        using var cyrillic = server.CreateClient();
        var cyrillicTotp = await Accounts.StartEnrolmentAsync(cyrillic, second, "\u041Elga");
        Assert.Equal("/desk/login", (await Accounts.VerifyCodeAsync(latin, first, TotpCodes.Compute(latinTotp, server.Clock.GetUtcNow()))).Location.AbsolutePath);
        var refused = await Accounts.VerifyCodeAsync(cyrillic, second, TotpCodes.Compute(cyrillicTotp, server.Clock.GetUtcNow()));
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("looks too much like the name of an existing responder", refused.Html, StringComparison.Ordinal);

        await using var db = await Accounts.Factory(server).CreateDbContextAsync();
        Assert.Equal(["Admin", "Olga"], await db.Responders.OrderBy(r => r.Name).Select(r => r.Name).ToListAsync());
        Assert.False((await db.Invitations.SingleAsync(i => i.TokenHash == InvitationTokens.Hash(second))).Used);
    }

    [Fact]
    public async Task Only_administrators_invite()
    {
        await using var server = await HavenServer.StartAsync();
        var coordinator = await Accounts.AddResponderAsync(server, "Coord", ResponderRole.Coordinator);
        using var client = server.CreateClient();
        await coordinator.LoginAsync(server, client);
        var page = await client.GetAsync("/desk/responders");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.DoesNotContain("handler=invite", page.Html, StringComparison.Ordinal);
        var post = await client.PostFormAsync("/desk/responders", "/desk/responders?handler=invite", [new("role", "Admin")]);
        Assert.Equal(HttpStatusCode.NotFound, post.Status);

        await using var db = await Accounts.Factory(server).CreateDbContextAsync();
        Assert.Equal(0, await db.Invitations.CountAsync());
    }

    [Fact]
    public async Task An_unknown_role_is_refused()
    {
        await using var server = await HavenServer.StartAsync();
        using var admin = await Accounts.AdminAsync(server);
        foreach (var role in new[] { "Overlord", "7", "", "admin" })
        {
            var page = await admin.PostFormAsync("/desk/responders", "/desk/responders?handler=invite", [new("role", role)]);
            Assert.Equal(HttpStatusCode.BadRequest, page.Status);
            Assert.DoesNotContain("id=\"invite-link\"", page.Html, StringComparison.Ordinal);
        }

        await using var db = await Accounts.Factory(server).CreateDbContextAsync();
        Assert.Equal(0, await db.Invitations.CountAsync());
    }
}
