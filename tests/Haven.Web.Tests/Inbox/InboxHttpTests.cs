using System.Net;
using Haven.Accounts;
using Haven.Cases;
using Haven.Web.Tests.Infrastructure;
using Haven.Web.Tests.Workflow;
using Microsoft.EntityFrameworkCore;
using static Haven.Web.Tests.Inbox.InboxDesk;
using static Haven.Web.Tests.Workflow.WorkflowDesk;

namespace Haven.Web.Tests.Inbox;

/// <summary>The team inbox over HTTP: every filter narrows, every order holds, paging never overlaps, counts per state.</summary>
public sealed class InboxHttpTests
{
    [Fact]
    public async Task Each_filter_narrows_the_list_to_exactly_the_matching_cases()
    {
        await using var server = await HavenServer.StartAsync();
        var mix = await CaseMix.BuildAsync(server);
        using var admin = mix.Admin;

        await admin.AssertListsAsync("/desk", mix.H1, mix.H2, mix.H3, mix.S1, mix.S2, mix.S5);
        await admin.AssertListsAsync("/desk?state=open", mix.H1, mix.H2, mix.H3, mix.S1, mix.S2, mix.S5);
        await admin.AssertListsAsync("/desk?state=all", mix.All);

        // One state.
        await admin.AssertListsAsync("/desk?state=new", mix.H2, mix.H3);
        await admin.AssertListsAsync("/desk?state=triage", mix.H1);
        await admin.AssertListsAsync("/desk?state=verification", mix.S1);
        await admin.AssertListsAsync("/desk?state=planning", mix.S2);
        await admin.AssertListsAsync("/desk?state=InTransit", mix.S5);
        await admin.AssertListsAsync("/desk?state=safe", mix.S3);
        await admin.AssertListsAsync("/desk?state=closed", mix.S4);

        // Urgency, within the open scope and over all states.
        await admin.AssertListsAsync("/desk?urgency=now", mix.H1, mix.S1);
        await admin.AssertListsAsync("/desk?state=all&urgency=now", mix.H1, mix.S1, mix.S4);
        await admin.AssertListsAsync("/desk?state=all&urgency=days", mix.H2, mix.S3, mix.S5);
        await admin.AssertListsAsync("/desk?state=all&urgency=weeks", mix.H3, mix.S2);

        // Assignment, as set on the case page (h1 to the administrator, h3 to Cora) or seeded.
        await admin.AssertListsAsync("/desk?state=all&mine=true", mix.H1, mix.S2, mix.S5);
        await admin.AssertListsAsync("/desk?state=all&unassigned=true", mix.H2, mix.S1, mix.S3);

        // Awaiting a reply: the administrator answered h1 over HTTP.
        await admin.AssertListsAsync("/desk?state=all&awaiting=true", mix.H2, mix.H3, mix.S1, mix.S5);

        // Idle for at least N days: s1 was last active 40 days ago, so 40 includes it and 41 does not.
        await admin.AssertListsAsync("/desk?state=all&idle=1", mix.S1, mix.S2, mix.S3, mix.S4, mix.S5);
        await admin.AssertListsAsync("/desk?state=all&idle=40", mix.S1, mix.S2, mix.S3);
        await admin.AssertListsAsync("/desk?state=all&idle=41", mix.S2, mix.S3);
        await admin.AssertListsAsync("/desk?idle=80", mix.S2);

        // Purged within the warning period (7 days): s2 (inactive for 175 of 180 days), s3 (Safe for 85 of 90 days).
        var soon = await admin.AssertListsAsync("/desk?state=all&soon=true", mix.S2, mix.S3);
        var purgeDay = InboxModelDay(Today(server).AddDays(5));
        Assert.Equal(2, CountOf(soon.Html, $"<span class=\"badge purge\">deleted on {purgeDay}</span>"));
        Assert.Equal(2, CountOf((await admin.InboxAsync("/desk?state=all")).Html, "class=\"badge purge\""));

        // Combinations narrow further.
        await admin.AssertListsAsync("/desk?state=all&mine=true&awaiting=true", mix.S5);
        await admin.AssertListsAsync("/desk?unassigned=true&urgency=now", mix.S1);
        await admin.AssertListsAsync("/desk?state=all&soon=true&urgency=days", mix.S3);
        await admin.AssertListsAsync("/desk?state=all&mine=true&idle=1&urgency=weeks", mix.S2);
        var none = await admin.AssertListsAsync("/desk?state=all&mine=true&unassigned=true");
        Assert.Contains("id=\"empty\"", none.Html, StringComparison.Ordinal);

        // "Mine" is the viewer's: Cora holds only h3 (assigned over HTTP) and s4.
        using var cora = await LoginAsync(server, mix.Cora);
        await cora.AssertListsAsync("/desk?state=all", mix.H3, mix.S4);
        await cora.AssertListsAsync("/desk?state=all&mine=true", mix.H3, mix.S4);
        await cora.AssertListsAsync("/desk?mine=true", mix.H3);
        await cora.AssertListsAsync("/desk?state=all&unassigned=true");
    }

    [Fact]
    public async Task Counts_per_state_follow_every_filter_but_the_state_and_the_banner_counts_what_is_due_soon()
    {
        await using var server = await HavenServer.StartAsync();
        var mix = await CaseMix.BuildAsync(server);
        using var admin = mix.Admin;

        var plain = await admin.InboxAsync("/desk");
        AssertCounts(plain, @new: 2, triage: 1, verification: 1, planning: 1, inTransit: 1, safe: 1, closed: 1);
        Assert.Equal("Page 1 of 1 · 6 cases", plain.PageInfo);
        Assert.Equal("Cases that will be deleted for good within 7 days: 2.", plain.Banner);

        // The state scope changes the rows, never the counts.
        foreach (var scope in ScopeValues)
        {
            var urgent = await admin.InboxAsync($"/desk?state={scope}&urgency=now");
            AssertCounts(urgent, @new: 0, triage: 1, verification: 1, planning: 0, inTransit: 0, safe: 0, closed: 1);
        }

        Assert.Equal("Page 1 of 1 · 3 cases", (await admin.InboxAsync("/desk?state=all&urgency=now")).PageInfo);
        Assert.Empty((await admin.InboxAsync("/desk?state=safe&urgency=now")).Rows);

        AssertCounts(await admin.InboxAsync("/desk?state=all&mine=true"), @new: 0, triage: 1, verification: 0, planning: 1, inTransit: 1, safe: 0, closed: 0);
        AssertCounts(await admin.InboxAsync("/desk?unassigned=true"), @new: 1, triage: 0, verification: 1, planning: 0, inTransit: 0, safe: 1, closed: 0);
        AssertCounts(await admin.InboxAsync("/desk?awaiting=true"), @new: 2, triage: 0, verification: 1, planning: 0, inTransit: 1, safe: 0, closed: 0);
        AssertCounts(await admin.InboxAsync("/desk?idle=30"), @new: 0, triage: 0, verification: 1, planning: 1, inTransit: 0, safe: 1, closed: 0);
        AssertCounts(await admin.InboxAsync("/desk?soon=true"), @new: 0, triage: 0, verification: 0, planning: 1, inTransit: 0, safe: 1, closed: 0);
        AssertCounts(await admin.InboxAsync("/desk?mine=true&unassigned=true"), @new: 0, triage: 0, verification: 0, planning: 0, inTransit: 0, safe: 0, closed: 0);

        // The counts link to the same filter in another state.
        Assert.Contains("href=\"/desk?state=closed&amp;urgency=now&amp;awaiting=true&amp;idle=3&amp;sort=opened\" id=\"count-closed\"", (await admin.InboxAsync("/desk?urgency=now&awaiting=true&idle=3&sort=opened")).Html, StringComparison.Ordinal);

        // Cora's counts and banner cover only her cases, none of which is due.
        using var cora = await LoginAsync(server, mix.Cora);
        var hers = await cora.InboxAsync("/desk?state=all");
        AssertCounts(hers, @new: 1, triage: 0, verification: 0, planning: 0, inTransit: 0, safe: 0, closed: 1);
        Assert.Null(hers.Banner);
    }

    [Fact]
    public async Task Every_order_holds_and_ties_are_broken_by_case_id()
    {
        await using var server = await HavenServer.StartAsync();
        var mix = await CaseMix.BuildAsync(server);
        using var admin = mix.Admin;
        string[] today = [.. new[] { mix.H1, mix.H2, mix.H3 }.Order(StringComparer.Ordinal)];

        // Most urgent first, then the longest without activity.
        string[] byUrgency = [mix.S1, mix.S4, mix.H1, mix.S3, mix.S5, mix.H2, mix.S2, mix.H3];
        Assert.Equal(byUrgency, (await admin.InboxAsync("/desk?state=all")).Rows);
        Assert.Equal(byUrgency, (await admin.InboxAsync("/desk?state=all&sort=urgency")).Rows);
        Assert.Equal(byUrgency, (await admin.InboxAsync("/desk?state=all&sort=nonsense")).Rows);
        Assert.Equal(byUrgency.Where(id => id != mix.S3 && id != mix.S4), (await admin.InboxAsync("/desk")).Rows);

        // Latest activity first; ties broken by case id in the same direction as the date, so that one index
        // gives the order read backwards and nothing is sorted.
        string[] byActivity = [.. today.Reverse(), mix.S5, mix.S4, mix.S1, mix.S3, mix.S2];
        Assert.Equal(byActivity, (await admin.InboxAsync("/desk?state=all&sort=activity")).Rows);
        Assert.Equal(byActivity, (await admin.InboxAsync("/desk?state=all&sort=ACTIVITY")).Rows);

        // Most recently opened first.
        string[] byOpened = [.. today.Reverse(), mix.S5, mix.S4, mix.S1, mix.S3, mix.S2];
        Assert.Equal(byOpened, (await admin.InboxAsync("/desk?state=all&sort=opened")).Rows);
        Assert.Equal([mix.S5, mix.S4, mix.S1, mix.S3, mix.S2], (await admin.InboxAsync("/desk?state=all&sort=opened&idle=1")).Rows);

        // A case opened long ago with recent activity moves between the two orders.
        var late = await SeedAsync(server, new SeededCase(CaseState.Planning, Urgency.Weeks, OpenedDaysAgo: 300, ActiveDaysAgo: 1), mix.AdminId);
        var activity = (await admin.InboxAsync("/desk?state=all&sort=activity")).Rows;
        var opened = (await admin.InboxAsync("/desk?state=all&sort=opened")).Rows;
        Assert.Equal(3, activity.ToList().IndexOf(late));
        Assert.Equal(late, opened[^1]);
    }

    [Fact]
    public async Task Paging_shows_fifty_per_page_without_overlap_and_a_page_past_the_end_shows_the_last()
    {
        await using var server = await HavenServer.StartAsync();
        var adminId = await AdminIdAsync(server);
        var urgent = await SubmitAsync(server, "now");
        var days = new List<string>();
        for (var i = 0; i < 50; i++)
        {
            days.Add(await SeedAsync(server, new SeededCase(CaseState.Triage, Urgency.Days, Awaiting: true), adminId));
        }

        var weeks = new List<string>
        {
            await SeedAsync(server, new SeededCase(CaseState.Planning, Urgency.Weeks), adminId),
            await SeedAsync(server, new SeededCase(CaseState.New, Urgency.Weeks), adminId),
        };
        using var admin = await LoginAdminAsync(server);

        // Urgency first; every other key ties, so the case id decides, across pages too.
        string[] expected = [urgent, .. days.Order(StringComparer.Ordinal), .. weeks.Order(StringComparer.Ordinal)];
        var first = await admin.InboxAsync("/desk");
        var second = await admin.InboxAsync("/desk?page=2");
        Assert.Equal(InboxQuery.PageSize, first.Rows.Count);
        Assert.Equal(3, second.Rows.Count);
        Assert.Empty(first.Rows.Intersect(second.Rows));
        Assert.Equal(expected, first.Rows.Concat(second.Rows));
        Assert.Equal("Page 1 of 2 · 53 cases", first.PageInfo);
        Assert.Equal("Page 2 of 2 · 53 cases", second.PageInfo);
        Assert.Equal(53, first.Counts["open"]);

        // The pager links keep the view and lead to the neighbouring page.
        Assert.Contains("href=\"/desk?state=open&amp;page=2\" rel=\"next\" id=\"page-next\"", first.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"page-prev\"", first.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"/desk?state=open\" rel=\"prev\" id=\"page-prev\"", second.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"page-next\"", second.Html, StringComparison.Ordinal);
        Assert.Equal(second.Rows, (await admin.InboxAsync("/desk?state=open&page=2")).Rows);

        // Past the end: the last page. Nonsense: the first.
        foreach (var query in new[] { "/desk?page=3", "/desk?page=1000000" })
        {
            var past = await admin.InboxAsync(query);
            Assert.Equal(second.Rows, past.Rows);
            Assert.Equal("Page 2 of 2 · 53 cases", past.PageInfo);
        }

        foreach (var query in new[] { "/desk?page=0", "/desk?page=-4", "/desk?page=abc", "/desk?page=99999999999999" })
        {
            var page = await admin.InboxAsync(query);
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Equal(first.Rows, page.Rows);
        }

        // Filters and order carry over to the second page.
        var activity1 = await admin.InboxAsync("/desk?state=all&sort=activity&awaiting=true");
        var activity2 = await admin.InboxAsync("/desk?state=all&sort=activity&awaiting=true&page=2");
        Assert.Equal(new[] { urgent }.Concat(days).OrderDescending(StringComparer.Ordinal), activity1.Rows.Concat(activity2.Rows));
        Assert.Single(activity2.Rows);
        Assert.Contains("href=\"/desk?state=all&amp;awaiting=true&amp;sort=activity\" rel=\"prev\"", activity2.Html, StringComparison.Ordinal);

        // Exactly fifty is one page.
        var fifty = await admin.InboxAsync("/desk?urgency=days");
        Assert.Equal(days.Order(StringComparer.Ordinal), fifty.Rows);
        Assert.Equal("Page 1 of 1 · 50 cases", fifty.PageInfo);
        Assert.DoesNotContain("id=\"page-next\"", fifty.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_or_unknown_filter_values_fall_back_to_the_defaults()
    {
        await using var server = await HavenServer.StartAsync();
        var mix = await CaseMix.BuildAsync(server);
        using var admin = mix.Admin;
        var defaults = (await admin.InboxAsync("/desk")).Rows;
        Assert.Equal(6, defaults.Count);

        foreach (var query in new[]
        {
            "/desk?state=5",
            "/desk?state=opened",
            "/desk?state=",
            "/desk?urgency=0",
            "/desk?urgency=soon",
            "/desk?sort=2",
            "/desk?idle=abc",
            "/desk?idle=0",
            "/desk?idle=-3",
            "/desk?idle=999999",
            "/desk?mine=maybe&unassigned=2&awaiting=yes&soon=x",
            "/desk?state=%3Cscript%3E&urgency=%27",
        })
        {
            var view = await admin.InboxAsync(query);
            Assert.Equal(HttpStatusCode.OK, view.Status);
            Assert.True(defaults.SequenceEqual(view.Rows), query);
            Assert.DoesNotContain("<script>", view.Html, StringComparison.Ordinal);
        }
    }

    private static void AssertCounts(InboxView view, int @new, int triage, int verification, int planning, int inTransit, int safe, int closed)
    {
        var expected = new Dictionary<string, int>
        {
            ["open"] = @new + triage + verification + planning + inTransit,
            ["new"] = @new,
            ["triage"] = triage,
            ["verification"] = verification,
            ["planning"] = planning,
            ["intransit"] = inTransit,
            ["safe"] = safe,
            ["closed"] = closed,
            ["all"] = @new + triage + verification + planning + inTransit + safe + closed,
        };
        Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal), view.Counts.OrderBy(e => e.Key, StringComparer.Ordinal));
    }

    private static string InboxModelDay(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static int CountOf(string html, string text)
    {
        var count = 0;
        for (var at = html.IndexOf(text, StringComparison.Ordinal); at >= 0; at = html.IndexOf(text, at + text.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}

/// <summary>
/// Eight cases held by the administrator, with today = T: three asked for over HTTP today (h1 urgent, answered (so
/// moved to Triage) and assigned to the administrator; h2 "days", waiting; h3 "weeks", waiting, assigned to
/// the coordinator Cora) and five seeded: s1 Verification/now, idle 40 days, waiting; s2 Planning/weeks,
/// idle 175 days (purged in 5), the administrator's; s3 Safe/days for 85 days (purged in 5); s4 Closed/now
/// 10 days ago, Cora's; s5 InTransit/days, 3 days idle, waiting, the administrator's.
/// </summary>
internal sealed record CaseMix(HavenClient Admin, string AdminId, TestResponder Cora, string H1, string H2, string H3, string S1, string S2, string S3, string S4, string S5)
{
    public string[] All => [H1, H2, H3, S1, S2, S3, S4, S5];

    public static async Task<CaseMix> BuildAsync(HavenServer server)
    {
        var adminId = await AdminIdAsync(server);
        var h1 = await SubmitAsync(server, "now");
        var h2 = await SubmitAsync(server, "days");
        var h3 = await SubmitAsync(server, "weeks");

        // Added after the requests came in, so that Cora holds only what she is given.
        var cora = await AddResponderAsync(server, "Cora", ResponderRole.Coordinator);
        var admin = await LoginAdminAsync(server);
        // The reply also takes h1 from New to Triage.
        Assert.Equal(HttpStatusCode.OK, (await admin.ReplyAsync(h1, "we are here")).Status);
        Assert.Equal(HttpStatusCode.OK, (await admin.AssignAsync(h1, adminId)).Status);
        Assert.Equal(HttpStatusCode.OK, (await admin.AssignAsync(h3, cora.Id)).Status);

        var s1 = await SeedAsync(server, new SeededCase(CaseState.Verification, Urgency.Now, OpenedDaysAgo: 50, ActiveDaysAgo: 40, Awaiting: true), adminId);
        var s2 = await SeedAsync(server, new SeededCase(CaseState.Planning, Urgency.Weeks, OpenedDaysAgo: 200, ActiveDaysAgo: 175, AssignedTo: adminId), adminId);
        var s3 = await SeedAsync(server, new SeededCase(CaseState.Safe, Urgency.Days, OpenedDaysAgo: 100, ActiveDaysAgo: 85, ClosedDaysAgo: 85), adminId);
        var s4 = await SeedAsync(server, new SeededCase(CaseState.Closed, Urgency.Now, OpenedDaysAgo: 30, ActiveDaysAgo: 10, AssignedTo: cora.Id, ClosedDaysAgo: 10), adminId, cora.Id);
        var s5 = await SeedAsync(server, new SeededCase(CaseState.InTransit, Urgency.Days, OpenedDaysAgo: 5, ActiveDaysAgo: 3, Awaiting: true, AssignedTo: adminId), adminId);

        await using var db = await Db(server);
        var h = await db.Cases.AsNoTracking().Where(c => c.Id == h1 || c.Id == h2 || c.Id == h3).ToDictionaryAsync(c => c.Id);
        Assert.False(h[h1].AwaitingReply);
        Assert.True(h[h2].AwaitingReply && h[h3].AwaitingReply);
        Assert.Equal(CaseState.Triage, h[h1].State);
        Assert.Equal(adminId, h[h1].AssignedTo);
        Assert.Equal(cora.Id, h[h3].AssignedTo);
        return new CaseMix(admin, adminId, cora, h1, h2, h3, s1, s2, s3, s4, s5);
    }
}
