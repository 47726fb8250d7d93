using System.Net;
using System.Text.RegularExpressions;
using Haven.Accounts;
using Haven.Cases;
using Haven.Crypto;
using Haven.Storage;
using Haven.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Haven.Web.Tests.Workflow;

/// <summary>A responder created for a test, with what it takes to log in.</summary>
internal sealed record TestResponder(string Id, string Name, string Passphrase, string TotpSecret);

/// <summary>Intent methods for the case page and the checklist page, over real HTTP like a browser.</summary>
internal static partial class WorkflowDesk
{
    public const string Passphrase = "a long enough passphrase";

    /// <summary>A person asks for help; returns the case id (read from the database) and the receipt.</summary>
    public static async Task<(string CaseId, string Receipt)> OpenCaseAsync(HavenServer server, string text = "please help us")
    {
        await using var db = await Db(server);
        var before = await db.Cases.AsNoTracking().Select(c => c.Id).ToListAsync();
        using var person = server.CreateClient();
        var receipt = await person.AskForHelpAsync();
        var sent = await person.SubmitRequestAsync(text);
        Assert.Equal(HttpStatusCode.OK, sent.Status);
        var after = await db.Cases.AsNoTracking().Select(c => c.Id).ToListAsync();
        return (Assert.Single(after.Except(before)), receipt);
    }

    public static async Task<TestResponder> AddResponderAsync(HavenServer server, string name, ResponderRole role)
    {
        var (responder, totp) = NewResponder.Create(name, Passphrase, role, DateOnly.FromDateTime(server.Clock.GetUtcNow().UtcDateTime));
        await using var db = await Db(server);
        await Haven.Instance.AddResponderCommand.ExecuteAsync(db, responder, CancellationToken.None);
        return new TestResponder(responder.Id, name, Passphrase, totp);
    }

    /// <summary>Logs a test responder in; <paramref name="step"/> shifts the TOTP code for a further login of the same responder.</summary>
    public static async Task<HavenClient> LoginAsync(HavenServer server, TestResponder responder, int step = 0)
    {
        var client = server.CreateClient();
        var page = await client.LoginAsync(responder.Name, responder.Passphrase, TotpCodes.Compute(responder.TotpSecret, server.Clock.GetUtcNow().AddSeconds(30 * step)));
        Assert.Equal("/desk", page.Location.AbsolutePath);
        return client;
    }

    public static async Task<HavenClient> LoginAdminAsync(HavenServer server, int step = 0)
    {
        var client = server.CreateClient();
        var page = await client.LoginAsync(HavenServer.AdminName, HavenServer.AdminPassphrase, server.AdminCode(step));
        Assert.Equal("/desk", page.Location.AbsolutePath);
        return client;
    }

    /// <summary>Sends the workflow form of the case page the way a browser would, with the state it shows.</summary>
    public static async Task<HavenClient.Page> MoveAsync(this HavenClient client, string caseId, string to, string? reason = null, string? outcome = null)
    {
        var page = await client.GetAsync($"/desk/case/{caseId}");
        var fields = new List<KeyValuePair<string, string>>
        {
            new("__af", HavenClient.Hidden(page.Html, "__af") ?? throw new InvalidOperationException($"No case page: {page.Status}")),
            new("From", HavenClient.Hidden(page.Html, "From")!),
            new("TransitionId", HavenClient.Hidden(page.Html, "TransitionId")!),
            new("To", to),
            new("Reason", reason ?? ""),
            new("Outcome", outcome ?? ""),
        };
        return await client.PostAsync($"/desk/case/{caseId}?handler=transition", fields);
    }

    /// <summary>Moves a case along the path, asserting that each step succeeds.</summary>
    public static async Task WalkAsync(this HavenClient client, string caseId, params string[] states)
    {
        foreach (var state in states)
        {
            var page = await client.MoveAsync(caseId, state);
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Equal(state, StateOf(page.Html));
        }
    }

    public static async Task<HavenClient.Page> TickAsync(this HavenClient client, string caseId, int itemId, bool ticked = true) =>
        await client.PostWithTokenAsync($"/desk/case/{caseId}", $"/desk/case/{caseId}?handler=check", [new("ItemId", itemId.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("Ticked", ticked ? "true" : "false")]);

    public static async Task<HavenClient.Page> AddNoteAsync(this HavenClient client, string caseId, string text)
    {
        var page = await client.GetAsync($"/desk/case/{caseId}");
        return await client.PostAsync($"/desk/case/{caseId}?handler=note", [new("__af", HavenClient.Hidden(page.Html, "__af") ?? ""), new("NoteId", HavenClient.Hidden(page.Html, "NoteId") ?? RandomId.New()), new("NoteText", text)]);
    }

    /// <summary>Posts to <paramref name="action"/> with an anti-forgery token taken from <paramref name="pagePath"/>, or from the inbox when that page is not found.</summary>
    public static async Task<HavenClient.Page> PostWithTokenAsync(this HavenClient client, string pagePath, string action, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var page = await client.GetAsync(pagePath);
        var token = HavenClient.Hidden(page.Html, "__af") ?? HavenClient.Hidden((await client.GetAsync("/desk")).Html, "__af")!;
        return await client.PostAsync(action, [.. fields, new("__af", token)]);
    }

    /// <summary>The state the case page shows in its header.</summary>
    public static string? StateOf(string html)
    {
        var match = StatePattern().Match(html);
        return match.Success ? match.Groups[1].Value : null;
    }

    public static async Task<HavenDbContext> Db(HavenServer server) =>
        await server.Services.GetRequiredService<IDbContextFactory<HavenDbContext>>().CreateDbContextAsync();

    public static async Task<List<int>> ActiveItemIdsAsync(HavenServer server)
    {
        await using var db = await Db(server);
        return await db.ChecklistItems.AsNoTracking().Where(i => i.Active).OrderBy(i => i.Position).Select(i => i.Id).ToListAsync();
    }

    public static async Task<Case> CaseAsync(HavenServer server, string caseId)
    {
        await using var db = await Db(server);
        return await db.Cases.AsNoTracking().SingleAsync(c => c.Id == caseId);
    }

    /// <summary>Decrypts a record with the recovery key, as an operator would offline; returns the plaintext JSON.</summary>
    public static async Task<string> OpenWithRecoveryAsync(HavenServer server, CaseRecord record)
    {
        await using var db = await Db(server);
        var seal = await db.CaseKeySeals.AsNoTracking().SingleAsync(s => s.CaseId == record.CaseId && s.ResponderId == null && s.Generation == record.KeyGeneration);
        using var recovery = X25519KeyPair.FromSecretKey(server.RecoverySecretKey);
        using var caseKey = CaseRecords.OpenCaseKey(seal.SealedKey, recovery)!;
        Assert.True(RecordEnvelope.TryOpen(record.Ciphertext, record.KeyForCase, caseKey, record.Kind, record.Id, out var plaintext));
        return System.Text.Encoding.UTF8.GetString(plaintext);
    }

    [GeneratedRegex("id=\"state\" data-state=\"([A-Za-z]+)\"")]
    private static partial Regex StatePattern();
}
