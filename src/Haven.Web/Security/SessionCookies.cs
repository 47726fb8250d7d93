namespace Haven.Web.Security;

/// <summary>Session cookies: HttpOnly, SameSite=Strict, no expiry (they die with the browser session).</summary>
internal static class SessionCookies
{
    public const string Source = "haven-s";
    public const string Desk = "haven-d";

    public static CookieOptions Options(HttpRequest request) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = request.IsHttps,
        IsEssential = true,
        Path = "/",
    };
}
