using System.Net;
using Haven.Accounts;
using Haven.Cases;
using Haven.Retention;
using Haven.Web.Tests.Infrastructure;
using Haven.Web.Tests.Workflow;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static Haven.Web.Tests.Inbox.InboxDesk;
using static Haven.Web.Tests.Workflow.WorkflowDesk;

namespace Haven.Web.Tests.Inbox;

/// <summary>
/// The inbox reads each responder's holdings, which the database keeps as seals and cases change. After a
/// randomized run of grants, revocations, moves, assignments, new requests and purges, all at once, every
/// responder's counts, pages and retention warning must equal what a direct computation over the cases and
/// seals gives.
/// </summary>
public sealed class InboxConsistencyTests(ITestOutputHelper output)
{
    private static readonly string[] Targets = ["Triage", "Verification", "Planning", "InTransit", "Safe", "Closed", "New"];

    [Fact]
    public async Task Counts_pages_and_warnings_equal_a_direct_computation_after_concurrent_grants_revocations_moves_and_purges()
    {
        var seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        await using var server = await HavenServer.StartAsync();
        var adminId = await AdminIdAsync(server);
        var coordinator = await AddResponderAsync(server, "Coordinator", ResponderRole.Coordinator);
        TestResponder[] workers = [await AddResponderAsync(server, "Worker A", ResponderRole.Caseworker), await AddResponderAsync(server, "Worker B", ResponderRole.Caseworker)];
        string[] everyone = [adminId, coordinator.Id, .. workers.Select(w => w.Id)];

        // 130 cases over every state, urgency and age (a fifth already due for purge), sealed to the administrator,
        // 60% of them to the coordinator, and some to each caseworker.
        var cases = new List<string>();
        for (var i = 0; i < 130; i++)
        {
            var state = Enum.GetValues<CaseState>()[random.Next(Enum.GetValues<CaseState>().Length)];
            var final = RetentionPolicy.IsFinal(state);
            var active = random.Next(5) == 0 ? 185 + random.Next(30) : random.Next(170);
            List<string> holders = [adminId];
            if (random.NextDouble() < 0.6)
            {
                holders.Add(coordinator.Id);
            }

            holders.AddRange(workers.Where(_ => random.NextDouble() < 0.2).Select(w => w.Id));
            cases.Add(await SeedAsync(
                server,
                new SeededCase(state, (Urgency)random.Next(3), OpenedDaysAgo: active + random.Next(20), ActiveDaysAgo: active, Awaiting: random.Next(3) == 0, AssignedTo: random.Next(3) == 0 ? null : everyone[random.Next(everyone.Length)], ClosedDaysAgo: final ? Math.Min(active, random.Next(80)) : null),
                [.. holders]));
        }

        var seeded = cases.ToArray();
        using var admin = await LoginAdminAsync(server);
        using var second = await LoginAsync(server, coordinator);
        var purge = server.Services.GetRequiredService<Haven.Retention.PurgeCommand>();
        var today = Today(server);

        // Four lanes at once: the administrator and the coordinator work cases, people ask for help, the purge runs.
        async Task WorkAsync(HavenClient client, int lane)
        {
            var own = new Random(seed + lane);
            for (var i = 0; i < 30; i++)
            {
                var caseId = seeded[own.Next(seeded.Length)];
                var worker = workers[own.Next(workers.Length)].Id;
                if ((await client.GetAsync($"/desk/case/{caseId}")).Status != HttpStatusCode.OK)
                {
                    continue; // purged meanwhile, or not held by this responder
                }

                try
                {
                    var page = own.Next(4) switch
                    {
                        0 => await client.GrantAsync(caseId, worker),
                        1 => await client.PostWithTokenAsync($"/desk/case/{caseId}", $"/desk/case/{caseId}?handler=revoke", [new("ResponderId", worker)]),
                        2 => await client.MoveAsync(caseId, Targets[own.Next(Targets.Length)], "test", nameof(CaseOutcome.LostContact)),
                        _ => await client.AssignAsync(caseId, everyone[own.Next(everyone.Length)]),
                    };
                    Assert.True((int)page.Status < 500, $"lane {lane}: {page.Status}");
                }
                catch (InvalidOperationException)
                {
                    // The case page went away between reading it and posting: purged by the other lane.
                    Assert.NotEqual(HttpStatusCode.OK, (await client.GetAsync($"/desk/case/{caseId}")).Status);
                }
            }
        }

        async Task AskAsync()
        {
            for (var i = 0; i < 6; i++)
            {
                await SubmitAsync(server, i % 2 == 0 ? "now" : "weeks");
            }
        }

        async Task PurgeAsync()
        {
            for (var i = 0; i < 3; i++)
            {
                await purge.ExecuteAsync(today, dryRun: false, CancellationToken.None);
                await Task.Yield();
            }
        }

        await Task.WhenAll(WorkAsync(admin, 1), WorkAsync(second, 2), AskAsync(), PurgeAsync());

        // The direct computation: every case and who holds a seal for it.
        await using var db = await Db(server);
        var all = await db.Cases.AsNoTracking().ToListAsync();
        var seals = await db.CaseKeySeals.AsNoTracking().Where(s => s.ResponderId != null).Select(s => new { s.CaseId, ResponderId = s.ResponderId! }).Distinct().ToListAsync();
        Assert.InRange(all.Count, 1, 135); // the purge took some

        // The kept tables themselves equal the join and the grouping they stand for.
        var holdings = await db.CaseHoldings.AsNoTracking().ToListAsync();
        var byId = all.ToDictionary(c => c.Id, StringComparer.Ordinal);
        Assert.Equal(seals.Select(s => (s.ResponderId, s.CaseId)).Order(), holdings.Select(h => (h.ResponderId, h.CaseId)).Order());
        foreach (var holding in holdings)
        {
            var c = byId[holding.CaseId];
            Assert.Equal((c.State, c.Urgency, c.CreatedOn, c.LastActivityOn, c.AwaitingReply, c.AssignedTo, c.ClosedOn), (holding.State, holding.Urgency, holding.CreatedOn, holding.LastActivityOn, holding.AwaitingReply, holding.AssignedTo, holding.ClosedOn));
        }

        var kept = await db.HoldingCounts.AsNoTracking().Where(c => c.Held != 0).Select(c => new { c.ResponderId, c.State, c.Held }).ToListAsync();
        var grouped = holdings.GroupBy(h => (h.ResponderId, h.State)).Select(g => new { g.Key.ResponderId, g.Key.State, Held = g.Count() });
        Assert.Equal(grouped.OrderBy(g => g.ResponderId, StringComparer.Ordinal).ThenBy(g => g.State), kept.OrderBy(g => g.ResponderId, StringComparer.Ordinal).ThenBy(g => g.State));

        // What every responder is shown, under every filter and order, page by page.
        var inbox = server.Services.GetRequiredService<InboxQuery>();
        var warnings = server.Services.GetRequiredService<RetentionWarningQuery>();
        var policy = server.Services.GetRequiredService<RetentionPolicy>();
        var checkedPages = 0;
        foreach (var responder in everyone)
        {
            var held = all.Where(c => seals.Any(s => s.CaseId == c.Id && s.ResponderId == responder)).ToList();
            foreach (var filter in Filters())
            {
                var matching = held.Where(c => Matches(filter, c, responder, today, policy)).ToList();
                var expectedCounts = Enum.GetValues<CaseState>().ToDictionary(s => s, s => matching.Count(c => c.State == s));
                var listed = Ordered(matching.Where(c => InboxQuery.InScope(filter, c.State)), filter.Sort).Select(c => c.Id).ToList();
                for (var number = 1; ; number++)
                {
                    var page = await inbox.ExecuteAsync(responder, filter with { Page = number }, today, CancellationToken.None);
                    Assert.Equal(expectedCounts, page.Counts);
                    Assert.Equal(listed.Count, page.Total);
                    Assert.Equal(listed.Skip((number - 1) * InboxQuery.PageSize).Take(InboxQuery.PageSize), page.Rows.Select(r => r.Case.Id));
                    checkedPages++;
                    if (number >= page.Pages)
                    {
                        break;
                    }
                }
            }

            var warning = await warnings.ExecuteAsync(responder, today, CancellationToken.None);
            Assert.Equal(held.Count(c => policy.PurgeOn(c.State, c.ClosedOn, c.LastActivityOn) <= policy.WarningUntil(today)), warning.Cases);
        }

        output.WriteLine($"{all.Count} cases, {seals.Count} seals, {checkedPages} pages compared");
    }

    private static IEnumerable<InboxFilter> Filters()
    {
        foreach (var scope in new[] { InboxScope.Open, InboxScope.All, InboxScope.One })
        {
            foreach (var sort in Enum.GetValues<InboxSort>())
            {
                var plain = new InboxFilter(scope, scope == InboxScope.One ? CaseState.Triage : null, Sort: sort);
                yield return plain;
                yield return plain with { Urgency = Urgency.Now };
                yield return plain with { Mine = true };
                yield return plain with { Unassigned = true, IdleDays = 30 };
                yield return plain with { AwaitingReply = true, Urgency = Urgency.Days };
                yield return plain with { PurgeSoon = true };
            }
        }
    }

    private static bool Matches(InboxFilter filter, Case c, string responder, DateOnly today, RetentionPolicy policy) =>
        (filter.Urgency is null || c.Urgency == filter.Urgency)
        && (!filter.Mine || c.AssignedTo == responder)
        && (!filter.Unassigned || c.AssignedTo is null)
        && (!filter.AwaitingReply || c.AwaitingReply)
        && (filter.IdleDays is not { } idle || c.LastActivityOn <= today.AddDays(-idle))
        && (!filter.PurgeSoon || policy.PurgeOn(c.State, c.ClosedOn, c.LastActivityOn) <= policy.WarningUntil(today));

    private static IEnumerable<Case> Ordered(IEnumerable<Case> cases, InboxSort sort) => sort switch
    {
        InboxSort.Activity => cases.OrderByDescending(c => c.LastActivityOn).ThenByDescending(c => c.Id, StringComparer.Ordinal),
        InboxSort.Opened => cases.OrderByDescending(c => c.CreatedOn).ThenByDescending(c => c.Id, StringComparer.Ordinal),
        _ => cases.OrderBy(c => c.Urgency).ThenBy(c => c.LastActivityOn).ThenBy(c => c.Id, StringComparer.Ordinal),
    };
}
