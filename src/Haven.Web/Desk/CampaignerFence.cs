using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Haven.Web.Desk;

/// <summary>
/// A campaigner writes Urgent Actions and holds no case key: on the desk they see only the Act pages
/// (<c>/desk/act...</c>) and My account. Every other desk page answers them 403 (the localized "Not allowed"
/// page), whatever roles the page itself admits, so that a page added later is closed to them by default.
/// </summary>
internal sealed class CampaignerFence : IAsyncPageFilter
{
    /// <summary>The desk pages a campaigner may open besides the Act pages.</summary>
    private static readonly string[] Open = ["/Desk/Account", "/Desk/Login", "/Desk/Logout", "/Desk/SignedOut"];

    /// <summary>Whether a campaigner may open the page at <paramref name="viewEnginePath"/> (e.g. <c>/Desk/Act/Edit</c>).</summary>
    public static bool IsOpenToCampaigners(string viewEnginePath) =>
        !viewEnginePath.StartsWith("/Desk/", StringComparison.Ordinal)
        || viewEnginePath.StartsWith("/Desk/Act/", StringComparison.Ordinal)
        || Open.Contains(viewEnginePath, StringComparer.Ordinal);

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.HttpContext.User.IsInRole(nameof(Haven.Accounts.ResponderRole.Campaigner))
            && !IsOpenToCampaigners(context.ActionDescriptor.ViewEnginePath))
        {
            context.Result = new StatusCodeResult(StatusCodes.Status403Forbidden);
            return;
        }

        await next();
    }
}
