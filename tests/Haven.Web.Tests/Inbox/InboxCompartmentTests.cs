using System.Net;
using Haven.Accounts;
using Haven.Cases;
using Haven.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Haven.Web.Tests.Inbox.InboxDesk;
using static Haven.Web.Tests.Workflow.WorkflowDesk;

namespace Haven.Web.Tests.Inbox;

/// <summary>
/// Compartmentalization in the inbox: rows, counts per state and the retention banner cover only the cases a
/// responder holds a key for, under every filter; an analyst holds none.
/// </summary>
public sealed class InboxCompartmentTests
{
    private static readonly Urgency?[] Urgencies = [null, Urgency.Now, Urgency.Days, Urgency.Weeks];

    private static readonly int?[] IdleDays = [null, 1, 30, 200];

    [Fact]
    public async Task A_caseworker_granted_one_case_sees_and_counts_only_that_case_under_every_filter()
    {
        await using var server = await HavenServer.StartAsync();
        var adminId = await AdminIdAsync(server);
        var worker = await AddResponderAsync(server, "Worker", ResponderRole.Caseworker);

        // The granted case: asked for over HTTP, granted and assigned over HTTP, then left idle for 176 days.
        var granted = await SubmitAsync(server, "now");
        using var admin = await LoginAdminAsync(server);
        Assert.Equal(HttpStatusCode.OK, (await admin.GrantAsync(granted, worker.Id)).Status);
        Assert.Equal(HttpStatusCode.OK, (await admin.AssignAsync(granted, worker.Id)).Status);
        await using (var db = await Db(server))
        {
            var @case = await db.Cases.SingleAsync(c => c.Id == granted);
            @case.LastActivityOn = Today(server).AddDays(-176);
            await db.SaveChangesAsync();
        }

        // Ungranted cases that match every filter the granted one does, in every state, and one assigned to the
        // worker without a key (the seal, not the assignment, decides).
        var others = new List<string> { await SubmitAsync(server, "now") };
        foreach (var state in Enum.GetValues<CaseState>())
        {
            foreach (var urgency in Enum.GetValues<Urgency>())
            {
                var final = state is CaseState.Safe or CaseState.Closed;
                others.Add(await SeedAsync(server, new SeededCase(state, urgency, OpenedDaysAgo: 200, ActiveDaysAgo: 176, Awaiting: true, AssignedTo: urgency == Urgency.Days ? adminId : null, ClosedDaysAgo: final ? 86 : null), adminId));
            }
        }

        others.Add(await SeedAsync(server, new SeededCase(CaseState.New, Urgency.Now, OpenedDaysAgo: 200, ActiveDaysAgo: 176, Awaiting: true, AssignedTo: worker.Id), adminId));
        var all = others.Append(granted).ToList();

        // In-process, the query the page runs, over every combination of filters.
        var inbox = server.Services.GetRequiredService<InboxQuery>();
        var today = Today(server);
        var combinations = 0;
        foreach (var filter in AllFilters())
        {
            var page = await inbox.ExecuteAsync(worker.Id, filter, today, CancellationToken.None);
            var matches = GrantedMatches(filter);
            var listed = matches && InboxQuery.InScope(filter, CaseState.New);
            Assert.Equal(listed ? new[] { granted } : [], page.Rows.Select(r => r.Case.Id));
            foreach (var (state, count) in page.Counts)
            {
                Assert.True(count == (state == CaseState.New && matches ? 1 : 0), $"{filter}: {state} counted {count}");
            }

            Assert.Equal(listed ? 1 : 0, page.Total);

            // The administrator, holding every case, sees far more under the same filter: the filter is not what hides them.
            if (matches && filter.Mine is false)
            {
                var adminPage = await inbox.ExecuteAsync(adminId, filter with { Scope = InboxScope.All }, today, CancellationToken.None);
                Assert.True(adminPage.Total > 1, $"{filter}: the administrator sees {adminPage.Total}");
            }

            combinations++;
        }

        Assert.Equal(ScopeValues.Length * Urgencies.Length * 2 * 2 * 2 * IdleDays.Length * 2, combinations);

        // Over HTTP: every scope with every urgency and each narrowing filter.
        using var client = await LoginAsync(server, worker);
        string[] flags = ["", "&mine=true", "&unassigned=true", "&awaiting=true", "&soon=true", "&idle=30", "&idle=200", "&sort=activity", "&page=2"];
        foreach (var scope in ScopeValues)
        {
            foreach (var urgency in new[] { "", "&urgency=now", "&urgency=days", "&urgency=weeks" })
            {
                foreach (var flag in flags)
                {
                    var query = $"/desk?state={scope}{urgency}{flag}";
                    var view = await client.InboxAsync(query);
                    Assert.Equal(HttpStatusCode.OK, view.Status);
                    var matches = urgency is "" or "&urgency=now" && flag is not ("&unassigned=true" or "&idle=200");
                    var listed = matches && scope is "open" or "all" or "new";
                    Assert.True((listed ? new[] { granted } : []).SequenceEqual(view.Rows), $"{query}: {string.Join(", ", view.Rows)}");
                    foreach (var (key, count) in view.Counts)
                    {
                        var expected = matches && key is "new" or "open" or "all" ? 1 : 0;
                        Assert.True(count == expected, $"{query}: count-{key} shows {count}");
                    }

                    foreach (var other in others)
                    {
                        Assert.DoesNotContain(other, view.Html, StringComparison.Ordinal);
                    }
                }
            }
        }

        // The retention banner counts only the granted case, though every case is due within the week.
        var warned = await client.InboxAsync("/desk");
        Assert.Equal("Cases that will be deleted for good within 7 days: 1.", warned.Banner);
        Assert.Equal($"Cases that will be deleted for good within 7 days: {all.Count - 1}.", (await admin.InboxAsync("/desk")).Banner);
    }

    [Fact]
    public async Task An_analyst_sees_no_case_no_count_and_no_warning()
    {
        await using var server = await HavenServer.StartAsync();
        var adminId = await AdminIdAsync(server);
        var analyst = await AddResponderAsync(server, "Analyst", ResponderRole.Analyst);
        await SubmitAsync(server, "now");
        foreach (var state in Enum.GetValues<CaseState>())
        {
            await SeedAsync(server, new SeededCase(state, Urgency.Now, OpenedDaysAgo: 200, ActiveDaysAgo: 178, Awaiting: true, AssignedTo: analyst.Id), adminId);
        }

        await using (var db = await Db(server))
        {
            Assert.False(await db.CaseKeySeals.AnyAsync(s => s.ResponderId == analyst.Id));
        }

        using var client = await LoginAsync(server, analyst);
        foreach (var query in new[] { "/desk", "/desk?state=all", "/desk?state=all&mine=true", "/desk?state=all&soon=true", "/desk?state=new&urgency=now&awaiting=true", "/desk?state=all&idle=1&page=2" })
        {
            var view = await client.InboxAsync(query);
            Assert.Equal(HttpStatusCode.OK, view.Status);
            Assert.Empty(view.Rows);
            Assert.Equal(9, view.Counts.Count);
            Assert.All(view.Counts, c => Assert.Equal(0, c.Value));
            Assert.Null(view.Banner);
            Assert.Contains("id=\"empty\"", view.Html, StringComparison.Ordinal);
        }

        var inbox = server.Services.GetRequiredService<InboxQuery>();
        foreach (var filter in AllFilters())
        {
            var page = await inbox.ExecuteAsync(analyst.Id, filter, Today(server), CancellationToken.None);
            Assert.Empty(page.Rows);
            Assert.All(page.Counts.Values, c => Assert.Equal(0, c));
        }

        // Meanwhile the administrator sees all of them.
        using var admin = await LoginAdminAsync(server);
        Assert.Equal(8, (await admin.InboxAsync("/desk?state=all")).Rows.Count);
    }

    /// <summary>The granted case: New, urgent, waiting, assigned to the worker, idle 176 days (so due within the week).</summary>
    private static bool GrantedMatches(InboxFilter filter) =>
        filter.Urgency is null or Urgency.Now && !filter.Unassigned && filter.IdleDays is null or <= 176;

    private static IEnumerable<InboxFilter> AllFilters()
    {
        foreach (var scope in ScopeValues)
        {
            foreach (var urgency in Urgencies)
            {
                foreach (var mine in new[] { false, true })
                {
                    foreach (var unassigned in new[] { false, true })
                    {
                        foreach (var awaiting in new[] { false, true })
                        {
                            foreach (var idle in IdleDays)
                            {
                                foreach (var soon in new[] { false, true })
                                {
                                    var parsed = Haven.Web.Pages.Desk.InboxModel.Parse(scope, null, mine, unassigned, awaiting, idle, soon, null, null);
                                    yield return parsed with { Urgency = urgency };
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
