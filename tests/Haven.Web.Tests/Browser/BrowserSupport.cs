using Haven.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Haven.Web.Tests.Browser;

/// <summary>
/// One headless Debian Chromium per test class, driven by Playwright. Playwright's own browser download is
/// never used: without <see cref="ExecutablePath"/> the tests fail, because CI installs it.
/// Each context gets a fresh profile (no cookies, no storage), like a new Tor Browser window.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>A phone-sized screen, as an old Android phone has.</summary>
    public static readonly ViewportSize Phone = new() { Width = 360, Height = 740 };

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Chromium was not launched.");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"The browser tests need Debian's Chromium at {ExecutablePath}: install it with 'apt-get install chromium'. " +
                "Playwright's own browser download is not used.");
        }

        // Key derivations (Argon2) run on submit: leave room for a slow, busy machine.
        Assertions.SetDefaultExpectTimeout(20_000);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    /// <summary>A new browser profile: JavaScript off unless asked (Tor Browser "Safest").</summary>
    public async Task<IBrowserContext> NewContextAsync(string locale, bool javaScript = false, ViewportSize? viewport = null)
    {
        var context = await Browser.NewContextAsync(new()
        {
            Locale = locale,
            JavaScriptEnabled = javaScript,
            ViewportSize = viewport,
        });
        context.SetDefaultTimeout(20_000);
        return context;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}

/// <summary>The texts a person sees, as written in SharedResource.resx and SharedResource.ru.resx.</summary>
public sealed record PageTexts(
    string Language,
    string LandingTitle,
    string ReceiptTitle,
    string RequestTitle,
    string HelpShelter,
    string UrgencyDays,
    string SentTitle,
    string ReturnTitle,
    string ConversationTitle,
    string ReplyFrom,
    string MessageSent,
    string SafetyTitle,
    string QuickExit)
{
    public static readonly PageTexts English = new(
        Language: "en",
        LandingTitle: "Ask for help safely",
        ReceiptTitle: "Your secret code",
        RequestTitle: "Tell us what you need",
        HelpShelter: "A safe place to stay",
        UrgencyDays: "Within days",
        SentTitle: "Your request was sent",
        ReturnTitle: "Come back with your secret code",
        ConversationTitle: "Your conversation",
        ReplyFrom: "Reply from the team",
        MessageSent: "Your message was sent.",
        SafetyTitle: "How to stay safe",
        QuickExit: "Leave quickly");

    public static readonly PageTexts Russian = new(
        Language: "ru",
        LandingTitle: "Безопасно попросить о помощи",
        ReceiptTitle: "Ваш секретный код",
        RequestTitle: "Расскажите, что вам нужно",
        HelpShelter: "Безопасное жильё",
        UrgencyDays: "В ближайшие дни",
        SentTitle: "Ваше обращение отправлено",
        ReturnTitle: "Вернуться по секретному коду",
        ConversationTitle: "Ваша переписка",
        ReplyFrom: "Ответ команды",
        MessageSent: "Ваше сообщение отправлено.",
        SafetyTitle: "Как оставаться в безопасности",
        QuickExit: "Быстрый выход");

    /// <summary>The texts for a browser locale such as "ru-RU".</summary>
    public static PageTexts For(string locale) => locale.StartsWith("ru", StringComparison.Ordinal) ? Russian : English;
}

/// <summary>
/// The "neutral, everyday site" the quick exit leads to, played by a tiny server on a free loopback port, so
/// no traffic leaves the machine. (A Playwright route cannot stand in for it: routes are not called for the
/// target of a redirect, which is how the quick exit leaves.)
/// </summary>
public sealed class NeutralSite : IAsyncDisposable
{
    public const string Body = "neutral";

    private readonly WebApplication _app;
    private int _visits;

    private NeutralSite(WebApplication app)
    {
        _app = app;
    }

    /// <summary>The address to configure as Haven:Intake:QuickExitUrl.</summary>
    public string Address { get; private set; } = "";

    /// <summary>The origin, as browsers write it ("http://127.0.0.1:1234").</summary>
    public string Origin => new Uri(Address).GetLeftPart(UriPartial.Authority);

    /// <summary>How many requests reached the site.</summary>
    public int Visits => Volatile.Read(ref _visits);

    public static async Task<NeutralSite> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(NeutralSite).Assembly.GetName().Name });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var site = new NeutralSite(app);
        app.Run(context =>
        {
            Interlocked.Increment(ref site._visits);
            context.Response.ContentType = "text/plain; charset=utf-8";
            return context.Response.WriteAsync(Body);
        });
        await app.StartAsync();
        site.Address = app.Urls.First() + "/neutral";
        return site;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>What the browser tests do the same way: addresses on the test server, and the desk login.</summary>
internal static class BrowserPages
{
    public static string Address(HavenServer server, string path) => new Uri(server.BaseAddress, path).ToString();

    /// <summary>Logs in through the desk login page (as the administrator unless told otherwise) and lands on the inbox.</summary>
    public static async Task LoginAsync(IPage page, HavenServer server, string? name = null, string? passphrase = null, string? code = null)
    {
        await page.GotoAsync(Address(server, "/desk/login"));
        await page.Locator("#name").FillAsync(name ?? HavenServer.AdminName);
        await page.Locator("#passphrase").FillAsync(passphrase ?? HavenServer.AdminPassphrase);
        await page.Locator("#code").FillAsync(code ?? server.AdminCode());
        await page.Locator("#login").ClickAsync();
        await Expect(page).ToHaveURLAsync(Address(server, "/desk"));
    }
}
