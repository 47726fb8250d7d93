using System.Globalization;
using Haven.Act;
using Haven.Web.Hosting;
using Haven.Web.Localization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace Haven.Web.Act;

/// <summary>
/// Who answers <c>/act</c> (issue 18, point 6; docs/operations.md, "Act on its own host name"):
/// <c>Haven:Act:Enabled=false</c> makes every <c>/act</c> route a 404; with <c>Haven:Act:Host</c> set, <c>/act</c>
/// answers only on that host name, and that host name answers only <c>/act</c> and the static files (the intake
/// and the desk are a 404 there), so that the public campaign and the intake's onion address are kept apart. The
/// desk's own Act pages (<c>/desk/act</c>) are not affected. Also sets the page language of a <c>/act</c> request
/// from its <c>lang</c> parameter (see <see cref="ActLanguage"/>). Runs after the static files and before routing.
/// </summary>
internal static class ActHost
{
    public const string PathPrefix = "/act";

    public static bool IsActPath(PathString path) => path.StartsWithSegments(PathPrefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the request came to Act's own host name (false when none is set).</summary>
    public static bool OnActHost(HttpContext context, ActOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        return !string.IsNullOrEmpty(options.Host) && string.Equals(context.Request.Host.Host, options.Host.TrimEnd('.'), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Whether the request came to Act's own host name, with the server's options.</summary>
    public static bool OnActHost(HttpContext context) =>
        OnActHost(context, context.RequestServices.GetRequiredService<IOptions<ActOptions>>().Value);

    /// <summary>Whether a page is shown as part of the public Act pages (their layout): on Act's host name, or an error page for a <c>/act</c> address while they are served.</summary>
    public static bool IsPublicAct(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.RequestServices.GetRequiredService<IOptions<ActOptions>>().Value;
        if (OnActHost(context, options))
        {
            return true;
        }

        var path = context.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalPath is { } original ? new PathString(original) : context.Request.Path;
        return options.Enabled && string.IsNullOrEmpty(options.Host) && IsActPath(path);
    }

    /// <summary>Whether this request may go on: see the type's summary.</summary>
    public static bool Allowed(HttpContext context, ActOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        var onHost = OnActHost(context, options);
        if (IsActPath(context.Request.Path))
        {
            return options.Enabled && (string.IsNullOrEmpty(options.Host) || onHost);
        }

        // On Act's host only the error page, when the server itself shows it for a refused or failed request.
        return !onHost || (context.Request.Path.StartsWithSegments("/error", StringComparison.OrdinalIgnoreCase)
            && (context.Features.Get<IStatusCodeReExecuteFeature>() is not null || context.Features.Get<IExceptionHandlerFeature>() is not null));
    }

    /// <summary>Answers 404 (the site's localized error page) for what <see cref="Allowed"/> refuses, and sets an Act page's language.</summary>
    public static IApplicationBuilder UseHavenActHost(this IApplicationBuilder app) => app.Use(static (context, next) =>
    {
        var options = context.RequestServices.GetRequiredService<IOptions<ActOptions>>().Value;
        if (!Allowed(context, options))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        if (IsActPath(context.Request.Path) && ActLanguage.Requested(context) is { } language)
        {
            // The chrome in that language when the site has it, else in English; the action's texts follow the
            // parameter (ActLanguage.TextLanguage).
            var culture = HavenApp.Cultures.FirstOrDefault(c => c.Name == language) ?? Languages.English;
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
        }

        return next(context);
    });
}
