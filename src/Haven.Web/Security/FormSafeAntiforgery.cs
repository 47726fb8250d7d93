using Microsoft.AspNetCore.Antiforgery;

namespace Haven.Web.Security;

/// <summary>
/// Antiforgery that never reads a multipart body to find the token: such a request is simply not valid.
/// <see cref="Files.StreamingForm"/> hands the token it read itself through the request header instead.
/// </summary>
internal sealed class FormSafeAntiforgery(IAntiforgery inner) : IAntiforgery
{
    public AntiforgeryTokenSet GetAndStoreTokens(HttpContext httpContext) => inner.GetAndStoreTokens(httpContext);

    public AntiforgeryTokenSet GetTokens(HttpContext httpContext) => inner.GetTokens(httpContext);

    public Task<bool> IsRequestValidAsync(HttpContext httpContext) =>
        ReadsOnlyHeadersOrUrlEncoded(httpContext.Request) ? inner.IsRequestValidAsync(httpContext) : Task.FromResult(false);

    public Task ValidateRequestAsync(HttpContext httpContext) =>
        ReadsOnlyHeadersOrUrlEncoded(httpContext.Request)
            ? inner.ValidateRequestAsync(httpContext)
            : Task.FromException(new AntiforgeryValidationException("The antiforgery token is not read from a multipart form."));

    public void SetCookieTokenAndHeader(HttpContext httpContext) => inner.SetCookieTokenAndHeader(httpContext);

    private static bool ReadsOnlyHeadersOrUrlEncoded(HttpRequest request) => !request.HasFormContentType || FormReading.IsUrlEncodedForm(request);
}
