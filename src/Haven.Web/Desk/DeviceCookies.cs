using System.Globalization;
using System.Security.Cryptography;
using Haven.Abuse;
using Haven.Accounts;
using Haven.Crypto;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Haven.Web.Desk;

/// <summary>
/// Device cookies (OWASP's defence against lock-out by failed logins): a browser that logged in as a responder
/// gets a cookie, authenticated and encrypted with the data-protection keys, naming that responder and a random
/// device id. Its next logins as the same responder count against the device's own allowance
/// (<see cref="LoginThrottle"/>), not against the name's, which a stranger may have spent. The cookie is
/// HttpOnly, SameSite=Strict, limited to <c>/desk</c>, Secure on https, and expires after
/// <c>Haven:Throttle:Logins:DeviceLifetime</c>; it opens nothing by itself.
/// </summary>
internal sealed class DeviceCookies(IDataProtectionProvider protection, IOptions<LoginThrottleOptions> options, TimeProvider clock)
{
    public const string Name = "haven-device";

    private const string Version = "v1";

    private readonly IDataProtector _protector = protection.CreateProtector("Haven.Desk.DeviceCookie.v1");

    /// <summary>The device cookie the browser sent, if it is authentic and not expired.</summary>
    public LoginDevice? Read(HttpContext context)
    {
        var value = context.Request.Cookies[Name];
        if (string.IsNullOrEmpty(value) || value.Length > 1024)
        {
            return null;
        }

        string payload;
        try
        {
            payload = _protector.Unprotect(value);
        }
        catch (CryptographicException)
        {
            return null;
        }

        var parts = payload.Split('|');
        if (parts.Length != 4 || parts[0] != Version || !long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var issued))
        {
            return null;
        }

        var age = clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(issued);
        return age < TimeSpan.Zero || age > options.Value.DeviceLifetime ? null : new LoginDevice(parts[1], parts[2]);
    }

    /// <summary>After a successful login: gives the browser a device cookie for <paramref name="responderId"/>, keeping its device id when it already had one for them.</summary>
    public void Issue(HttpContext context, string responderId, LoginDevice? previous)
    {
        var deviceId = previous is not null && previous.ResponderId == responderId ? previous.DeviceId : RandomId.New();
        var now = clock.GetUtcNow();
        var value = _protector.Protect(string.Join('|', Version, responderId, deviceId, now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        context.Response.Cookies.Append(Name, value, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            IsEssential = true,
            Path = "/desk",
            Expires = now + options.Value.DeviceLifetime,
        });
    }
}
