using System.Text;
using System.Text.RegularExpressions;
using Haven.Web.Tests.Infrastructure;
using static Haven.Web.Tests.Files.FileTestKit;

namespace Haven.Web.Tests.Hostile;

/// <summary>
/// One form of the application as a browser would send it: fresh ids and a valid token read from its page,
/// every field plausible, and <see cref="TextField"/> carrying what the test wants to send.
/// </summary>
/// <param name="Name">Names the form in failure messages.</param>
/// <param name="Client">Whose session sends it.</param>
/// <param name="Action">Where it is posted.</param>
/// <param name="TextField">The field the test fills.</param>
/// <param name="Fields">The whole form with the given text in <paramref name="TextField"/>.</param>
/// <param name="Streamed">Read by StreamingForm (multipart with files allowed).</param>
internal sealed record HostileForm(string Name, HavenClient Client, string Action, string TextField, Func<string, Task<List<KeyValuePair<string, string>>>> Fields, bool Streamed = false)
{
    /// <summary>The form url-encoded, with <paramref name="rawValue"/> put in <see cref="TextField"/> as it is (Latin-1 chars are bytes).</summary>
    public async Task<string> UrlEncodedAsync(string rawValue, string? rawName = null) => (await TemplateAsync())(rawValue, rawName);

    /// <summary>
    /// The form read once from its page, url-encoded with what the test puts in <see cref="TextField"/> (value and,
    /// optionally, the field's name, both as they go on the wire). For requests refused before the token is read.
    /// </summary>
    public async Task<Func<string, string?, string>> TemplateAsync()
    {
        var fields = await Fields("placeholder");
        return (rawValue, rawName) => string.Join('&', fields.Select(f => f.Key == TextField
            ? $"{rawName ?? Uri.EscapeDataString(f.Key)}={rawValue}"
            : $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(f.Value)}"));
    }

    /// <summary>Posts the form url-encoded over a raw socket with the client's cookies.</summary>
    public async Task<RawResponse> PostRawAsync(HavenServer server, string rawValue, string contentType = "application/x-www-form-urlencoded", string? rawName = null) =>
        await SendAsync(server, await UrlEncodedAsync(rawValue, rawName), contentType);

    /// <summary>Sends a body to the form's action over a raw socket with the client's cookies.</summary>
    public Task<RawResponse> SendAsync(HavenServer server, string body, string contentType = "application/x-www-form-urlencoded", params string[] headers) =>
        RawHttp.SendAsync(server, "POST", Action, [RawHttp.CookieHeader(Client), "Content-Type: " + contentType, .. headers], body);

    /// <summary>Posts the form the normal way (HttpClient, url-encoded) with <paramref name="text"/> in <see cref="TextField"/>.</summary>
    public async Task<HavenClient.Page> PostAsync(string text) => await Client.PostAsync(Action, await Fields(text));
}

/// <summary>
/// A running instance with everyone who has a form to send: the administrator (logged in), a person with a
/// case and a session, a newcomer on the request form, an anonymous visitor and an invitation link; and
/// every form of the application (<see cref="Forms"/>). Throttles are raised so that a test's deliberate
/// failures do not lock the next request out.
/// </summary>
internal sealed partial class HostileScenario : IAsyncDisposable
{
    private HostileScenario(HavenServer server) => Server = server;

    public HavenServer Server { get; }

    public HavenClient Admin { get; private set; } = null!;

    public HavenClient Person { get; private set; } = null!;

    public string CaseId { get; private set; } = "";

    public HavenClient Newcomer { get; private set; } = null!;

    public HavenClient Visitor { get; private set; } = null!;

    public string InviteToken { get; private set; } = "";

    public IReadOnlyList<HostileForm> Forms { get; private set; } = [];

    public static async Task<HostileScenario> StartAsync(params string[] settings)
    {
        var server = await HavenServer.StartAsync(["--Haven:Throttle:Logins:FailuresPerWindow=100000", "--Haven:Throttle:Logins:AttemptsPerMinute=100000", "--Haven:Throttle:Receipts:AttemptsPerMinute=100000", .. settings]);
        var scenario = new HostileScenario(server);
        scenario.Admin = await AdminAsync(server);
        var (person, caseId) = await PersonWithCaseAsync(server);
        (scenario.Person, scenario.CaseId) = (person, caseId);
        scenario.Newcomer = await PersonAsync(server);
        scenario.Visitor = server.CreateClient();
        scenario.InviteToken = await InviteAsync(scenario.Admin);
        scenario.Forms = scenario.BuildForms();
        return scenario;
    }

    public HostileForm Form(string name) => Forms.Single(f => f.Name == name);

    /// <summary>Logs the administrator in once more, on a new client, with the code of the clock's next time step.</summary>
    public async Task<HavenClient> LoginAdminAsync(HavenClient? client = null)
    {
        client ??= Server.CreateClient();
        Server.Clock.Advance(TimeSpan.FromSeconds(30));
        var login = await client.LoginAsync(HavenServer.AdminName, HavenServer.AdminPassphrase, Server.AdminCode());
        Assert.Equal("/desk", login.Location.AbsolutePath);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        Person.Dispose();
        Newcomer.Dispose();
        Visitor.Dispose();
        await Server.DisposeAsync();
    }

    /// <summary>Every form a person or a responder can send, each with the field a person or responder types into.</summary>
    private List<HostileForm> BuildForms()
    {
        var casePage = $"/desk/case/{CaseId}";
        return
        [
            new("request", Newcomer, "/request", "Input.Text", async text =>
            {
                var html = (await Newcomer.GetAsync("/request")).Html;
                return [Field(html, "__af"), Field(html, "Input.RecordId"), Field(html, "Input.Ticket"), new("Input.Urgency", "now"), new("Input.Help", "evacuation"), new("Input.Text", text), new("Input.Contact", "")];
            }, Streamed: true),
            new("contact", Newcomer, "/request", "Input.Contact", async text =>
            {
                var html = (await Newcomer.GetAsync("/request")).Html;
                return [Field(html, "__af"), Field(html, "Input.RecordId"), Field(html, "Input.Ticket"), new("Input.Urgency", "now"), new("Input.Text", "hello"), new("Input.Contact", text)];
            }, Streamed: true),
            new("follow-up", Person, "/conversation", "Text", async text =>
            {
                var html = (await Person.GetAsync("/conversation")).Html;
                return [Field(html, "__af"), Field(html, "RecordId"), new("Text", text)];
            }, Streamed: true),
            new("return", Visitor, "/return", "Receipt", async text => [Field((await Visitor.GetAsync("/return")).Html, "__af"), new("Receipt", text)]),
            new("login", Visitor, "/desk/login", "Passphrase", async text =>
                [Field((await Visitor.GetAsync("/desk/login")).Html, "__af"), new("Name", HavenServer.AdminName), new("Passphrase", text), new("Code", "123456")]),
            new("reply", Admin, $"{casePage}/reply", "Text", async text =>
            {
                var html = (await Admin.GetAsync(casePage)).Html;
                return [Field(html, "__af"), Field(html, "RecordId"), new("Text", text)];
            }, Streamed: true),
            new("case data", Admin, $"{casePage}?handler=data", "Data.Needs", async text =>
            {
                var html = (await Admin.GetAsync(casePage)).Html;
                return [Field(html, "__af"), Field(html, "DataId"), new("Data.Needs", text), new("Data.Region", "north"), new("Data.Tags", "a, b"), new("Data.Plan[0].Step", "call"), new("Data.Plan[0].Due", "2026-12-01")];
            }),
            new("tags", Admin, $"{casePage}?handler=data", "Data.Tags", async text =>
            {
                var html = (await Admin.GetAsync(casePage)).Html;
                return [Field(html, "__af"), Field(html, "DataId"), new("Data.Region", "south"), new("Data.Tags", text)];
            }),
            new("plan step", Admin, $"{casePage}?handler=data", "Data.Plan[0].Step", async text =>
            {
                var html = (await Admin.GetAsync(casePage)).Html;
                return [Field(html, "__af"), Field(html, "DataId"), new("Data.Region", "east"), new("Data.Plan[0].Step", text)];
            }),
            new("note", Admin, $"{casePage}?handler=note", "NoteText", async text =>
            {
                var html = (await Admin.GetAsync(casePage)).Html;
                return [Field(html, "__af"), Field(html, "NoteId"), new("NoteText", text)];
            }),
            new("transition", Admin, $"{casePage}?handler=transition", "Reason", async text =>
            {
                var html = (await Admin.GetAsync(casePage)).Html;
                return [Field(html, "__af"), Field(html, "From"), Field(html, "TransitionId"), new("To", NextState().Match(html).Groups[1].Value), new("Reason", text)];
            }),
            new("checklist", Admin, "/desk/checklist?handler=add", "Text", async text => [Field((await Admin.GetAsync("/desk/checklist")).Html, "__af"), new("Text", text)]),
            new("invitation", Admin, "/desk/responders?handler=invite", "role", async text => [Field((await Admin.GetAsync("/desk/responders")).Html, "__af"), new("role", text)]),
            new("account", Admin, "/desk/account", "current", async text =>
                [Field((await Admin.GetAsync("/desk/account")).Html, "__af"), new("current", text), new("passphrase", "a brand new passphrase"), new("confirm", "a brand new passphrase")]),
            new("enrolment", Visitor, $"/invite/{InviteToken}?handler=account", "Name", async text =>
                [Field((await Visitor.GetAsync($"/invite/{InviteToken}")).Html, "__af"), new("Name", text), new("passphrase", "a long enough passphrase"), new("confirm", "a long enough passphrase")]),
        ];
    }

    private static KeyValuePair<string, string> Field(string html, string name) =>
        new(name, HavenClient.Hidden(html, name) ?? throw new InvalidOperationException($"No field {name} on the page."));

    /// <summary>Creates an invitation link (for a caseworker) and returns its token.</summary>
    public static async Task<string> InviteAsync(HavenClient admin)
    {
        var page = await admin.PostFormAsync("/desk/responders", "/desk/responders?handler=invite", [new("role", "Caseworker")]);
        var match = InviteLink().Match(page.Html);
        Assert.True(match.Success, "No invitation link shown.");
        return match.Groups[1].Value;
    }

    /// <summary>The first step the case page offers (the next state forward).</summary>
    [GeneratedRegex("name=\"To\" value=\"([A-Za-z]+)\"")]
    private static partial Regex NextState();

    [GeneratedRegex("/invite/([A-Za-z0-9_-]{43})<")]
    private static partial Regex InviteLink();
}

/// <summary>One running <see cref="HostileScenario"/> shared by the tests of a class (they run one after another).</summary>
public sealed class ScenarioFixture : IAsyncLifetime
{
    internal HostileScenario Scenario { get; private set; } = null!;

    public async Task InitializeAsync() => Scenario = await HostileScenario.StartAsync();

    public async Task DisposeAsync() => await Scenario.DisposeAsync();
}

/// <summary>Raw byte sequences that are not UTF-8, written as Latin-1 chars so that each char is one byte on the wire.</summary>
internal static class BadUtf8
{
    /// <summary>Each with a name for failure messages; percent-encoded and raw.</summary>
    public static readonly (string Name, string Value)[] Values =
    [
        ("0xFF 0xFE percent-encoded", "before%FF%FEafter"),
        ("0xFF 0xFE raw", "before\u00FF\u00FEafter"),
        ("overlong slash", "a%C0%AFb"),
        ("overlong NUL", "a%C0%80b"),
        ("lone surrogate as CESU", "a%ED%A0%80b"),
        ("surrogate pair as CESU", "%ED%A0%BD%ED%B8%80"),
        ("truncated sequence", "euro%E2%82"),
        ("continuation byte alone", "x%80y"),
        ("five-byte form", "%F8%88%80%80%80"),
        ("above U+10FFFF", "%F4%90%80%80"),
        ("raw Latin-1 text", "caf\u00E9"),
    ];

    public static string Latin1(byte[] bytes) => Encoding.Latin1.GetString(bytes);
}
