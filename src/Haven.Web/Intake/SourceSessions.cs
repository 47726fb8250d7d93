using Haven.Intake;
using Haven.Sessions;
using Haven.Web.Security;
using Microsoft.Extensions.Options;

namespace Haven.Web.Intake;

/// <summary>
/// The people's sessions on this web node, by session token. The store's timer ends idle sessions without
/// waiting for a request; stopping the host ends them all.
/// </summary>
internal sealed class SourceSessions(TimeProvider clock, IOptions<IntakeOptions> options) : IDisposable
{
    public MemorySessionStore<SourceSession> Store { get; } = new(clock, options.Value.IdleTimeout);

    public SourceSession? Current(HttpContext context) => Store.Get(context.Request.Cookies[SessionCookies.Source]);

    public void Start(HttpContext context, SourceSession session)
    {
        Store.Remove(context.Request.Cookies[SessionCookies.Source]);
        var token = Store.Create(session);
        context.Response.Cookies.Append(SessionCookies.Source, token, SessionCookies.Options(context.Request));
    }

    public void End(HttpContext context)
    {
        Store.Remove(context.Request.Cookies[SessionCookies.Source]);
        context.Response.Cookies.Delete(SessionCookies.Source, SessionCookies.Options(context.Request));
    }

    /// <summary>Ends every session and wipes its keys (the host is stopping).</summary>
    public void Dispose() => Store.Dispose();
}
