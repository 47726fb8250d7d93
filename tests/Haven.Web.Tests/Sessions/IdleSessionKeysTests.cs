using Haven.Accounts;
using Haven.Crypto;
using Haven.Instance;
using Haven.Storage;
using Haven.Tests;
using Haven.Web.Desk;
using Haven.Web.Intake;
using Haven.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Haven.Web.Tests.Sessions;

/// <summary>
/// Idle sessions end by a timer, not by the next request, and their keys then no longer exist anywhere in the
/// server's memory: the test searches the whole process (the server runs in it) for the secret keys.
/// </summary>
public sealed class IdleSessionKeysTests
{
    [Fact]
    public async Task An_idle_responders_session_ends_without_a_request_and_their_keys_leave_memory()
    {
        await using var server = await HavenServer.StartAsync("--Haven:Desk:IdleTimeout=00:00:10");
        var sessions = server.Services.GetRequiredService<DeskSessions>();
        using var client = server.CreateClient();
        var login = await client.LoginAsync(HavenServer.AdminName, HavenServer.AdminPassphrase, server.AdminCode());
        Assert.Equal("/desk", login.Location.AbsolutePath);
        var keys = await ResponderKeysAsync(server, HavenServer.AdminName, HavenServer.AdminPassphrase);

        // The control: while the session lives, the search finds both secret keys.
        Assert.All(ProcessMemory.Count(keys), found => Assert.True(found.Value > 0, $"{found.Key} not found while the session is live"));

        server.Clock.Advance(TimeSpan.FromSeconds(11));
        await WaitUntilEmptyAsync(() => sessions.Store.Count);

        await WaitUntilFreedAsync(keys);
        Assert.Equal("/desk/login", (await client.GetAsync("/desk")).Location.AbsolutePath);
    }

    [Fact]
    public async Task An_idle_persons_session_ends_without_a_request_and_their_receipt_key_leaves_memory()
    {
        await using var server = await HavenServer.StartAsync("--Haven:Intake:IdleTimeout=00:00:10");
        var sessions = server.Services.GetRequiredService<SourceSessions>();
        using var person = server.CreateClient();
        var receipt = await person.AskForHelpAsync();
        MaskedSecret key;
        using (var derived = ReceiptDerivation.Derive(receipt, server.Services.GetRequiredService<InstanceState>().Required.Pepper))
        {
            key = new MaskedSecret("the source secret key", derived.SourceKeys.SecretKey);
        }

        Assert.True(ProcessMemory.Count(key)[key.Name] > 0, "the source key is not found while the session is live");

        server.Clock.Advance(TimeSpan.FromSeconds(11));
        await WaitUntilEmptyAsync(() => sessions.Store.Count);

        await WaitUntilFreedAsync(key);
    }

    /// <summary>The responder's two secret keys, unwrapped here with their passphrase and held only masked.</summary>
    private static async Task<MaskedSecret[]> ResponderKeysAsync(HavenServer server, string name, string passphrase)
    {
        await using var db = StorageServiceCollectionExtensions.CreateContext(server.Data);
        var responder = await db.Responders.AsNoTracking().SingleAsync(r => r.Name == name);
        using var derived = PassphraseDerivation.Derive(passphrase, responder.KdfSalt);
        Assert.True(KeyWrap.TryUnwrap(responder.WrappedKeys, derived.WrappingKey, responder.Id, out var plaintext));
        var secrets = ResponderSecrets.Deserialize(plaintext)!;
        Array.Clear(plaintext);
        try
        {
            return
            [
                new MaskedSecret("the X25519 secret key", secrets.X25519),
                new MaskedSecret("the Ed25519 seed", secrets.Ed25519.AsSpan(0, 32)),
            ];
        }
        finally
        {
            secrets.Wipe();
        }
    }

    /// <summary>
    /// Counts the secrets in memory, again for a few seconds while any is still found: a session leaves the store
    /// at once, but a key an operation is still using (the first request's group commit, say, on a busy machine)
    /// is wiped when that use ends, not before. A copy left behind for good is still found at the deadline.
    /// </summary>
    private static Task WaitUntilFreedAsync(params MaskedSecret[] secrets)
    {
        var found = new Dictionary<string, int>();
        return Eventually.UntilAsync(
            "the keys to leave memory after the session ended",
            () => (found = ProcessMemory.Count(secrets)).Values.All(n => n == 0),
            deadline: TimeSpan.FromSeconds(10),
            interval: TimeSpan.FromMilliseconds(250),
            state: () => string.Join(", ", found.Where(f => f.Value > 0).Select(f => $"{f.Key} still there {f.Value} times")));
    }

    /// <summary>Waits (without a request to the server) until the store holds no session.</summary>

    private static Task WaitUntilEmptyAsync(Func<int> count) =>
        Eventually.UntilAsync("the idle session to be ended without a request", () => count() == 0, deadline: TimeSpan.FromSeconds(30), interval: TimeSpan.FromMilliseconds(100), state: () => $"{count()} sessions left");
}
