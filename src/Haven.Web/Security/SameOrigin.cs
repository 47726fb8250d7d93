using Microsoft.Net.Http.Headers;

namespace Haven.Web.Security;

/// <summary>
/// Whether a POST comes from one of Haven's own pages, for a page that takes no antiforgery token (the
/// signed-out page shows back what the form carried, and must not show a cross-site form's text as Haven's).
/// The browser's word is taken in this order:
/// <list type="number">
/// <item><c>Sec-Fetch-Site</c> (every current browser on HTTPS, a .onion or loopback): only <c>same-origin</c>;</item>
/// <item>else an <c>Origin</c> that is an origin: only this site's own (scheme, host and port, as the
/// forwarded headers of a configured proxy say);</item>
/// <item>else (no <c>Sec-Fetch-Site</c>, and no <c>Origin</c> or <c>Origin: null</c>, which a browser sends on
/// every POST from a page with <c>Referrer-Policy: no-referrer</c>, as Haven's are): only when the request
/// carries Haven's antiforgery cookie, which is <c>SameSite=Strict</c> and so never comes with a request
/// started by another site. An older browser on plain HTTP still gets its text back.</item>
/// </list>
/// </summary>
internal static class SameOrigin
{
    public static bool IsSameOriginPost(HttpRequest request, string antiforgeryCookie)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (!string.IsNullOrEmpty(site))
        {
            return site.Equals("same-origin", StringComparison.OrdinalIgnoreCase);
        }

        var origin = request.Headers[HeaderNames.Origin].ToString();
        if (!string.IsNullOrEmpty(origin) && !origin.Equals("null", StringComparison.Ordinal))
        {
            return origin.Equals($"{request.Scheme}://{request.Host.ToUriComponent()}", StringComparison.OrdinalIgnoreCase);
        }

        return !string.IsNullOrEmpty(request.Cookies[antiforgeryCookie]);
    }
}
