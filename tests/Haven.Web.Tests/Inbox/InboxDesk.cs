using System.Net;
using System.Text.RegularExpressions;
using Haven.Cases;
using Haven.Crypto;
using Haven.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Haven.Web.Tests.Workflow.WorkflowDesk;

namespace Haven.Web.Tests.Inbox;

/// <summary>The routing data of a case written straight into the database, relative to the server's today.</summary>
/// <param name="State">Its state.</param>
/// <param name="Urgency">Its urgency.</param>
/// <param name="OpenedDaysAgo">How many days before today it was opened.</param>
/// <param name="ActiveDaysAgo">How many days before today its last message or reply was.</param>
/// <param name="Awaiting">Whether the person wrote last.</param>
/// <param name="AssignedTo">The assignee's id, if any.</param>
/// <param name="ClosedDaysAgo">For a Safe or Closed case, how many days ago it ended.</param>
internal sealed record SeededCase(CaseState State, Urgency Urgency, int OpenedDaysAgo = 0, int ActiveDaysAgo = 0, bool Awaiting = false, string? AssignedTo = null, int? ClosedDaysAgo = null);

/// <summary>What the inbox page shows: the listed case ids in order, the counts per state, the pager and the retention banner.</summary>
internal sealed record InboxView(HttpStatusCode Status, IReadOnlyList<string> Rows, IReadOnlyDictionary<string, int> Counts, string? PageInfo, string? Banner, string Html);

/// <summary>
/// Seeds many cases quickly (the way the inbox benchmark does, with real case keys sealed to the recovery key
/// and to the chosen responders) and reads the inbox page over HTTP.
/// </summary>
internal static partial class InboxDesk
{
    /// <summary>Every value of the <c>state</c> parameter: the two scopes and each state.</summary>
    public static readonly string[] ScopeValues = ["open", "all", "new", "triage", "verification", "planning", "intransit", "safe", "closed"];

    public static DateOnly Today(HavenServer server) => DateOnly.FromDateTime(server.Clock.GetUtcNow().UtcDateTime);

    /// <summary>Inserts one case sealed to the recovery key and to each of <paramref name="holders"/>; returns its id.</summary>
    public static async Task<string> SeedAsync(HavenServer server, SeededCase spec, params string[] holders)
    {
        var today = Today(server);
        await using var db = await Db(server);
        var keys = await db.Responders.AsNoTracking().Where(r => holders.Contains(r.Id)).Select(r => new { r.Id, r.X25519PublicKey }).ToListAsync();
        Assert.Equal(holders.Length, keys.Count);
        using var recovery = X25519KeyPair.FromSecretKey(server.RecoverySecretKey);
        var (@case, seals) = CaseRecords.NewCase(spec.Urgency, today.AddDays(-spec.OpenedDaysAgo), recovery.PublicKey, keys.Select(k => (k.Id, k.X25519PublicKey)));
        @case.State = spec.State;
        @case.LastActivityOn = today.AddDays(-spec.ActiveDaysAgo);
        @case.AwaitingReply = spec.Awaiting;
        @case.AssignedTo = spec.AssignedTo;
        @case.ClosedOn = spec.ClosedDaysAgo is { } ended ? today.AddDays(-ended) : null;
        @case.Outcome = spec.State == CaseState.Closed ? CaseOutcome.LostContact : null;
        db.Cases.Add(@case);
        db.CaseKeySeals.AddRange(seals);
        await db.SaveChangesAsync();
        return @case.Id;
    }

    public static async Task<string> AdminIdAsync(HavenServer server)
    {
        await using var db = await Db(server);
        return await db.Responders.AsNoTracking().Where(r => r.Name == HavenServer.AdminName).Select(r => r.Id).SingleAsync();
    }

    /// <summary>A person asks for help over HTTP with the given urgency; returns the case id.</summary>
    public static async Task<string> SubmitAsync(HavenServer server, string urgency)
    {
        await using var db = await Db(server);
        var before = await db.Cases.AsNoTracking().Select(c => c.Id).ToListAsync();
        using var person = server.CreateClient();
        await person.AskForHelpAsync();
        var sent = await person.SubmitRequestAsync("inbox test request", urgency: urgency);
        Assert.Equal("/sent", sent.Location.AbsolutePath);
        var after = await db.Cases.AsNoTracking().Select(c => c.Id).ToListAsync();
        return Assert.Single(after.Except(before));
    }

    public static Task<HavenClient.Page> AssignAsync(this HavenClient client, string caseId, string responderId) =>
        client.PostWithTokenAsync($"/desk/case/{caseId}", $"/desk/case/{caseId}?handler=assign", [new("ResponderId", responderId)]);

    public static Task<HavenClient.Page> GrantAsync(this HavenClient client, string caseId, string responderId) =>
        client.PostWithTokenAsync($"/desk/case/{caseId}", $"/desk/case/{caseId}?handler=grant", [new("ResponderId", responderId)]);

    /// <summary>GETs an inbox address and reads what it shows; fails unless the page is the inbox.</summary>
    public static async Task<InboxView> InboxAsync(this HavenClient client, string query = "/desk")
    {
        var page = await client.GetAsync(query);
        Assert.True(page.Location.AbsolutePath == "/desk", $"{query} led to {page.Location} ({page.Status})");
        var rows = RowPattern().Matches(page.Html).Select(m => m.Groups[1].Value).ToList();
        var counts = CountPattern().Matches(page.Html).ToDictionary(m => m.Groups[1].Value, m => int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
        var info = PageInfoPattern().Match(page.Html);
        var banner = BannerPattern().Match(page.Html);
        return new InboxView(
            page.Status,
            rows,
            counts,
            info.Success ? WebUtility.HtmlDecode(info.Groups[1].Value) : null,
            banner.Success ? WebUtility.HtmlDecode(banner.Groups[1].Value.Trim()) : null,
            page.Html);
    }

    /// <summary>Asserts that the inbox at <paramref name="query"/> lists exactly <paramref name="expected"/>, in any order.</summary>
    public static async Task<InboxView> AssertListsAsync(this HavenClient client, string query, params string[] expected)
    {
        var view = await client.InboxAsync(query);
        Assert.Equal(HttpStatusCode.OK, view.Status);
        Assert.True(
            expected.Order(StringComparer.Ordinal).SequenceEqual(view.Rows.Order(StringComparer.Ordinal)),
            $"{query}: expected [{string.Join(", ", expected)}], listed [{string.Join(", ", view.Rows)}]");
        return view;
    }

    [GeneratedRegex("<tr id=\"case-([0-9a-f]{32})\">")]
    private static partial Regex RowPattern();

    [GeneratedRegex("id=\"count-([a-z]+)\"[^>]*>[^<]*<span class=\"count\">([0-9]+)</span>")]
    private static partial Regex CountPattern();

    [GeneratedRegex("<span id=\"page-info\">([^<]*)</span>")]
    private static partial Regex PageInfoPattern();

    [GeneratedRegex("<p class=\"warning\" role=\"status\" id=\"retention-warning\">([^<]*)<a")]
    private static partial Regex BannerPattern();
}
