using System.Collections.Concurrent;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Haven.Accounts;
using Haven.Audit;
using Haven.Sessions;
using Haven.Storage;
using Haven.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Haven.Web.Desk;

/// <summary>Desk options, validated at start-up.</summary>
internal sealed class DeskOptions
{
    /// <summary>A responder idle for longer is logged out and their keys wiped from memory.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);
}

/// <summary>
/// The unlocked responders of this web node, by session token. Each token's responder is also remembered
/// here so that all sessions of one responder can be ended at once (when an administrator disables them).
/// The store's timer ends idle sessions without waiting for a request; stopping the host ends them all.
/// </summary>
internal sealed class DeskSessions(TimeProvider clock, IOptions<DeskOptions> options, IDbContextFactory<HavenDbContext> dbFactory, AuditLog audit) : IDisposable
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
                await audit.SaveWithAsync(db, AuditActor.For(responder), new AuditEvent("responder.logout"), cancellationToken);
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

/// <summary>
/// Authenticates desk requests from the session cookie against the in-memory sessions. A responder whose
/// session has expired is sent to the login page, or, with a form, to the page that gives back what they
/// wrote; nothing is kept in the cookie but a random token.
/// </summary>
internal sealed class DeskAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, DeskSessions sessions)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "HavenDesk";

    public static UnlockedResponder Current(HttpContext context) =>
        context.Items[typeof(UnlockedResponder)] as UnlockedResponder ?? throw new InvalidOperationException("No responder is logged in.");

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var responder = sessions.Store.Get(Request.Cookies[SessionCookies.Desk]);
        if (responder is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        Context.Items[typeof(UnlockedResponder)] = responder;
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, responder.Id), new Claim(ClaimTypes.Role, responder.Role.ToString())], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        // Only desk pages lead to the login; anything else that is not public simply does not exist.
        if (Request.Path.StartsWithSegments("/desk", StringComparison.Ordinal) && HttpMethods.IsPost(Request.Method))
        {
            // A form sent after the session ended (a reply written over a long night): 307 keeps the method
            // and the body, so the browser sends the same form to the page that gives the text back.
            Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
            Response.Headers.Location = "/desk/signed-out";
        }
        else if (Request.Path.StartsWithSegments("/desk", StringComparison.Ordinal))
        {
            Response.Redirect("/desk/login");
        }
        else
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
        }

        return Task.CompletedTask;
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }
}

internal static class DeskServiceCollectionExtensions
{
    public static IServiceCollection AddHavenDesk(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DeskOptions>().Bind(configuration.GetSection("Haven:Desk"))
            .Validate(o => o.IdleTimeout > TimeSpan.Zero, "Haven:Desk:IdleTimeout must be positive.").ValidateOnStart();
        services.AddSingleton<DeskSessions>();
        services.AddSingleton<DeviceCookies>();
        services.AddSingleton<InvitationLinks>();
        services.AddAuthentication(DeskAuthentication.SchemeName).AddScheme<AuthenticationSchemeOptions, DeskAuthentication>(DeskAuthentication.SchemeName, null);
        return services;
    }
}
