using System.Text.RegularExpressions;
using Haven.Accounts;
using Haven.Web.Tests.Infrastructure;
using Haven.Web.Tests.Workflow;
using Microsoft.Playwright;
using static Haven.Web.Tests.Browser.BrowserPages;
using static Microsoft.Playwright.Assertions;

namespace Haven.Web.Tests.Browser;

/// <summary>
/// A case walked on the desk from New to Safe in a real browser with JavaScript off: the administrator opens
/// it from the inbox, moves it through every state, ticks the verification checklist, is stopped at the
/// approval gate, a coordinator in a second browser approves Planning, the plan is edited, the person gets a
/// reply, and the case leaves the open inbox. A shorter pass in Russian checks the state labels.
/// </summary>
[Trait(TestRuns.Database, TestRuns.Independent)]
public sealed class DeskWorkflowBrowserTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private const string CoordinatorName = "Coordinator";

    [Fact]
    public async Task An_administrator_and_a_coordinator_walk_a_case_from_new_to_safe_without_JavaScript()
    {
        const string Request = "Three of us need to leave the city, the checkpoints are closing";
        const string TriageReason = "Urgent, but the story needs checking first";
        const string ApprovalReason = "Second look: the partner organisation confirmed by phone";
        const string SafeReason = "Arrived at the shelter, confirmed by the driver";
        const string FirstStep = "Meet the driver at the north station";
        const string EditedStep = "Meet the driver at the east bus depot";
        const string Reply = "We have a plan for you; we will write the details tonight.";
        const string CustomItem = "The driver was told the route in person";
        await using var server = await HavenServer.StartAsync();
        var texts = DeskTexts.English;

        // A person asks for help in the browser and keeps the receipt.
        var receipt = await SubmitRequestInBrowserAsync(server, Request);

        // The administrator logs in through the desk login page and opens the case from the inbox.
        await using var adminContext = await chromium.NewContextAsync("en-US");
        var desk = await adminContext.NewPageAsync();
        await LoginAsync(desk, server, HavenServer.AdminName, HavenServer.AdminPassphrase, server.AdminCode());
        var row = desk.Locator("#inbox tbody tr");
        await Expect(row).ToHaveCountAsync(1);
        var caseId = (await row.GetAttributeAsync("id"))!["case-".Length..];
        await Expect(row).ToContainTextAsync(texts.States["New"]);
        await desk.Locator($"#case-{caseId} a").ClickAsync();
        var caseAddress = Address(server, $"/desk/case/{caseId}");
        await Expect(desk).ToHaveURLAsync(caseAddress);
        await ExpectStateAsync(desk, texts, "New");
        await Expect(desk.Locator(".entry.request .text")).ToHaveTextAsync(Request);
        await Expect(desk.Locator("#steps")).ToHaveCountAsync(0);

        // The administrator grants the case to a coordinator, who will be the second person.
        var coordinator = await WorkflowDesk.AddResponderAsync(server, CoordinatorName, ResponderRole.Coordinator);
        await desk.ReloadAsync();
        await desk.Locator("#grant-to").SelectOptionAsync(coordinator.Id);
        await desk.Locator("#grant").ClickAsync();
        await Expect(desk).ToHaveURLAsync(caseAddress + "#access");
        await Expect(desk.Locator($"#holder-{coordinator.Id}")).ToContainTextAsync(CoordinatorName);

        // New → Triage with a reason, then Triage → Verification.
        await desk.Locator("#reason").FillAsync(TriageReason);
        await MoveAsync(desk, caseAddress, texts, "New", "Triage", moveLabel: "Move to Triage");
        await Expect(desk.Locator(".entry.transition")).ToHaveCountAsync(1);
        await Expect(desk.Locator(".entry.transition .text")).ToHaveTextAsync(TriageReason);
        await Expect(desk.Locator(".entry.transition .meta")).ToContainTextAsync("New → Triage");
        await Expect(desk.Locator("#reason")).ToHaveValueAsync("");

        // The team adds its own item to the checklist, on the checklist page, before verification starts.
        await desk.Locator("#configure-checklist").ClickAsync();
        await Expect(desk).ToHaveURLAsync(Address(server, "/desk/checklist"));
        await Expect(desk.Locator("#items tbody tr")).ToHaveCountAsync(5);
        await desk.Locator("#item-text").FillAsync(CustomItem);
        await desk.Locator("#add-item").ClickAsync();
        await Expect(desk).ToHaveURLAsync(Address(server, "/desk/checklist"));
        await Expect(desk.Locator("#items tbody tr")).ToHaveCountAsync(6);
        await Expect(desk.Locator("#items tbody tr").Last).ToContainTextAsync(CustomItem);
        await desk.GotoAsync(caseAddress);

        await MoveAsync(desk, caseAddress, texts, "Triage", "Verification", moveLabel: "Move to Verification");
        await Expect(desk.Locator("#approval")).ToHaveTextAsync("Not every item of the checklist is ticked yet.");

        // The administrator ticks every item of the checklist alone.
        var items = await ChecklistItemIdsAsync(desk);
        Assert.Equal(6, items.Count);
        await Expect(desk.Locator($"#check-{items[^1]} strong")).ToHaveTextAsync(CustomItem);
        foreach (var item in items)
        {
            await Expect(desk.Locator($"#check-{item}")).ToHaveAttributeAsync("data-ticked", "false");
            await desk.Locator($"#tick-{item}").ClickAsync();
            await Expect(desk).ToHaveURLAsync(caseAddress + "#checklist");
            await Expect(desk.Locator($"#check-{item}")).ToHaveAttributeAsync("data-ticked", "true");
            await Expect(desk.Locator($"#check-{item} .meta")).ToContainTextAsync("ticked by " + HavenServer.AdminName);
            await Expect(desk.Locator($"#tick-{item}")).ToHaveTextAsync("Untick");
        }

        // The gate holds: the one who ticked everything cannot approve Planning alone.
        await Expect(desk.Locator("#approval")).ToContainTextAsync("You ticked every item yourself");
        var refused = await desk.RunAndWaitForResponseAsync(() => desk.Locator("#to-Planning").ClickAsync(), r => r.Url.Contains("handler=transition", StringComparison.Ordinal));
        Assert.Equal(409, refused.Status);
        await Expect(desk.Locator("[role=alert]")).ToContainTextAsync("The case cannot move to Planning on your word alone");
        await ExpectStateAsync(desk, texts, "Verification");
        await Expect(desk.Locator("#steps > li")).ToHaveCountAsync(2);

        // The coordinator, in another browser, logs in, finds the case in the inbox and approves Planning.
        await using (var coordinatorContext = await chromium.NewContextAsync("en-US"))
        {
            var second = await coordinatorContext.NewPageAsync();
            await LoginAsync(second, server, coordinator.Name, coordinator.Passphrase, TotpCodes.Compute(coordinator.TotpSecret, server.Clock.GetUtcNow()));
            await Expect(second.Locator($"#case-{caseId}")).ToContainTextAsync(texts.States["Verification"]);
            await second.Locator($"#case-{caseId} a").ClickAsync();
            await Expect(second).ToHaveURLAsync(caseAddress);
            await ExpectStateAsync(second, texts, "Verification");
            await Expect(second.Locator(".checklist > li.ticked")).ToHaveCountAsync(items.Count);
            await Expect(second.Locator("#approval")).ToHaveCountAsync(0);
            await second.Locator("#reason").FillAsync(ApprovalReason);
            await MoveAsync(second, caseAddress, texts, "Verification", "Planning", moveLabel: "Move to Planning");
            await Expect(second.Locator("#steps > li").Last).ToContainTextAsync($"{CoordinatorName} · Verification → Planning");

            // After Verification the checklist stays visible, without tick buttons.
            await Expect(second.Locator(".checklist > li.ticked")).ToHaveCountAsync(items.Count);
            await Expect(second.Locator(".checklist button")).ToHaveCountAsync(0);
        }

        // Back at the administrator's browser, the page shows the coordinator's step and reason.
        await desk.GotoAsync(caseAddress);
        await ExpectStateAsync(desk, texts, "Planning");
        await Expect(desk.Locator("#steps > li")).ToHaveCountAsync(3);
        await Expect(desk.Locator(".entry.transition")).ToHaveCountAsync(2);
        await Expect(desk.Locator(".entry.transition .text").Last).ToHaveTextAsync(ApprovalReason);
        await Expect(desk.Locator("#plan-warning")).ToHaveClassAsync("notice");

        // The plan: a first step with a due date, then the step is edited; both versions are kept.
        await Expect(desk.Locator("#no-versions")).ToBeVisibleAsync();
        await desk.Locator("input[name='Data.Plan[0].Step']").FillAsync(FirstStep);
        await desk.Locator("input[name='Data.Plan[0].Due']").FillAsync("2026-11-25");
        await desk.Locator("#save-data").ClickAsync();
        await Expect(desk).ToHaveURLAsync(caseAddress + "#data");
        await Expect(desk.Locator("#versions > li")).ToHaveCountAsync(1);
        await Expect(desk.Locator("#versions > li").First).ToContainTextAsync(FirstStep);
        await Expect(desk.Locator("#versions > li .meta").First).ToContainTextAsync("Version 1");
        await Expect(desk.Locator("input[name='Data.Plan[0].Step']")).ToHaveValueAsync(FirstStep);
        await Expect(desk.Locator("input[name='Data.Plan[0].Due']")).ToHaveValueAsync("2026-11-25");

        await desk.Locator("input[name='Data.Plan[0].Step']").FillAsync(EditedStep);
        await desk.Locator("#save-data").ClickAsync();
        await Expect(desk).ToHaveURLAsync(caseAddress + "#data");
        await Expect(desk.Locator("#versions > li")).ToHaveCountAsync(2);
        await Expect(desk.Locator("#versions > li .meta").First).ToContainTextAsync("Version 2");
        await Expect(desk.Locator("#versions > li .meta").First).ToContainTextAsync("current");
        await Expect(desk.Locator("#versions > li").First).ToContainTextAsync(EditedStep);
        await Expect(desk.Locator("#versions > li").First).Not.ToContainTextAsync(FirstStep);
        await Expect(desk.Locator("#versions > li").Last).ToContainTextAsync(FirstStep);
        await Expect(desk.Locator("input[name='Data.Plan[0].Step']")).ToHaveValueAsync(EditedStep);

        // The reply to the person.
        await desk.Locator("#reply").FillAsync(Reply);
        await desk.Locator("#send-reply").ClickAsync();
        await Expect(desk).ToHaveURLAsync(caseAddress + "#conversation");
        await Expect(desk.Locator(".entry.reply .text")).ToHaveTextAsync(Reply);
        await Expect(desk.Locator("#reply")).ToHaveValueAsync("");

        // Planning → In transit → Safe, with a reason on arrival.
        await MoveAsync(desk, caseAddress, texts, "Planning", "InTransit", moveLabel: "Move to In transit");
        await desk.Locator("#reason").FillAsync(SafeReason);
        await MoveAsync(desk, caseAddress, texts, "InTransit", "Safe", moveLabel: "Move to Safe");
        await Expect(desk.Locator("#steps > li")).ToHaveTextAsync(
        [
            new Regex($"{HavenServer.AdminName} · New → Triage$"),
            new Regex($"{HavenServer.AdminName} · Triage → Verification$"),
            new Regex($"{CoordinatorName} · Verification → Planning$"),
            new Regex($"{HavenServer.AdminName} · Planning → In transit$"),
            new Regex($"{HavenServer.AdminName} · In transit → Safe$"),
        ]);
        await Expect(desk.Locator(".entry.transition .text")).ToHaveTextAsync([TriageReason, ApprovalReason, SafeReason]);

        // Safe is final: only reopening is offered.
        await Expect(desk.Locator("#workflow .actions button")).ToHaveCountAsync(1);
        await Expect(desk.Locator("#to-Triage")).ToHaveTextAsync("Reopen case");
        await Expect(desk.Locator("#to-Closed")).ToHaveCountAsync(0);

        // The audit log shows every step and every tick of this case, and who approved Planning.
        await desk.Locator("#nav-audit").ClickAsync();
        await Expect(desk).ToHaveURLAsync(Address(server, "/desk/audit"));
        await Expect(desk.Locator("#audit-intact")).ToBeVisibleAsync();
        var ofCase = desk.Locator("#audit tbody tr").Filter(new() { Has = desk.Locator($"a[href='/desk/case/{caseId}']") });
        var steps = ofCase.Filter(new() { Has = desk.Locator("code", new() { HasTextRegex = new Regex("^case\\.state$") }) });
        await Expect(steps).ToHaveCountAsync(5);
        await Expect(steps.Locator("td:nth-child(3)")).ToHaveTextAsync([HavenServer.AdminName, HavenServer.AdminName, CoordinatorName, HavenServer.AdminName, HavenServer.AdminName]);
        var ticks = ofCase.Filter(new() { Has = desk.Locator("code", new() { HasTextRegex = new Regex("^case\\.check$") }) });
        await Expect(ticks).ToHaveCountAsync(items.Count);
        await Expect(desk.Locator("#audit")).Not.ToContainTextAsync(Request);
        await Expect(desk.Locator("#audit")).Not.ToContainTextAsync(SafeReason);

        // The case has left the open cases of the inbox; it is listed under Safe.
        await desk.Locator("#nav-inbox").ClickAsync();
        await Expect(desk).ToHaveURLAsync(Address(server, "/desk"));
        await Expect(desk.Locator("#count-open")).ToHaveClassAsync("current");
        await Expect(desk.Locator($"#case-{caseId}")).ToHaveCountAsync(0);
        await Expect(desk.Locator("#empty")).ToBeVisibleAsync();
        await Expect(desk.Locator("#count-open .count")).ToHaveTextAsync("0");
        await Expect(desk.Locator("#count-safe .count")).ToHaveTextAsync("1");
        await desk.Locator("#count-safe").ClickAsync();
        await Expect(desk.Locator($"#case-{caseId}")).ToContainTextAsync(texts.States["Safe"]);

        // The person comes back with the receipt and reads the reply, and nothing of the desk's work.
        await using var later = await chromium.NewContextAsync("en-US");
        var back = await later.NewPageAsync();
        await back.GotoAsync(server.BaseAddress.ToString());
        await back.Locator("#have-receipt").ClickAsync();
        await back.Locator("#receipt").FillAsync(receipt);
        await back.Locator("#open").ClickAsync();
        await Expect(back).ToHaveURLAsync(Address(server, "/conversation"));
        await Expect(back.Locator("h1")).ToHaveTextAsync(PageTexts.English.ConversationTitle);
        await Expect(back.Locator(".entry.reply .meta")).ToContainTextAsync(PageTexts.English.ReplyFrom);
        await Expect(back.Locator(".entry.reply .text")).ToHaveTextAsync(Reply);
        foreach (var internalText in new[] { TriageReason, ApprovalReason, SafeReason, EditedStep, FirstStep })
        {
            await Expect(back.Locator("main")).Not.ToContainTextAsync(internalText);
        }
    }

    [Fact]
    public async Task The_desk_switched_to_Russian_shows_every_state_of_the_walk_in_Russian()
    {
        // The shorter pass: one responder, the second person switched off (the English test does the real approval).
        await using var server = await HavenServer.StartAsync("--Haven:Workflow:RequireSecondPerson=false");
        var texts = DeskTexts.Russian;
        using (var person = server.CreateClient())
        {
            await person.AskForHelpAsync();
            await person.SubmitRequestAsync("Нам нужно уехать из города");
        }

        await using var context = await chromium.NewContextAsync("en-US");
        var desk = await context.NewPageAsync();
        await LoginAsync(desk, server, HavenServer.AdminName, HavenServer.AdminPassphrase, server.AdminCode());
        await Expect(desk.Locator("h1")).ToHaveTextAsync("Inbox");

        // The visible switch, though the browser asks for English.
        await desk.Locator("nav.lang").GetByRole(AriaRole.Link, new() { Name = "Русский", Exact = true }).ClickAsync();
        await Expect(desk).ToHaveURLAsync(Address(server, "/desk"));
        await Expect(desk.Locator("html")).ToHaveAttributeAsync("lang", "ru");
        await Expect(desk.Locator("h1")).ToHaveTextAsync("Входящие");
        var row = desk.Locator("#inbox tbody tr");
        await Expect(row).ToContainTextAsync(texts.States["New"]);
        var caseId = (await row.GetAttributeAsync("id"))!["case-".Length..];
        await desk.Locator($"#case-{caseId} a").ClickAsync();
        var caseAddress = Address(server, $"/desk/case/{caseId}");
        await ExpectStateAsync(desk, texts, "New");
        await Expect(desk.Locator("ol.path > li")).ToHaveTextAsync(["Новое", "Первичный разбор", "Проверка", "Планирование", "В пути", "В безопасности"]);

        await MoveAsync(desk, caseAddress, texts, "New", "Triage", moveLabel: "Перевести в «Первичный разбор»");
        await MoveAsync(desk, caseAddress, texts, "Triage", "Verification", moveLabel: "Перевести в «Проверка»");
        await Expect(desk.Locator("#approval")).ToHaveTextAsync("Ещё не все пункты чек-листа отмечены.");
        foreach (var item in await ChecklistItemIdsAsync(desk))
        {
            await Expect(desk.Locator($"#tick-{item}")).ToHaveTextAsync("Отметить");
            await desk.Locator($"#tick-{item}").ClickAsync();
            await Expect(desk.Locator($"#check-{item} .meta")).ToContainTextAsync("отмечено: " + HavenServer.AdminName);
        }

        await Expect(desk.Locator("#approval")).ToHaveCountAsync(0);
        await MoveAsync(desk, caseAddress, texts, "Verification", "Planning", moveLabel: "Перевести в «Планирование»");
        await MoveAsync(desk, caseAddress, texts, "Planning", "InTransit", moveLabel: "Перевести в «В пути»");
        await desk.Locator("#reason").FillAsync("Добрались до убежища");
        await MoveAsync(desk, caseAddress, texts, "InTransit", "Safe", moveLabel: "Перевести в «В безопасности»");
        await Expect(desk.Locator("#steps > li").Last).ToContainTextAsync("В пути → В безопасности");
        await Expect(desk.Locator(".entry.transition .meta")).ToContainTextAsync("В пути → В безопасности");
        await Expect(desk.Locator(".entry.transition .text")).ToHaveTextAsync("Добрались до убежища");
        await Expect(desk.Locator("#to-Triage")).ToHaveTextAsync("Открыть дело снова");

        await desk.Locator("#nav-inbox").ClickAsync();
        await Expect(desk.Locator($"#case-{caseId}")).ToHaveCountAsync(0);
        await Expect(desk.Locator("#empty")).ToHaveTextAsync("Дел нет.");
        await desk.Locator("#count-safe").ClickAsync();
        await Expect(desk.Locator($"#case-{caseId}")).ToContainTextAsync(texts.States["Safe"]);
    }

    /// <summary>The person's side in the browser: ask for help, keep the receipt, send the request.</summary>
    private async Task<string> SubmitRequestInBrowserAsync(HavenServer server, string request)
    {
        var texts = PageTexts.English;
        await using var context = await chromium.NewContextAsync("en-US");
        var page = await context.NewPageAsync();
        await page.GotoAsync(server.BaseAddress.ToString());
        await page.Locator("#ask").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync(texts.ReceiptTitle);
        var receipt = (await page.Locator("#receipt").TextContentAsync())!.Trim();
        await page.Locator("#continue").ClickAsync();
        await page.GetByLabel(texts.HelpShelter).CheckAsync();
        await page.GetByLabel(texts.UrgencyDays).CheckAsync();
        await page.Locator("#text").FillAsync(request);
        await page.Locator("#send").ClickAsync();
        await Expect(page).ToHaveURLAsync(Address(server, "/sent"));
        await Expect(page.Locator("h1")).ToHaveTextAsync(texts.SentTitle);
        return receipt;
    }

    /// <summary>Clicks the button that moves the case on, as labelled, and checks the page after the redirect.</summary>
    private static async Task MoveAsync(IPage page, string caseAddress, DeskTexts texts, string from, string to, string moveLabel)
    {
        await ExpectStateAsync(page, texts, from);
        var steps = await page.Locator("#steps > li").CountAsync();
        var button = page.Locator($"#to-{to}");
        await Expect(button).ToHaveTextAsync(moveLabel);
        var response = await page.RunAndWaitForResponseAsync(() => button.ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(302, response.Status);
        await Expect(page).ToHaveURLAsync(caseAddress + "#workflow");
        await ExpectStateAsync(page, texts, to);
        await Expect(page.Locator("[role=alert]")).ToHaveCountAsync(0);
        await Expect(page.Locator("#steps > li")).ToHaveCountAsync(steps + 1);
        await Expect(page.Locator("#steps > li").Last).ToContainTextAsync($"{texts.States[from]} → {texts.States[to]}");
    }

    private static async Task ExpectStateAsync(IPage page, DeskTexts texts, string state)
    {
        await Expect(page.Locator("#state")).ToHaveAttributeAsync("data-state", state);
        await Expect(page.Locator("#state")).ToHaveTextAsync(texts.States[state]);
        await Expect(page.Locator("ol.path > li.current")).ToHaveTextAsync(texts.States[state]);
    }

    /// <summary>The ids of the checklist items, in the order the page lists them.</summary>
    private static async Task<List<string>> ChecklistItemIdsAsync(IPage page)
    {
        var ids = new List<string>();
        foreach (var item in await page.Locator(".checklist > li").AllAsync())
        {
            ids.Add((await item.GetAttributeAsync("id"))!["check-".Length..]);
        }

        return ids;
    }


    /// <summary>The state labels the desk shows, as written in SharedResource.resx and SharedResource.ru.resx.</summary>
    private sealed record DeskTexts(IReadOnlyDictionary<string, string> States)
    {
        public static readonly DeskTexts English = new(new Dictionary<string, string>
        {
            ["New"] = "New",
            ["Triage"] = "Triage",
            ["Verification"] = "Verification",
            ["Planning"] = "Planning",
            ["InTransit"] = "In transit",
            ["Safe"] = "Safe",
        });

        public static readonly DeskTexts Russian = new(new Dictionary<string, string>
        {
            ["New"] = "Новое",
            ["Triage"] = "Первичный разбор",
            ["Verification"] = "Проверка",
            ["Planning"] = "Планирование",
            ["InTransit"] = "В пути",
            ["Safe"] = "В безопасности",
        });
    }
}
