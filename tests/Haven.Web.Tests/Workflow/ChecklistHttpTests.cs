using System.Globalization;
using System.Net;
using Haven.Accounts;
using Haven.Cases;
using Haven.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Haven.Web.Tests.Workflow.WorkflowDesk;

namespace Haven.Web.Tests.Workflow;

/// <summary>The team's verification checklist: configured by administrators, required by the workflow.</summary>
public sealed class ChecklistHttpTests
{
    [Fact]
    public async Task The_default_items_cover_the_risk_of_persecutors_posing_as_people_in_need_in_both_languages()
    {
        await using var server = await HavenServer.StartAsync();
        await using (var db = await Db(server))
        {
            Assert.Equal(["vouched", "consistent", "independent", "not_bait", "safe_channel"], await db.ChecklistItems.AsNoTracking().OrderBy(i => i.Position).Select(i => i.Key).ToListAsync());
        }

        using var admin = await LoginAdminAsync(server);
        var page = await admin.GetAsync("/desk/checklist");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        foreach (var text in new[] { "Vouched for", "partner organisation", "Story consistent", "Independently confirmed", "No sign of a set-up", "safe houses", "Safe channel", "controlled by the person alone" })
        {
            Assert.Contains(text, page.Html, StringComparison.Ordinal);
        }

        admin.Http.DefaultRequestHeaders.AcceptLanguage.Clear();
        admin.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ru");
        var russian = await admin.GetAsync("/desk/checklist");
        Assert.Contains("Нет признаков ловушки", russian.Html, StringComparison.Ordinal);
        Assert.Contains("Есть поручительство", russian.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_custom_item_shows_on_the_case_and_is_required()
    {
        await using var server = await HavenServer.StartAsync("--Haven:Workflow:RequireSecondPerson=false");
        var (caseId, _) = await OpenCaseAsync(server);
        using var admin = await LoginAdminAsync(server);
        var added = await admin.PostWithTokenAsync("/desk/checklist", "/desk/checklist?handler=add", [new("Text", "  Spoke by voice with the partner who referred them  ")]);
        Assert.Equal(HttpStatusCode.OK, added.Status);
        Assert.Equal("/desk/checklist", added.Location.AbsolutePath);
        Assert.Contains("Spoke by voice with the partner who referred them", added.Html, StringComparison.Ordinal);
        await using (var db = await Db(server))
        {
            var item = await db.ChecklistItems.AsNoTracking().SingleAsync(i => i.Key == null);
            Assert.Equal("Spoke by voice with the partner who referred them", item.Text);
            Assert.Equal(6, item.Position);
            Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "checklist.added" && e.SubjectId == item.Id.ToString(CultureInfo.InvariantCulture)));
        }

        await admin.WalkAsync(caseId, "Triage", "Verification");
        var items = await ActiveItemIdsAsync(server);
        Assert.Equal(6, items.Count);
        var page = await admin.GetAsync($"/desk/case/{caseId}");
        Assert.Contains("Spoke by voice with the partner who referred them", page.Html, StringComparison.Ordinal);
        foreach (var item in items.SkipLast(1))
        {
            await admin.TickAsync(caseId, item);
        }

        var refused = await admin.MoveAsync(caseId, "Planning");
        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Contains("not every item of the verification checklist is ticked", refused.Html, StringComparison.Ordinal);
        await admin.TickAsync(caseId, items[^1]);
        await admin.WalkAsync(caseId, "Planning");
    }

    [Fact]
    public async Task A_deactivated_item_is_not_required_and_a_reactivated_one_is_again()
    {
        await using var server = await HavenServer.StartAsync("--Haven:Workflow:RequireSecondPerson=false");
        var (first, _) = await OpenCaseAsync(server);
        var (second, _) = await OpenCaseAsync(server);
        using var admin = await LoginAdminAsync(server);
        var items = await ActiveItemIdsAsync(server);
        var notBait = items[3];
        var off = await admin.PostWithTokenAsync("/desk/checklist", "/desk/checklist?handler=active", [new("ItemId", notBait.ToString(CultureInfo.InvariantCulture)), new("Active", "false")]);
        Assert.Contains($"id=\"item-{notBait}\" class=\"inactive\"", off.Html, StringComparison.Ordinal);

        await admin.WalkAsync(first, "Triage", "Verification");
        var page = await admin.GetAsync($"/desk/case/{first}");
        Assert.DoesNotContain($"id=\"check-{notBait}\"", page.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.TickAsync(first, notBait)).Status);
        foreach (var item in items.Where(i => i != notBait))
        {
            await admin.TickAsync(first, item);
        }

        await admin.WalkAsync(first, "Planning");

        await admin.PostWithTokenAsync("/desk/checklist", "/desk/checklist?handler=active", [new("ItemId", notBait.ToString(CultureInfo.InvariantCulture)), new("Active", "true")]);
        await admin.WalkAsync(second, "Triage", "Verification");
        foreach (var item in items.Where(i => i != notBait))
        {
            await admin.TickAsync(second, item);
        }

        Assert.Equal(HttpStatusCode.Conflict, (await admin.MoveAsync(second, "Planning")).Status);
        await admin.TickAsync(second, notBait);
        await admin.WalkAsync(second, "Planning");

        await using var db = await Db(server);
        Assert.Equal(["checklist.deactivated", "checklist.activated"], await db.AuditEntries.AsNoTracking().Where(e => e.Action.StartsWith("checklist.")).OrderBy(e => e.Seq).Select(e => e.Action).ToListAsync());
    }

    [Fact]
    public async Task Items_move_up_and_down_and_the_last_active_item_stays_active()
    {
        await using var server = await HavenServer.StartAsync();
        using var admin = await LoginAdminAsync(server);
        var items = await ActiveItemIdsAsync(server);
        await admin.PostWithTokenAsync("/desk/checklist", "/desk/checklist?handler=move", [new("ItemId", items[2].ToString(CultureInfo.InvariantCulture)), new("Direction", "up")]);
        await admin.PostWithTokenAsync("/desk/checklist", "/desk/checklist?handler=move", [new("ItemId", items[0].ToString(CultureInfo.InvariantCulture)), new("Direction", "down")]);
        await admin.PostWithTokenAsync("/desk/checklist", "/desk/checklist?handler=move", [new("ItemId", items[4].ToString(CultureInfo.InvariantCulture)), new("Direction", "down")]);
        Assert.Equal([items[2], items[0], items[1], items[3], items[4]], await ActiveItemIdsAsync(server));
        var page = await admin.GetAsync("/desk/checklist");
        Assert.True(page.Html.IndexOf("Independently confirmed", StringComparison.Ordinal) < page.Html.IndexOf("Vouched for", StringComparison.Ordinal));

        foreach (var item in items.Skip(1))
        {
            await admin.PostWithTokenAsync("/desk/checklist", "/desk/checklist?handler=active", [new("ItemId", item.ToString(CultureInfo.InvariantCulture)), new("Active", "false")]);
        }

        var last = await admin.PostWithTokenAsync("/desk/checklist", "/desk/checklist?handler=active", [new("ItemId", items[0].ToString(CultureInfo.InvariantCulture)), new("Active", "false")]);
        Assert.Equal(HttpStatusCode.Conflict, last.Status);
        Assert.Contains("At least one item must stay active", last.Html, StringComparison.Ordinal);
        Assert.Equal([items[0]], await ActiveItemIdsAsync(server));

        var empty = await admin.PostWithTokenAsync("/desk/checklist", "/desk/checklist?handler=add", [new("Text", "   ")]);
        Assert.Equal(HttpStatusCode.BadRequest, empty.Status);
        Assert.Contains("Please write the item.", empty.Html, StringComparison.Ordinal);
        var tooLong = await admin.PostWithTokenAsync("/desk/checklist", "/desk/checklist?handler=add", [new("Text", new string('x', 301))]);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.Status);
        Assert.Contains("at most 300 characters", tooLong.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Coordinator")]
    [InlineData("Caseworker")]
    [InlineData("Analyst")]
    public async Task Anyone_but_an_administrator_finds_no_checklist_page(string role)
    {
        await using var server = await HavenServer.StartAsync();
        var responder = await AddResponderAsync(server, "Someone", Enum.Parse<ResponderRole>(role));
        using var client = await LoginAsync(server, responder);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/desk/checklist")).Status);
        var items = await ActiveItemIdsAsync(server);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostWithTokenAsync("/desk", "/desk/checklist?handler=add", [new("Text", "sneaky")])).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostWithTokenAsync("/desk", "/desk/checklist?handler=active", [new("ItemId", items[0].ToString(CultureInfo.InvariantCulture)), new("Active", "false")])).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostWithTokenAsync("/desk", "/desk/checklist?handler=move", [new("ItemId", items[0].ToString(CultureInfo.InvariantCulture)), new("Direction", "down")])).Status);

        Assert.Equal(items, await ActiveItemIdsAsync(server));
        await using var db = await Db(server);
        Assert.Equal(5, await db.ChecklistItems.CountAsync());
        Assert.False(await db.AuditEntries.AnyAsync(e => e.Action.StartsWith("checklist.")));
    }

    [Fact]
    public async Task The_case_page_links_the_checklist_page_for_administrators_only()
    {
        await using var server = await HavenServer.StartAsync();
        var (caseId, _) = await OpenCaseAsync(server);
        var coordinator = await AddResponderAsync(server, "Coordinator", ResponderRole.Coordinator);
        using var admin = await LoginAdminAsync(server);
        Assert.Contains("id=\"configure-checklist\"", (await admin.GetAsync($"/desk/case/{caseId}")).Html, StringComparison.Ordinal);
        await admin.PostWithTokenAsync($"/desk/case/{caseId}", $"/desk/case/{caseId}?handler=grant", [new("ResponderId", coordinator.Id)]);
        using var other = await LoginAsync(server, coordinator);
        var page = await other.GetAsync($"/desk/case/{caseId}");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.DoesNotContain("id=\"configure-checklist\"", page.Html, StringComparison.Ordinal);
        Assert.Equal(CaseState.New.ToString(), StateOf(page.Html));
    }
}
