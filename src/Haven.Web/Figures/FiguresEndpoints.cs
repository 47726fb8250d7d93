using Haven.Figures.Releases;
using Haven.Web.Security;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Localization;

namespace Haven.Web.Figures;

/// <summary>
/// The public figures pages' endpoints (issue 17, point 4): the downloads, and the language switch of the public
/// layout (the intake's <c>/lang</c> does not answer on the figures' host name).
/// </summary>
internal static class FiguresEndpoints
{
    private const string CurrentDownload = "figure-download";

    private const string VersionDownload = "figure-version-download";

    private const string Language = "figures-language";

    public static IEndpointRouteBuilder MapHavenFigures(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/figures/{number:int}.{format}", (int number, string format, PublicFiguresQuery query, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
            FigureDownloads.DownloadAsync(number, null, format, query, t, ct)).AllowAnonymous().WithName(CurrentDownload);
        endpoints.MapGet("/figures/{number:int}/v/{version:int}.{format}", (int number, int version, string format, PublicFiguresQuery query, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
            FigureDownloads.DownloadAsync(number, version, format, query, t, ct)).AllowAnonymous().WithName(VersionDownload);
        endpoints.MapGet("/figures/lang", (HttpContext context, string? c, string? r) =>
        {
            var culture = Hosting.HavenApp.Cultures.FirstOrDefault(x => x.Name == c);
            if (culture is not null)
            {
                context.Response.Cookies.Append(LanguageCookie.Name, CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)), LanguageCookie.Options(context.Request));
            }

            // Back to the same figures page; anything else leads to the list (the figures' host answers nothing else).
            var target = r is not null && FiguresHost.IsFiguresPath(new PathString(r.Split('?')[0])) && r.StartsWith('/') ? r : FiguresHost.PathPrefix;
            return Results.Redirect(LocalUrl.ForLocation(target));
        }).AllowAnonymous().WithName(Language);
        return endpoints;
    }

    /// <summary>The address of a download: the current version's (<paramref name="version"/> null) or one version's.</summary>
    public static string DownloadUrl(HttpContext context, int number, int? version, string format)
    {
        var links = context.RequestServices.GetRequiredService<LinkGenerator>();
        var path = version is { } v
            ? links.GetPathByName(VersionDownload, new { number, version = v, format })
            : links.GetPathByName(CurrentDownload, new { number, format });
        return path ?? throw new InvalidOperationException("The figures' download endpoints are not mapped.");
    }

    /// <summary>The address of the figures' language switch, back to <paramref name="back"/>.</summary>
    public static string LanguageUrl(HttpContext context, string culture, string back) =>
        context.RequestServices.GetRequiredService<LinkGenerator>().GetPathByName(Language, new { c = culture, r = back })
        ?? throw new InvalidOperationException("The figures' language switch is not mapped.");
}
