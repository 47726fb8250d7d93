using Microsoft.AspNetCore.Antiforgery;

namespace Haven.Web.Security;

/// <summary>
/// Security headers on every response, from one place: a strict CSP with no script at all, no framing,
/// forms only to this origin, no referrer, no sniffing, and no caching of pages (a seized phone keeps no copy).
/// </summary>
internal static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static IServiceCollection AddHavenSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "haven-af";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.FormFieldName = "__af";
            o.SuppressXFrameOptionsHeader = true;
        });
        services.AddHavenFormReading();
        return services;
    }

    public static IApplicationBuilder UseHavenSecurityHeaders(this IApplicationBuilder app) => app.Use(static (context, next) =>
    {
        context.Response.OnStarting(static state =>
        {
            var headers = ((HttpContext)state).Response.Headers;
            // A stricter policy set by the response itself (a download's sandbox) is kept.
            if (string.IsNullOrEmpty(headers.ContentSecurityPolicy))
            {
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
            }

            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), interest-cohort=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Cross-Origin-Resource-Policy"] = "same-origin";
            headers.CacheControl = "no-store";
            headers.Pragma = "no-cache";
            return Task.CompletedTask;
        }, context);
        return next(context);
    });
}

/// <summary>
/// Refuses a body whose declared length is over the limit before anything reads it, so that the person
/// gets a clear 413 page instead of a form that fails half-way.
/// </summary>
internal static class RequestSizeCheck
{
    public static IApplicationBuilder UseRequestSizeCheck(this IApplicationBuilder app) => app.Use(static (context, next) =>
    {
        var limit = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
        if (limit is not null && context.Request.ContentLength > limit && context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is null)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            context.Response.Headers.Connection = "close";
            return Task.CompletedTask;
        }

        return next(context);
    });
}

/// <summary>Maps exceptions to the status a person should see: never a 500 for bad input.</summary>
internal static class ErrorStatus
{
    public static int ForException(Exception exception) => exception switch
    {
        BadHttpRequestException bad => bad.StatusCode,
        AntiforgeryValidationException => StatusCodes.Status400BadRequest,
        Haven.Accounts.ServerBusyException => StatusCodes.Status503ServiceUnavailable,
        InvalidDataException => StatusCodes.Status400BadRequest,
        OperationCanceledException => StatusCodes.Status400BadRequest,
        _ when Haven.Storage.StorageFailure.IsStorageFailure(exception) => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };
}

/// <summary>The language choice: a session cookie, never persisted beyond the browser session.</summary>
internal static class LanguageCookie
{
    public const string Name = "haven-lang";

    public static CookieOptions Options(HttpRequest request) => new() { HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = request.IsHttps, IsEssential = true, Path = "/" };
}
