using Haven.Accounts;
using Haven.Crypto;
using Haven.Record.Keys;
using Haven.Storage;
using Haven.Web.Desk;
using Haven.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Haven.Web.Tests.Record;

/// <summary>Intent helpers for the documentation key tests: the service, the sessions' keys, the seals as stored.</summary>
internal static class DocumentationAccess
{
    public static DocumentationKeys Keys(HavenServer server) => server.Services.GetRequiredService<DocumentationKeys>();

    /// <summary>The unlocked keys of the one live session of the responder named <paramref name="name"/>.</summary>
    public static UnlockedResponder Session(HavenServer server, string name)
    {
        var sessions = server.Services.GetRequiredService<DeskSessions>();
        using var db = Db(server);
        var id = db.Responders.Where(r => r.Name == name).Select(r => r.Id).Single();
        return sessions.SessionsOf(id)[^1];
    }

    public static HavenDbContext Db(HavenServer server) => server.Services.GetRequiredService<IDbContextFactory<HavenDbContext>>().CreateDbContext();

    /// <summary>The generations the responder has a seal of, lowest first.</summary>
    public static async Task<List<int>> SealedGenerationsAsync(HavenServer server, string responderId)
    {
        await using var db = Db(server);
        return await db.DocumentationKeySeals.Where(s => s.ResponderId == responderId).Select(s => s.Generation).OrderBy(g => g).ToListAsync();
    }

    /// <summary>Opens the recovery seal of <paramref name="generation"/> with the server's recovery secret; returns the public key of what it holds, checked against the stored one.</summary>
    public static async Task<byte[]> OpenRecoverySealAsync(HavenServer server, int generation)
    {
        await using var db = Db(server);
        var seal = await db.DocumentationKeySeals.SingleAsync(s => s.Generation == generation && s.ResponderId == null);
        using var recovery = X25519KeyPair.FromSecretKey(server.RecoverySecretKey);
        Assert.True(SealedBox.TryOpen(seal.SealedKey, recovery, out var secret));
        using var key = X25519KeyPair.FromSecretKey(secret);
        var stored = await db.DocumentationKeys.SingleAsync(k => k.Generation == generation);
        Assert.Equal(stored.PublicKey, key.PublicKey);
        return key.PublicKey;
    }
}
