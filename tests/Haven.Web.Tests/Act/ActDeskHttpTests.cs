using System.Net;
using Haven.Accounts;
using Haven.Act;
using Haven.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Haven.Web.Tests.Accounts.Accounts;

namespace Haven.Web.Tests.Act;

/// <summary>
/// The desk's Act pages over real HTTP (issue 18, points 1-3): a campaigner invited on the Responders page writes a
/// draft in English and Russian, adds a target whose e-mail address no page or log ever shows, is refused with a
/// 4xx and the form kept for bad input, publishes it as UA 1/26, adds an update and ends it; other roles find
/// nothing there.
/// </summary>
public sealed class ActDeskHttpTests
{
    private const string Address = "prosecutor-4b1c@genproc.example";

    [Fact]
    public async Task A_campaigner_invited_on_the_desk_writes_publishes_updates_and_ends_an_action_and_the_target_address_is_never_shown()
    {
        await using var server = await HavenServer.StartAsync();
        string token;
        using (var admin = await AdminAsync(server))
        {
            var responders = await admin.GetAsync("/desk/responders");
            Assert.Contains("value=\"Campaigner\"", responders.Html, StringComparison.Ordinal);
            Assert.Contains(">Campaigner</option>", responders.Html, StringComparison.Ordinal);
            token = await InviteAsync(admin, "Campaigner");
        }

        var campaigner = await EnrolAsync(server, token, "Campaigner Clara");
        using var client = server.CreateClient();
        var login = await campaigner.LoginAsync(server, client);
        Assert.Equal("/desk/act", login.Location.AbsolutePath);
        Assert.Contains("id=\"nav-act\"", login.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"nav-inbox\"", login.Html, StringComparison.Ordinal);

        var id = await ActDesk.CreateAsync(client);
        var pages = new List<string>();

        // A link to a case is refused, with the text kept as typed.
        var caseLink = await ActDesk.EditAsync(client, id, [.. ActDesk.Texts("en", "See /desk/case/0123456789abcdef0123456789abcdef"), .. ActDesk.Texts("ru", "Освободите задержанных")]);
        Assert.Equal(HttpStatusCode.BadRequest, caseLink.Status);
        Assert.Contains("id=\"error\"", caseLink.Html, StringComparison.Ordinal);
        Assert.Contains("Освободите задержанных", caseLink.Html, StringComparison.Ordinal);

        var saved = await ActDesk.EditAsync(client, id, [.. ActDesk.Texts("en", "Release the detained"), .. ActDesk.Texts("ru", "Освободите задержанных")]);
        Assert.Equal(HttpStatusCode.OK, saved.Status);
        Assert.Contains("id=\"notice\"", saved.Html, StringComparison.Ordinal);
        pages.Add(saved.Html);

        // An edit made on a page opened before another edit is refused (409) and keeps the text.
        var stale = await client.PostFormAsync($"/desk/act/{id}/edit", $"/desk/act/{id}/edit", [new("Revision", "0"), new("Languages", "en, ru"), .. ActDesk.Texts("en", "An older title"), .. ActDesk.Texts("ru", "Старое")]);
        Assert.Equal(HttpStatusCode.Conflict, stale.Status);
        Assert.Contains("An older title", stale.Html, StringComparison.Ordinal);

        // Publishing without a target is refused.
        var noTarget = await ActDesk.PublishAsync(client, id);
        Assert.Equal(HttpStatusCode.BadRequest, noTarget.Status);
        Assert.Contains("Add at least one target", noTarget.Html, StringComparison.Ordinal);

        var badAddress = await ActDesk.AddTargetAsync(client, id, "Ivan Petrov", "not an address");
        Assert.Equal(HttpStatusCode.BadRequest, badAddress.Status);
        Assert.Contains("value=\"Ivan Petrov\"", badAddress.Html, StringComparison.Ordinal);
        var added = await ActDesk.AddTargetAsync(client, id, "Ivan Petrov", Address);
        Assert.Equal(HttpStatusCode.OK, added.Status);
        Assert.Contains("An e-mail address is stored", added.Html, StringComparison.Ordinal);
        pages.Add(added.Html);
        Assert.Equal(HttpStatusCode.OK, (await ActDesk.AddTargetAsync(client, id, "Embassy", null, kind: "Copy", language: "en")).Status);

        await using (var db = await Factory(server).CreateDbContextAsync())
        {
            var target = await db.ActionTargets.AsNoTracking().SingleAsync(t => t.ActionId == id && t.Kind == TargetKind.Target);
            Assert.NotNull(target.SealedEmail);
            Assert.DoesNotContain("genproc", System.Text.Encoding.UTF8.GetString(target.SealedEmail), StringComparison.Ordinal);
            Assert.True(target.Channels.HasFlag(TargetChannels.Email));
            pages.Add((await client.GetAsync($"/desk/act/{id}/targets?edit={target.Id}")).Html);
        }

        // The consent tick is required.
        var noConsent = await ActDesk.PublishAsync(client, id, confirm: false);
        Assert.Equal(HttpStatusCode.BadRequest, noConsent.Status);
        Assert.Contains("Tick the confirmation", noConsent.Html, StringComparison.Ordinal);

        var published = await ActDesk.PublishAsync(client, id);
        Assert.Equal(HttpStatusCode.OK, published.Status);
        Assert.Equal($"/desk/act/{id}", published.Location.AbsolutePath);
        Assert.Contains("UA 1/26", published.Html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/desk/act/{id}/report\"", published.Html, StringComparison.Ordinal);

        // The sample letter: the Russian salutation and the target filled in.
        Assert.Contains("Уважаемый господин Генеральный прокурор,", published.Html, StringComparison.Ordinal);
        Assert.Contains("[your name], [your town]", published.Html, StringComparison.Ordinal);
        pages.Add(published.Html);

        var update = await client.PostFormAsync($"/desk/act/{id}/updates", $"/desk/act/{id}/updates", [new("UpdateTitle-en", "Moved to another prison"), new("UpdateBody-en", "They were moved on Monday."), new("UpdateTitle-ru", ""), new("UpdateBody-ru", "")]);
        Assert.Equal(HttpStatusCode.OK, update.Status);
        Assert.Contains("Moved to another prison", update.Html, StringComparison.Ordinal);
        pages.Add(update.Html);

        var endForm = await client.GetAsync($"/desk/act/{id}/end");
        var noOutcome = await client.PostFormAsync($"/desk/act/{id}/end", $"/desk/act/{id}/end", [new("Revision", HavenClient.Hidden(endForm.Html, "Revision")!), new("Note-en", "They were released.")]);
        Assert.Equal(HttpStatusCode.BadRequest, noOutcome.Status);
        Assert.Contains("They were released.", noOutcome.Html, StringComparison.Ordinal);
        var ended = await client.PostFormAsync($"/desk/act/{id}/end", $"/desk/act/{id}/end", [new("Revision", HavenClient.Hidden(endForm.Html, "Revision")!), new("Outcome", "Achieved"), new("Note-en", "They were released.")]);
        Assert.Equal(HttpStatusCode.OK, ended.Status);
        Assert.Contains("id=\"outcome\">Achieved", ended.Html, StringComparison.Ordinal);
        pages.Add(ended.Html);
        pages.Add((await client.GetAsync("/desk/act")).Html);

        Assert.All(pages, html => Assert.DoesNotContain("genproc", html, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(server.Logs.Lines, line => line.Contains("genproc", StringComparison.OrdinalIgnoreCase));

        var audit = await AuditAsync(server);
        var actions = audit.Where(e => e.SubjectId == id).Select(e => e.Action).ToList();
        Assert.Equal([ActActions.Created, ActActions.Edited, ActActions.TargetChanged, ActActions.TargetChanged, ActActions.Published, ActActions.Updated, ActActions.Ended], actions);
    }

    [Fact]
    public async Task Caseworkers_and_coordinators_find_no_act_pages_and_no_nav_link()
    {
        await using var server = await HavenServer.StartAsync();
        var caseworker = await AddResponderAsync(server, "Caseworker Carl", ResponderRole.Caseworker);
        using var client = server.CreateClient();
        var login = await caseworker.LoginAsync(server, client);
        Assert.DoesNotContain("id=\"nav-act\"", login.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/desk/act")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/desk/act/new")).Status);

        using var admin = await AdminAsync(server);
        Assert.Contains("id=\"nav-act\"", (await admin.GetAsync("/desk")).Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/desk/act")).Status);
    }

    [Theory]
    [InlineData("/desk")]
    [InlineData("/desk/case/0123456789abcdef0123456789abcdef")]
    [InlineData("/desk/case/0123456789abcdef0123456789abcdef/evidence")]
    [InlineData("/desk/record")]
    [InlineData("/desk/record/evidence")]
    [InlineData("/desk/figures")]
    [InlineData("/desk/responders")]
    [InlineData("/desk/audit")]
    [InlineData("/desk/texts")]
    [InlineData("/desk/checklist")]
    public async Task A_campaigner_is_answered_403_with_a_localized_page_on_every_other_desk_page(string path)
    {
        await using var server = await HavenServer.StartAsync();
        var campaigner = await AddResponderAsync(server, "Campaigner Clara", ResponderRole.Campaigner);
        using var client = server.CreateClient("ru");
        await campaigner.LoginAsync(server, client);
        var page = await client.GetAsync(path);
        Assert.True(page.Status == HttpStatusCode.Forbidden, $"{page.Status} {page.Location}");
        Assert.Contains("id=\"error-403\"", page.Html, StringComparison.Ordinal);
        Assert.Contains("Вы не можете открыть эту страницу.", page.Html, StringComparison.Ordinal);

        // What stays open: the Act pages and My account.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/desk/act")).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/desk/account")).Status);
    }
}
