using Haven.Figures;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace Haven.Web.Figures;

/// <summary>
/// Who answers <c>/figures</c> (issue 17, point 4; docs/operations.md, "Figures on their own host name"):
/// <c>Haven:Figures:Enabled=false</c> makes every <c>/figures</c> route a 404; with <c>Haven:Figures:Host</c> set,
/// <c>/figures</c> answers only on that host name, and that host name answers only <c>/figures</c> and the static
/// files (everything else, the intake and the desk included, is a 404 there), so that the public figures and the
/// intake's onion address are kept apart. Runs after the static files and before routing.
/// </summary>
internal static class FiguresHost
{
    public const string PathPrefix = "/figures";

    public static bool IsFiguresPath(PathString path) => path.StartsWithSegments(PathPrefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the request came to the figures' own host name (false when none is set).</summary>
    public static bool OnFiguresHost(HttpContext context, FiguresOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        return !string.IsNullOrEmpty(options.Host) && string.Equals(context.Request.Host.Host, options.Host.TrimEnd('.'), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Whether a page is shown as part of the public figures (their layout, their links): on the figures' host
    /// name, or an error page for a <c>/figures</c> address while they are served.
    /// </summary>
    public static bool IsPublicFigures(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.RequestServices.GetRequiredService<IOptions<FiguresOptions>>().Value;
        if (OnFiguresHost(context, options))
        {
            return true;
        }

        var path = context.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalPath is { } original ? new PathString(original) : context.Request.Path;
        return options.Enabled && string.IsNullOrEmpty(options.Host) && IsFiguresPath(path);
    }

    /// <summary>Whether this request may go on: see the type's summary.</summary>
    public static bool Allowed(HttpContext context, FiguresOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        var onHost = OnFiguresHost(context, options);
        if (IsFiguresPath(context.Request.Path))
        {
            return options.Enabled && (string.IsNullOrEmpty(options.Host) || onHost);
        }

        // On the figures' host only the error page, when the server itself shows it for a refused or failed request.
        return !onHost || (context.Request.Path.StartsWithSegments("/error", StringComparison.OrdinalIgnoreCase)
            && (context.Features.Get<IStatusCodeReExecuteFeature>() is not null || context.Features.Get<IExceptionHandlerFeature>() is not null));
    }

    /// <summary>Answers 404 (the site's localized error page) for what <see cref="Allowed"/> refuses.</summary>
    public static IApplicationBuilder UseHavenFiguresHost(this IApplicationBuilder app) => app.Use(static (context, next) =>
    {
        var options = context.RequestServices.GetRequiredService<IOptions<FiguresOptions>>().Value;
        if (Allowed(context, options))
        {
            return next(context);
        }

        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    });
}
