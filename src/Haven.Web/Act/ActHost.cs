using System.Globalization;
using Haven.Web.Hosting;
using Haven.Web.Localization;

namespace Haven.Web.Act;

/// <summary>
/// The public Act pages' addresses, <c>/act</c> (issue 18). Whether and on which host name they are served
/// (<c>Haven:Act:Enabled</c>, <c>Haven:Act:Host</c>) is decided with the figures' by <see cref="PublicSides"/>; this
/// sets an Act page's language from its <c>lang</c> parameter (see <see cref="ActLanguage"/>).
/// </summary>
internal static class ActHost
{
    public const string PathPrefix = "/act";

    public static bool IsActPath(PathString path) => path.StartsWithSegments(PathPrefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>Sets the culture of a <c>/act</c> request from its <c>lang</c> parameter.</summary>
    public static IApplicationBuilder UseHavenActLanguage(this IApplicationBuilder app) => app.Use(static (context, next) =>
    {
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
