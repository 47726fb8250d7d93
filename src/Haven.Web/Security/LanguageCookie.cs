namespace Haven.Web.Security;

/// <summary>The language choice: a session cookie, never persisted beyond the browser session.</summary>
internal static class LanguageCookie
{
    public const string Name = "haven-lang";

    public static CookieOptions Options(HttpRequest request) => new() { HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = request.IsHttps, IsEssential = true, Path = "/" };
}
