using System.Security.Claims;
using System.Text.Encodings.Web;
using Haven.Accounts;
using Haven.Storage;
using Haven.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Haven.Web.Desk;

/// <summary>
/// Authenticates desk requests from the session cookie against the in-memory sessions. A responder whose
/// session has expired is sent to the login page, or, with a form, to the page that gives back what they
/// wrote; nothing is kept in the cookie but a random token. Both are reached through page routing, so that a
/// renamed page fails the tests instead of sending responders to a dead link. With several nodes on one PostgreSQL,
/// an administrator on another node may have disabled the responder (that node ended only its own sessions): each
/// desk request reads the responder's row, and a session whose responder is disabled, gone or of another role ends
/// here, at its next request. On SQLite the one node ends them when it disables (<see cref="DeskSessions.EndAll"/>).
/// </summary>
internal sealed class DeskAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, DeskSessions sessions, LinkGenerator links, DataDirectory data, IDbContextFactory<HavenDbContext> dbFactory)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "HavenDesk";

    public static UnlockedResponder Current(HttpContext context) =>
        context.Items[typeof(UnlockedResponder)] as UnlockedResponder ?? throw new InvalidOperationException("No responder is logged in.");

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var responder = sessions.Store.Get(Request.Cookies[SessionCookies.Desk]);
        if (responder is null)
        {
            return AuthenticateResult.NoResult();
        }

        if (!data.IsSqlite && !await StillValidAsync(responder))
        {
            sessions.EndAll(responder.Id);
            return AuthenticateResult.NoResult();
        }

        Context.Items[typeof(UnlockedResponder)] = responder;
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, responder.Id), new Claim(ClaimTypes.Role, responder.Role.ToString())], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    /// <summary>
    /// Whether the responder's row still says what the session was opened with: active, same role; and wipes the
    /// documentation generations no longer sealed to them. When the database cannot be reached the session stands:
    /// the page's own reads meet the outage and say so, keeping the text.
    /// </summary>
    private async Task<bool> StillValidAsync(UnlockedResponder responder)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(Context.RequestAborted);
            var row = await db.Responders.AsNoTracking().Where(r => r.Id == responder.Id).Select(r => new { r.Active, r.Role }).SingleOrDefaultAsync(Context.RequestAborted);
            if (row is null || !row.Active || row.Role != responder.Role)
            {
                return false;
            }

            // Documentation access revoked on another node: this session forgets the generations whose seals are gone,
            // as the revoking node's own sessions did at once. Only sessions that hold some ask.
            if (responder.Documentation.Generations.Count > 0)
            {
                var sealedTo = await db.DocumentationKeySeals.Where(s => s.ResponderId == responder.Id).Select(s => s.Generation).ToListAsync(Context.RequestAborted);
                responder.Documentation.RetainOnly(sealedTo.ToHashSet());
            }

            return true;
        }
        catch (Exception e) when (StorageFailure.IsStorageFailure(e))
        {
            return true;
        }
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        // Only desk pages lead to the login; anything else that is not public simply does not exist.
        if (Request.Path.StartsWithSegments("/desk", StringComparison.Ordinal) && HttpMethods.IsPost(Request.Method))
        {
            // A form sent after the session ended (a reply written over a long night): 307 keeps the method
            // and the body, so the browser sends the same form to the page that gives the text back.
            Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
            Response.Headers.Location = PageUrl("/Desk/SignedOut");
        }
        else if (Request.Path.StartsWithSegments("/desk", StringComparison.Ordinal))
        {
            Response.Redirect(PageUrl("/Desk/Login"));
        }
        else
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
        }

        return Task.CompletedTask;
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        // Other roles find nothing where they may not go; a campaigner is told plainly that the desk's case pages
        // are not theirs (CampaignerFence answers the same for pages every responder may open).
        Response.StatusCode = Context.User.IsInRole(nameof(ResponderRole.Campaigner)) && Request.Path.StartsWithSegments("/desk", StringComparison.Ordinal)
            ? StatusCodes.Status403Forbidden
            : StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }

    private string PageUrl(string page) => links.GetPathByPage(Context, page) ?? throw new InvalidOperationException($"No page {page} to route to.");
}
