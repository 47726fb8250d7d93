using System.Net;
using System.Text.RegularExpressions;
using Haven.Accounts;
using Haven.Figures.Releases;
using Haven.Record.Events;
using Haven.Record.Keys;
using Haven.Record.Vocabulary;
using Haven.Web.Tests.Accounts;
using Haven.Web.Tests.Infrastructure;
using Haven.Web.Tests.Record;
using Microsoft.EntityFrameworkCore;
using static Haven.Web.Tests.Record.DocumentationAccess;

namespace Haven.Web.Tests.Figures;

/// <summary>
/// Intent helpers for the desk's figure pages over real HTTP: coded events written through the Record commands, an
/// analyst granted the documentation key, the preview's cells as the page shows them, the prepare form sent as a
/// browser sends it, and the releases as stored.
/// </summary>
internal static partial class FigureDesk
{
    /// <summary>Acts by act type and by country: the figure the tests preview.</summary>
    public const string ByTypeAndCountry = "/desk/figures/new?unit=acts&rows=act_type&columns=country&show=1";

    /// <summary>
    /// Two events of one case, written by the administrator, and an analyst granted the documentation key:
    /// 1. March 2017 in Chechnya (Russia), confirmed: 15 killings (victim 0) and 12 threats (victim 1);
    /// 2. June 2019 in Ukraine, likely: 3 threats (victim 2).
    /// Acts by type and country: killing RU 15, UA 0; threats RU 12, UA 3 (from 1 to the threshold: banded); the
    /// totals (threats 15, RU 27, UA 3, all 30) would give the 3 away unless something more is suppressed.
    /// </summary>
    public static async Task<(TestResponder Analyst, string CaseId, List<string> Victims)> SeedAsync(HavenServer server)
    {
        await ListScenario.AddRegionsAsync(server);
        var (caseId, _) = await Workflow.WorkflowDesk.OpenCaseAsync(server);
        using (await Accounts.Accounts.AdminAsync(server))
        {
        }

        var adminKeys = Session(server, HavenServer.AdminName);
        var victims = await ListScenario.VictimsAsync(server, adminKeys, caseId, null, null, null);
        await ListScenario.EventAsync(server, adminKeys, caseId, victims, PartialDate.Create(DatePrecision.Month, 2017, 3), null, "RU-CE", ViolationStatus.Confirmed, 4, null, [.. Enumerable.Repeat(new PlannedAct("killing", 0, "dead", "police"), 15), .. Enumerable.Repeat(new PlannedAct("threats", 1, null, "police"), 12)]);
        await ListScenario.EventAsync(server, adminKeys, caseId, victims, PartialDate.Create(DatePrecision.Month, 2019, 6), null, "UA", ViolationStatus.Likely, 2, null, [.. Enumerable.Repeat(new PlannedAct("threats", 2, null, "family"), 3)]);
        var analyst = await Accounts.Accounts.AddResponderAsync(server, "Analyst", ResponderRole.Analyst);
        Assert.Equal(DocumentationAccessOutcome.Done, await Keys(server).GrantAsync(analyst.Id, adminKeys, CancellationToken.None));
        return (analyst, caseId, victims);
    }

    /// <summary>A client logged in as <paramref name="responder"/>.</summary>
    public static async Task<HavenClient> LoginAsync(HavenServer server, TestResponder responder, string language = "en")
    {
        var client = server.CreateClient(language);
        var page = await responder.LoginAsync(server, client);
        Assert.Equal("/desk", page.Location.AbsolutePath);
        return client;
    }

    /// <summary>The administrator logged in on a fresh client.</summary>
    public static async Task<HavenClient> AdminAsync(HavenServer server, string language = "en")
    {
        var client = server.CreateClient(language);
        server.Clock.Advance(TimeSpan.FromSeconds(30));
        var login = await client.LoginAsync(HavenServer.AdminName, HavenServer.AdminPassphrase, server.AdminCode());
        Assert.Equal("/desk", login.Location.AbsolutePath);
        return client;
    }

    /// <summary>A cell of the page's table: its true count (absent without the key), what is published, why.</summary>
    public sealed record ShownCell(string Id, string? True, string Published, string Reason);

    /// <summary>Every cell and margin the page's table shows, by element id (<c>cell-{row}-{column}</c>, <c>t</c> for a total).</summary>
    public static Dictionary<string, ShownCell> Cells(string html) =>
        CellPattern().Matches(html).Select(m => new ShownCell(
            m.Groups["id"].Value,
            m.Groups["true"].Success ? m.Groups["true"].Value : null,
            WebUtility.HtmlDecode(m.Groups["published"].Value),
            m.Groups["reason"].Value)).ToDictionary(c => c.Id);

    /// <summary>The row labels of the page's table, in order.</summary>
    public static List<string> RowLabels(string html) =>
        [.. RowLabel().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))];

    /// <summary>The hidden fields of the prepare form, as a browser sends them.</summary>
    public static List<KeyValuePair<string, string>> PrepareFields(string html)
    {
        var form = PrepareForm().Match(html);
        Assert.True(form.Success, "No prepare form on the page.");
        return [.. Regex.Matches(form.Value, "<input [^>]*type=\"hidden\"[^>]*>").Select(m => new KeyValuePair<string, string>(
            WebUtility.HtmlDecode(Regex.Match(m.Value, "name=\"([^\"]+)\"").Groups[1].Value),
            WebUtility.HtmlDecode(Regex.Match(m.Value, "value=\"([^\"]*)\"").Groups[1].Value)))];
    }

    public static KeyValuePair<string, string> Field(string name, string value) => new(name, value);

    /// <summary>Previews <paramref name="preview"/> and sends its prepare form with the given fields added.</summary>
    public static async Task<HavenClient.Page> PrepareAsync(HavenClient client, string preview, params KeyValuePair<string, string>[] fields)
    {
        var page = await client.GetAsync(preview);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        return await client.PostAsync("/desk/figures/new?handler=prepare", [.. PrepareFields(page.Html), .. fields]);
    }

    /// <summary>Sends one of the release page's forms (approve, discard, withdraw) with its anti-forgery token.</summary>
    public static Task<HavenClient.Page> ActAsync(HavenClient client, int number, int version, string handler, params KeyValuePair<string, string>[] fields) =>
        client.PostFormAsync($"/desk/figures/{number}/v/{version}", $"/desk/figures/{number}/v/{version}?handler={handler}", fields);

    /// <summary>Every release as stored, by number and version.</summary>
    public static async Task<List<FigureRelease>> ReleasesAsync(HavenServer server)
    {
        await using var db = Db(server);
        return await db.FigureReleases.AsNoTracking().OrderBy(r => r.Number).ThenBy(r => r.Version).ToListAsync();
    }

    [GeneratedRegex("<td id=\"(?<id>cell-[0-9t]+-[0-9t]+)\" class=\"[^\"]*\" data-published=\"(?<published>[^\"]*)\" data-reason=\"(?<reason>[a-z]+)\"(?: data-true=\"(?<true>[0-9]+)\")?>")]
    private static partial Regex CellPattern();

    [GeneratedRegex("<tr>\\s*<th scope=\"row\">([^<]*)</th>")]
    private static partial Regex RowLabel();

    [GeneratedRegex("<form method=\"post\"[^>]*id=\"prepare\"[^>]*>.*?</form>", RegexOptions.Singleline)]
    private static partial Regex PrepareForm();
}
