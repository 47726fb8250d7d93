using Haven.Act;
using Haven.Figures;
using Haven.Web.Act;
using Haven.Web.Figures;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace Haven.Web.Hosting;

/// <summary>
/// Who answers the public sides, Figures at <c>/figures</c> and Act at <c>/act</c> (docs/operations.md, "Figures on
/// their own host name" and "Act on its own host name"). A side switched off (<c>Enabled=false</c>) is a 404 on every
/// route. A side with a host name of its own answers only on it, and a public side's host name answers only the
/// sides given that name (one public web address may carry both) and the static files: the intake and the desk are a
/// 404 there, so the public sides and the intake's onion address are kept apart. Runs after the static files and
/// before routing.
/// </summary>
internal static class PublicSides
{
    /// <summary>Every public side with its settings.</summary>
    public static IReadOnlyList<PublicSide> All(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var figures = context.RequestServices.GetRequiredService<IOptions<FiguresOptions>>().Value;
        var act = context.RequestServices.GetRequiredService<IOptions<ActOptions>>().Value;
        return [new(FiguresHost.PathPrefix, figures.Enabled, figures.Host), new(ActHost.PathPrefix, act.Enabled, act.Host)];
    }

    /// <summary>Whether this request may go on: see the type's summary.</summary>
    public static bool Allowed(HttpContext context)
    {
        var sides = All(context);
        if (sides.FirstOrDefault(s => s.Owns(context.Request.Path)) is { } side)
        {
            return ServedTo(side, sides, context);
        }

        // On a public side's host name only the error page, when the server itself shows it for a refused or failed request.
        return !sides.Any(s => s.IsOwnHost(context))
            || (context.Request.Path.StartsWithSegments("/error", StringComparison.OrdinalIgnoreCase)
                && (context.Features.Get<IStatusCodeReExecuteFeature>() is not null || context.Features.Get<IExceptionHandlerFeature>() is not null));
    }

    /// <summary>
    /// The side a page is shown as part of (its layout, its links), or null for the intake's: the side of the address
    /// asked for (before an error page took over) when it is served to this request, else the side whose own host name
    /// this is.
    /// </summary>
    public static PublicSide? ShownAs(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var sides = All(context);
        var path = context.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalPath is { } original ? new PathString(original) : context.Request.Path;
        return sides.FirstOrDefault(s => s.Owns(path) && ServedTo(s, sides, context)) ?? sides.FirstOrDefault(s => s.IsOwnHost(context));
    }

    /// <summary>
    /// Whether <paramref name="side"/> answers the request: it is on, and the request came to its own host name, or it
    /// has none and the request did not come to another side's.
    /// </summary>
    private static bool ServedTo(PublicSide side, IReadOnlyList<PublicSide> sides, HttpContext context) =>
        side.Enabled && (side.IsOwnHost(context) || (string.IsNullOrEmpty(side.Host) && !sides.Any(s => s.IsOwnHost(context))));

    /// <summary>Answers 404 (the site's localized error page) for what <see cref="Allowed"/> refuses.</summary>
    public static IApplicationBuilder UseHavenPublicSides(this IApplicationBuilder app) => app.Use(static (context, next) =>
    {
        if (Allowed(context))
        {
            return next(context);
        }

        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    });
}
