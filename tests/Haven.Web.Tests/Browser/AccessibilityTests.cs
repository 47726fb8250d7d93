using System.Text;
using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Haven.Accounts;
using Haven.Tests;
using Haven.Web.Security;
using Haven.Web.Setup;
using Haven.Web.Tests.Infrastructure;
using Haven.Web.Tests.Interop;
using Haven.Web.Tests.Workflow;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Haven.Web.Tests.Browser.BrowserPages;
using static Microsoft.Playwright.Assertions;

namespace Haven.Web.Tests.Browser;

/// <summary>
/// WCAG 2.1 AA, checked by axe-core (Deque.AxeCore.Playwright, whose script ships inside the package: nothing
/// is fetched at run time) on every page that renders HTML, intake and desk, in English and in Russian, with
/// the states that matter (a form sent empty, a refused login, the inbox with filters, an invitation link).
/// No violation is allowed. The addresses without a page of their own are left out: /start, /leave, /lang,
/// /exit and /desk/logout only redirect, and the two file addresses only send a file. One server and one
/// browser serve every row, except the set-up, which is pending only on an empty instance and so gets a
/// server of its own in each language.
/// </summary>
[Trait(TestRuns.Database, TestRuns.Independent)]
public sealed class AccessibilityTests(AccessibilityFixture site) : IClassFixture<AccessibilityFixture>
{
    private static readonly string[] Locales = ["en-US", "ru-RU"];

    /// <summary>The person's pages: checked at the size of an old phone's screen, as they are mostly read.</summary>
    private static readonly string[] IntakePages = ["landing", "receipt", "request", "testimony", "sent", "return", "conversation", "safety", "not-found"];

    /// <summary>The desk's pages that need the administrator's session; the rest of the desk's are open.</summary>
    private static readonly string[] SignedInPages = ["inbox", "case", "reply", "file-info", "case-evidence", "checklist", "texts", "responders", "account", "audit", "record-export", "signed-out"];

    private static readonly string[] PageNames = [.. IntakePages, "desk-login", .. SignedInPages, "invite", "setup"];

    /// <summary>One row per page and language, so that each shows on its own.</summary>
    public static TheoryData<string, string> Pages()
    {
        var rows = new TheoryData<string, string>();
        foreach (var page in PageNames)
        {
            foreach (var locale in Locales)
            {
                rows.Add(page, locale);
            }
        }

        return rows;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task The_page_has_no_WCAG_2_1_AA_violation(string name, string locale)
    {
        await using var context = await site.NewRenderingContextAsync(
            locale,
            deskSession: SignedInPages.Contains(name),
            viewport: IntakePages.Contains(name) ? ChromiumFixture.Phone : null);
        var page = await context.NewPageAsync();
        var states = new List<string>();
        var violations = new List<string>();
        async Task Analyse(string state)
        {
            states.Add(state);
            violations.AddRange(await site.AnalyseAsync(page, locale, $"{name} ({state}, {locale})"));
        }

        await WalkAsync(name, locale, page, Analyse);

        Assert.NotEmpty(states);
        Assert.True(violations.Count == 0, $"axe found {violations.Count} WCAG 2.1 AA violation(s):{Environment.NewLine}{string.Join(Environment.NewLine, violations)}");
    }

    /// <summary>Brings the page to each state worth checking, with JavaScript off, and has each analysed.</summary>
    private async Task WalkAsync(string name, string locale, IPage page, Func<string, Task> analyse)
    {
        var server = site.Server;
        var russian = locale.StartsWith("ru", StringComparison.Ordinal);
        switch (name)
        {
            case "landing":
                await page.GotoAsync(Address(server, "/"));
                await analyse("start");
                break;
            case "receipt":
                await AskForHelpAsync(page);
                await analyse("shown");
                break;
            case "request":
                await AskForHelpAsync(page);
                await page.Locator("#continue").ClickAsync();
                await Expect(page).ToHaveURLAsync(Address(server, "/request"));
                await analyse("empty");
                await page.Locator("#send").ClickAsync();
                await Expect(page.Locator("[role=alert]").First).ToBeVisibleAsync();
                await analyse("sent empty");
                break;
            case "testimony":
                await Haven.Web.Tests.Intake.TestimonyKit.AddRegionsAsync(server, ("RU", null, "Russia", "Россия"), ("RU-CE", "RU", "Chechnya", "Чечня"));
                await page.GotoAsync(Address(server, "/"));
                await page.Locator("#testify").ClickAsync();
                await page.Locator("#continue").ClickAsync();
                await Expect(page).ToHaveURLAsync(Address(server, "/testimony"));
                await analyse("empty");
                await page.Locator("#send").ClickAsync();
                await Expect(page.Locator("[role=alert]").First).ToBeVisibleAsync();
                await analyse("sent empty");
                break;
            case "sent":
                await AskForHelpAsync(page);
                await page.Locator("#continue").ClickAsync();
                await page.GetByLabel(PageTexts.For(locale).HelpShelter).CheckAsync();
                await page.GetByLabel(PageTexts.For(locale).UrgencyDays).CheckAsync();
                await page.Locator("#text").FillAsync(russian ? "Нам нужно уехать" : "We need to leave");
                await page.Locator("#send").ClickAsync();
                await Expect(page).ToHaveURLAsync(Address(server, "/sent"));
                await analyse("sent");
                break;
            case "return":
                await page.GotoAsync(Address(server, "/return"));
                await analyse("empty");
                await page.Locator("#receipt").FillAsync("1234 5678");
                await page.Locator("#open").ClickAsync();
                await Expect(page.Locator("[role=alert]")).ToBeVisibleAsync();
                await analyse("wrong receipt");
                break;
            case "conversation":
                await page.GotoAsync(Address(server, "/return"));
                await page.Locator("#receipt").FillAsync(site.Receipt);
                await page.Locator("#open").ClickAsync();
                await Expect(page).ToHaveURLAsync(Address(server, "/conversation"));
                await Expect(page.Locator(".entry.reply .files a")).ToHaveCountAsync(1);
                await analyse("with a reply and a file");
                await page.Locator("#send").ClickAsync();
                await Expect(page.Locator("[role=alert]")).ToBeVisibleAsync();
                await analyse("sent empty");
                await page.Locator("#text").FillAsync(russian ? "Спасибо, ждём" : "Thank you, we wait");
                await page.Locator("#send").ClickAsync();
                await Expect(page.Locator("[role=status]")).ToBeVisibleAsync();
                await analyse("message sent");
                break;
            case "safety":
                await page.GotoAsync(Address(server, "/safety"));
                await analyse("read");
                break;
            case "not-found":
                await page.GotoAsync(Address(server, "/no-such-page"));
                await Expect(page.Locator("#error-404")).ToBeVisibleAsync();
                await analyse("404");
                break;
            case "desk-login":
                await page.GotoAsync(Address(server, "/desk/login"));
                await analyse("empty");
                await page.Locator("#name").FillAsync("Nobody");
                await page.Locator("#passphrase").FillAsync("not the passphrase");
                await page.Locator("#code").FillAsync("000000");
                await page.Locator("#login").ClickAsync();
                await Expect(page.Locator("[role=alert]")).ToBeVisibleAsync();
                await analyse("refused");
                break;
            case "inbox":
                await page.GotoAsync(Address(server, "/desk"));
                await Expect(page.Locator($"#case-{site.CaseId}")).ToBeVisibleAsync();
                await analyse("open cases");
                await page.Locator("#filters select[name=state]").SelectOptionAsync("all");
                await page.Locator("#filters select[name=urgency]").SelectOptionAsync("now");
                await page.Locator("#filters input[name=unassigned]").CheckAsync();
                await page.Locator("#filters button").ClickAsync();
                await Expect(page).ToHaveURLAsync(new Regex("urgency=now"));
                await Expect(page.Locator($"#case-{site.CaseId}")).ToBeVisibleAsync();
                await analyse("filtered");
                await page.GotoAsync(Address(server, "/desk?state=safe"));
                await Expect(page.Locator("#empty")).ToBeVisibleAsync();
                await analyse("nothing found");
                break;
            case "case":
                await page.GotoAsync(Address(server, $"/desk/case/{site.CaseId}"));
                await analyse("in verification");
                await page.Locator("#to-Planning").ClickAsync();
                await Expect(page.Locator("[role=alert]")).ToBeVisibleAsync();
                await analyse("move refused");
                break;
            case "reply":
                await page.GotoAsync(Address(server, $"/desk/case/{site.CaseId}/reply"));
                await analyse("empty");
                await page.Locator("#send-reply").ClickAsync();
                await Expect(page.Locator("[role=alert]")).ToBeVisibleAsync();
                await analyse("sent empty");
                break;
            case "file-info":
                await page.GotoAsync(Address(server, $"/desk/case/{site.CaseId}/files/{site.RequestFileId}"));
                await Expect(page.Locator("#sha256")).ToBeVisibleAsync();
                await analyse("original");
                await page.GotoAsync(Address(server, $"/desk/case/{site.CaseId}/files/{site.BundleFileId}"));
                await Expect(page.Locator("#proof-invalid")).ToBeVisibleAsync();
                await analyse("ProofMode bundle with a failed check");
                await page.GotoAsync(Address(server, $"/desk/case/{site.CaseId}/files/{site.PhotoFileId}"));
                await Expect(page.Locator("#redact-preview")).ToBeVisibleAsync();
                await analyse("image with the redaction form");
                await page.Locator("#rect-x-0").FillAsync("100000");
                await page.Locator("#make-redacted-copy").ClickAsync();
                await Expect(page.Locator("[role=alert]")).ToBeVisibleAsync();
                await analyse("redaction refused");
                await page.Locator("#rect-x-0").FillAsync("");
                await page.Locator("#cell-0-0").CheckAsync();
                await page.Locator("#make-redacted-copy").ClickAsync();
                await Expect(page.Locator("#notice")).ToBeVisibleAsync();
                await analyse("redacted copy made");
                await page.Locator("#copy-list li[data-kind=redacted] a[id^=copy-]").First.ClickAsync();
                await Expect(page.Locator("#chain")).ToBeVisibleAsync();
                await analyse("redacted copy with its chain");
                break;
            case "case-evidence":
                await page.GotoAsync(Address(server, $"/desk/case/{site.CaseId}/evidence"));
                await Expect(page.Locator("#export")).ToBeVisibleAsync();
                await analyse("form");
                await page.Locator("#export").ClickAsync();
                await Expect(page.Locator("[role=alert]")).ToBeVisibleAsync();
                await analyse("refused");
                break;
            case "checklist":
                await page.GotoAsync(Address(server, "/desk/checklist"));
                await analyse("items");
                await page.Locator("#add-item").ClickAsync();
                await Expect(page.Locator("[role=alert]")).ToBeVisibleAsync();
                await analyse("added empty");
                break;
            case "texts":
                await page.GotoAsync(Address(server, "/desk/texts"));
                await analyse("defaults");
                await page.Locator($"#text-{(russian ? "ru" : "en")}-emergency-contacts").FillAsync(russian ? "Горячая линия партнёров: +7 900 000-00-00" : "Partners' hotline: +7 900 000-00-00");
                await page.Locator($"#text-{(russian ? "ru" : "en")}-emergency-contacts-save").ClickAsync();
                await Expect(page.Locator("#notice")).ToBeVisibleAsync();
                await analyse("saved, with a version and back to the default");
                break;
            case "responders":
                await page.GotoAsync(Address(server, "/desk/responders"));
                await analyse("list");
                await page.Locator("#invite").ClickAsync();
                await Expect(page.Locator("#invite-link")).ToBeVisibleAsync();
                await analyse("invitation link");
                break;
            case "account":
                await page.GotoAsync(Address(server, "/desk/account"));
                await analyse("form");
                await page.Locator("#change").ClickAsync();
                await Expect(page.Locator("[role=alert]")).ToBeVisibleAsync();
                await analyse("sent empty");
                break;
            case "record-export":
                await page.GotoAsync(Address(server, "/desk/record/export"));
                await analyse("form");
                break;
            case "audit":
                await page.GotoAsync(Address(server, "/desk/audit"));
                await Expect(page.Locator("#audit tbody tr").First).ToBeVisibleAsync();
                await analyse("entries");
                break;
            case "signed-out":
                // The session ends while a reply is being written: the form goes on to the signed-out page.
                await page.GotoAsync(Address(server, $"/desk/case/{site.CaseId}"));
                await page.Locator("#reply").FillAsync(russian ? "Ответ, написанный слишком поздно" : "A reply written too late");
                await page.Context.ClearCookiesAsync();
                await page.Locator("#send-reply").ClickAsync();
                await Expect(page).ToHaveURLAsync(Address(server, "/desk/signed-out"));
                await analyse("text given back");
                break;
            case "invite":
                var token = await site.InviteAsync();
                await page.GotoAsync(Address(server, $"/invite/{token}"));
                await analyse("account");
                await page.Locator("#name").FillAsync("Invited " + locale);
                await page.Locator("#passphrase").FillAsync(WorkflowDesk.Passphrase);
                await page.Locator("#confirm").FillAsync("a different passphrase");
                await page.Locator("#create").ClickAsync();
                await Expect(page.Locator("[role=alert]")).ToBeVisibleAsync();
                await analyse("passphrases differ");
                await page.Locator("#passphrase").FillAsync(WorkflowDesk.Passphrase);
                await page.Locator("#confirm").FillAsync(WorkflowDesk.Passphrase);
                await page.Locator("#create").ClickAsync();
                await Expect(page.Locator("#totp-secret")).ToBeVisibleAsync();
                await analyse("enrolment");
                await page.GotoAsync(Address(server, "/invite/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
                await analyse("unknown link");
                break;
            case "setup":
                await WalkSetupAsync(page, analyse);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, "No such page in the list.");
        }
    }

    /// <summary>The one-time set-up on a server of its own (a set-up is pending only on an empty instance): every step, and a refusal.</summary>
    private static async Task WalkSetupAsync(IPage page, Func<string, Task> analyse)
    {
        await using var fresh = await HavenServer.StartFreshAsync();
        var token = fresh.Services.GetRequiredService<SetupState>().Token!;
        await page.GotoAsync(Address(fresh, $"/setup/{token}"));
        await analyse("account");
        await page.Locator("#name").FillAsync("Olga");
        await page.Locator("#passphrase").FillAsync("short");
        await page.Locator("#confirm").FillAsync("short");
        await page.Locator("#create").ClickAsync();
        await Expect(page.Locator("[role=alert]")).ToBeVisibleAsync();
        await analyse("passphrase too short");
        await page.Locator("#passphrase").FillAsync(WorkflowDesk.Passphrase);
        await page.Locator("#confirm").FillAsync(WorkflowDesk.Passphrase);
        await page.Locator("#create").ClickAsync();
        await Expect(page.Locator("#totp-secret")).ToBeVisibleAsync();
        await analyse("enrolment");
        var secret = (await page.Locator("#totp-secret").TextContentAsync())!.Trim();
        await page.Locator("#code").FillAsync(TotpCodes.Compute(secret, fresh.Clock.GetUtcNow()));
        await page.Locator("#verify").ClickAsync();
        await Expect(page.Locator("#recovery-secret")).ToBeVisibleAsync();
        await analyse("recovery secret");
    }

    private async Task AskForHelpAsync(IPage page)
    {
        await page.GotoAsync(Address(site.Server, "/"));
        await page.Locator("#ask").ClickAsync();
        await Expect(page).ToHaveURLAsync(Address(site.Server, "/receipt"));
    }
}

/// <summary>
/// What the accessibility rows share: one server with a case that has a request with a file, a reply with a
/// file, a message, a note, case data and a ticked checklist item; a second responder; the administrator's
/// desk session; and one browser, whose JavaScript-enabled context is where axe runs.
/// </summary>
public sealed class AccessibilityFixture : IAsyncLifetime
{
    /// <summary>
    /// WCAG 2.0 and 2.1, levels A and AA; with the two rules of success criterion 4.1.1 (unique ids), which
    /// axe leaves off by default since WCAG 2.2 made it obsolete but which WCAG 2.1 still has.
    /// </summary>
    private static readonly AxeRunOptions Wcag21AA = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        Rules = new Dictionary<string, RuleOptions>
        {
            ["duplicate-id"] = new() { Enabled = true },
            ["duplicate-id-active"] = new() { Enabled = true },
        },
        ResultTypes = [ResultType.Violations],
    };

    private readonly ChromiumFixture _chromium = new();
    private HavenServer? _server;
    private HavenClient? _admin;
    private IBrowserContext? _analysis;
    private string _deskSession = "";

    public HavenServer Server => _server ?? throw new InvalidOperationException("The server was not started.");

    public string CaseId { get; private set; } = "";

    public string Receipt { get; private set; } = "";

    public string RequestFileId { get; private set; } = "";

    /// <summary>A ProofMode bundle made with gpg whose media file was changed after signing: the proof section with passed and failed checks.</summary>
    public string BundleFileId { get; private set; } = "";

    /// <summary>A real JPEG: the file page with the redaction form over its preview.</summary>
    public string PhotoFileId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        await _chromium.InitializeAsync();
        _server = await HavenServer.StartAsync();

        // A person sends a request with a file and a ProofMode bundle; the administrator replies with a file; the person writes again.
        byte[] bundle;
        using (var gpg = new GpgKeys())
        {
            var media = ProofModeBundle.Media(20_000);
            bundle = ProofModeBundle.Zip(ProofModeBundle.Entries(gpg, media).With("PXL_20261205_101500123.jpg", [.. media.Take(19_999)]));
        }

        _admin = _server.CreateClient();
        var written = await FileScenario.WriteAsync(
            _server,
            _admin,
            "We are four, one child; the photo shows the yard.",
            [new SentFile("yard.jpg", "image/jpeg", SentFile.RandomBytes(2_000)), new SentFile("proofmode.zip", "application/zip", bundle), new SentFile("street.jpg", "image/jpeg", Files.CleanCopyTests.JpegWithGps(320, 240))],
            "Stay where you are; the route is in the file.",
            [new SentFile("route.txt", "text/plain", "North road, then the bus."u8.ToArray())]);
        (CaseId, Receipt, RequestFileId, BundleFileId, PhotoFileId) = (written.CaseId, written.Receipt, written.RequestFileIds[0], written.RequestFileIds[1], written.RequestFileIds[2]);
        using (var person = _server.CreateClient())
        {
            await person.ReturnAsync(Receipt);
            await person.SendMessageAsync("Thank you. Two of us can walk.");
        }

        // The case (in triage since the reply) moves to verification with one item ticked, a note and a version of its data.
        await _admin.WalkAsync(CaseId, "Verification");
        await _admin.TickAsync(CaseId, (await WorkflowDesk.ActiveItemIdsAsync(_server))[0]);
        await _admin.AddNoteAsync(CaseId, "The partner knows the family.");
        var casePage = await _admin.GetAsync($"/desk/case/{CaseId}");
        await _admin.PostAsync(
            $"/desk/case/{CaseId}?handler=data",
            [
                new("__af", HavenClient.Hidden(casePage.Html, "__af")!),
                new("DataId", HavenClient.Hidden(casePage.Html, "DataId")!),
                new("Data.Needs", "Documents and a ticket"),
                new("Data.Region", "North"),
                new("Data.Plan[0].Step", "Meet the partner at the station"),
                new("Data.Plan[0].Due", "2026-12-02"),
                new("Data.Tags", "family"),
            ]);
        await WorkflowDesk.AddResponderAsync(_server, "Caseworker", ResponderRole.Caseworker);

        // The administrator's desk session, for the desk rows (each login needs a time step of its own).
        _server.Clock.Advance(TimeSpan.FromSeconds(30));
        await using (var login = await _chromium.NewContextAsync("en-US"))
        {
            await LoginAsync(await login.NewPageAsync(), _server);
            _deskSession = await login.StorageStateAsync();
        }

        _analysis = await _chromium.NewContextAsync("en-US", javaScript: true);
    }

    /// <summary>A new profile with JavaScript off (Tor Browser "Safest"), signed in to the desk when asked; Playwright's 1280×720 unless told.</summary>
    public async Task<IBrowserContext> NewRenderingContextAsync(string locale, bool deskSession, ViewportSize? viewport)
    {
        var context = await _chromium.Browser.NewContextAsync(new()
        {
            Locale = locale,
            JavaScriptEnabled = false,
            ViewportSize = viewport,
            StorageState = deskSession ? _deskSession : null,
        });
        context.SetDefaultTimeout(20_000);
        return context;
    }

    /// <summary>Creates an invitation link as the administrator; returns its token.</summary>
    public async Task<string> InviteAsync() => await Accounts.Accounts.InviteAsync(_admin!, "Caseworker");

    /// <summary>
    /// Runs axe on what <paramref name="rendered"/> shows now and returns one line per violation.
    /// </summary>
    /// <remarks>
    /// The page was rendered with JavaScript off, where axe cannot run (with script disabled its timers never
    /// fire, and Playwright's evaluate then waits forever). So the same document is opened again in a context
    /// with JavaScript on: at the same address (a route answers the navigation with the rendered HTML and the
    /// server's Content-Security-Policy), so that the stylesheet comes from the same server and relative
    /// addresses resolve alike, and with the same viewport. The two documents are the same: the pages carry no
    /// script (and the policy would block one), so there is nothing that could change the DOM, and the only
    /// markup that renders differently with script on, &lt;noscript&gt;, is checked to be absent, as is any
    /// script. A fingerprint of both (element count, stylesheet rules applied, body colours) must match.
    /// </remarks>
    public async Task<List<string>> AnalyseAsync(IPage rendered, string locale, string label)
    {
        var html = await rendered.ContentAsync();
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<noscript", html, StringComparison.OrdinalIgnoreCase);
        var address = new Uri(rendered.Url).GetLeftPart(UriPartial.Query);
        var origin = new Uri(address).GetLeftPart(UriPartial.Authority) + "/";
        var page = await _analysis!.NewPageAsync();
        var elsewhere = new List<string>();
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(origin, StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                elsewhere.Add(request.Url);
            }
        };
        try
        {
            await page.SetViewportSizeAsync(rendered.ViewportSize!.Width, rendered.ViewportSize.Height);
            await page.SetExtraHTTPHeadersAsync(new Dictionary<string, string> { ["Accept-Language"] = locale });
            await page.RouteAsync(url => url == address, route => route.FulfillAsync(new()
            {
                Status = 200,
                ContentType = "text/html; charset=utf-8",
                Headers = new Dictionary<string, string> { ["Content-Security-Policy"] = SecurityHeaders.ContentSecurityPolicy },
                Body = html,
            }));
            await page.GotoAsync(address);
            Assert.Equal(await FingerprintAsync(rendered), await FingerprintAsync(page));
            var result = await page.RunAxe(Wcag21AA);

            // axe-core comes from inside the package: nothing is fetched from anywhere but the page's own server.
            Assert.Empty(elsewhere);
            return [.. result.Violations.Select(v => Describe(label, v))];
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (_analysis is not null)
        {
            await _analysis.DisposeAsync();
        }

        _admin?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        await _chromium.DisposeAsync();
    }

    /// <summary>What must be alike for the analysis to hold for the rendered page: the elements, and the stylesheet as applied.</summary>
    private static async Task<string> FingerprintAsync(IPage page) => await page.EvaluateAsync<string>(
        "() => [document.querySelectorAll('*').length, ...[...document.styleSheets].map(s => s.href + ':' + s.cssRules.length), getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).fontSize].join('|')");

    /// <summary>Rule, impact, help and where: enough to find and fix it without running axe again.</summary>
    private static string Describe(string label, AxeResultItem violation)
    {
        var text = new StringBuilder($"- {label}: {violation.Id} [{violation.Impact}] {violation.Help} ({violation.HelpUrl})");
        foreach (var node in violation.Nodes)
        {
            text.Append(Environment.NewLine).Append("    target ").Append(node.Target);
            var checks = (node.Any ?? []).Concat(node.All ?? []).Concat(node.None ?? []).Select(c => c.Message).Where(m => !string.IsNullOrWhiteSpace(m)).ToList();
            if (checks.Count > 0)
            {
                text.Append(": ").Append(string.Join(" / ", checks));
            }
        }

        return text.ToString();
    }
}
