using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;

namespace Haven.Web.Files;

/// <summary>
/// Validates the antiforgery token of a form being streamed, from the fields read so far: it is handed to the
/// antiforgery service through its request header, the one place it looks without reading the form (which
/// would consume the body).
/// </summary>
internal sealed class FormTokenCheck(IAntiforgery antiforgery, IOptions<AntiforgeryOptions> options)
{
    /// <summary>Validates a request whose form the framework has read itself (a url-encoded form).</summary>
    public Task<bool> IsRequestValidAsync(HttpContext context) => antiforgery.IsRequestValidAsync(context);

    /// <summary>Whether the token among the fields of <paramref name="form"/> read so far is valid for this request.</summary>
    public Task<bool> IsValidAsync(HttpContext context, StreamingForm form) => IsValidAsync(context, form[options.Value.FormFieldName]);

    /// <summary>Whether <paramref name="token"/>, the form field a streamed form read before its file, is valid for this request.</summary>
    public async Task<bool> IsValidAsync(HttpContext context, string? token)
    {
        var names = options.Value;
        if (string.IsNullOrEmpty(token) || names.HeaderName is null)
        {
            return false;
        }

        // While it looks, the request does not present itself as a form, so that nothing reads the body.
        var contentType = context.Request.ContentType;
        context.Request.Headers[names.HeaderName] = token;
        context.Request.ContentType = "application/octet-stream";
        try
        {
            return await antiforgery.IsRequestValidAsync(context);
        }
        finally
        {
            context.Request.ContentType = contentType;
            context.Request.Headers.Remove(names.HeaderName);
        }
    }
}
