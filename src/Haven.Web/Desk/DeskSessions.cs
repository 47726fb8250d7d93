using System.Collections.Concurrent;
using Haven.Accounts;
using Haven.Audit;
using Haven.Sessions;
using Haven.Storage;
using Haven.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Haven.Web.Desk;

/// <summary>
/// The unlocked responders of this web node, by session token. Each token's responder is also remembered
/// here so that all sessions of one responder can be ended at once (when an administrator disables them).
/// The store's timer ends idle sessions without waiting for a request; stopping the host ends them all.
/// </summary>
internal sealed class DeskSessions(TimeProvider clock, IOptions<DeskOptions> options, IDbContextFactory<HavenDbContext> dbFactory, AuditedWriter writer) : IDisposable
{
    private readonly ConcurrentDictionary<string, UnlockedResponder> _owners = new(StringComparer.Ordinal);

    public MemorySessionStore<UnlockedResponder> Store { get; } = new(clock, options.Value.IdleTimeout);

    public void SignIn(HttpContext context, UnlockedResponder responder)
    {
        Remove(context.Request.Cookies[SessionCookies.Desk]);
        var token = Store.Create(responder);
        _owners[token] = responder;
        Forget();
        context.Response.Cookies.Append(SessionCookies.Desk, token, SessionCookies.Options(context.Request));
    }

    /// <summary>Ends the session, audited as <c>responder.logout</c> while the responder's key can still sign.</summary>
    public async Task SignOutAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var token = context.Request.Cookies[SessionCookies.Desk];
        try
        {
            if (Store.Get(token) is { } responder)
            {
                await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
                await writer.SaveAsync(db, AuditActor.For(responder), new AuditEvent("responder.logout"), cancellationToken);
            }
        }
        finally
        {
            // The keys are wiped even if the audit entry could not be written.
            Remove(token);
            context.Response.Cookies.Delete(SessionCookies.Desk, SessionCookies.Options(context.Request));
        }
    }

    /// <summary>The synchronous form the logout page still calls; ASP.NET Core has no synchronization context to deadlock on.</summary>
    public void SignOut(HttpContext context) => SignOutAsync(context, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Ends every session of a responder on this node and wipes their keys; returns how many there were.</summary>
    public int EndAll(string responderId)
    {
        var ended = 0;
        foreach (var (token, responder) in _owners)
        {
            if (responder.Id == responderId)
            {
                Remove(token);
                ended++;
            }
        }

        return ended;
    }

    /// <summary>The unlocked keys of every live session of a responder on this node (to wipe their documentation keyring on a revocation, say).</summary>
    public IReadOnlyList<UnlockedResponder> SessionsOf(string responderId) =>
        [.. _owners.Values.Where(r => r.Id == responderId && !r.IsDisposed)];

    private void Remove(string? token)
    {
        Store.Remove(token);
        if (token is not null)
        {
            _owners.TryRemove(token, out _);
        }
    }

    /// <summary>Ends every session and wipes its keys (the host is stopping).</summary>
    public void Dispose() => Store.Dispose();

    /// <summary>Drops the owners of sessions the store has already ended (idle), whose keys are wiped.</summary>
    private void Forget()
    {
        foreach (var (token, responder) in _owners)
        {
            if (responder.IsDisposed)
            {
                _owners.TryRemove(token, out _);
            }
        }
    }
}
