using System.Text.Unicode;
using Haven.Web.Files;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Haven.Web.Security;

/// <summary>
/// Forms are UTF-8, as every page declares, and nothing else. A form that names another charset is refused
/// with 415 (.NET throws on UTF-7 and would read other charsets silently wrong). A url-encoded form whose
/// bytes are not valid UTF-8 is refused with 400 before anything reads it, instead of being stored with
/// replacement characters where the letters were: a browser never sends such a form, so only a tool or an
/// attacker sees the refusal. Multipart bodies go only to the pages that stream them
/// (<see cref="StreamedUploadAttribute"/>, whose <see cref="StreamingForm"/> checks its text the same way):
/// the framework's own multipart reader would buffer file parts in the temporary folder, in plaintext.
/// A GET or HEAD with a body is refused with 400, and a form sent with any method but POST with 415, unread
/// (<see cref="FormReading"/>).
/// </summary>
internal static class FormEncoding
{
    /// <summary>Most bytes of a url-encoded form: the site-wide body limit; upload pages refuse more themselves.</summary>
    public const int MaxUrlEncodedBytes = 2 * 1024 * 1024;

    public static IApplicationBuilder UseFormEncodingCheck(this IApplicationBuilder app) => app.Use(static async (context, next) =>
    {
        var request = context.Request;
        if (context.Features.Get<IStatusCodeReExecuteFeature>() is not null
            || context.Features.Get<IExceptionHandlerFeature>() is not null)
        {
            await next(context);
            return;
        }

        // A GET or HEAD carries no body, and a form comes only with a POST: nothing reads what is refused here.
        var safe = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);
        if ((safe && (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0))
            || (request.HasFormContentType && !HttpMethods.IsPost(request.Method)))
        {
            context.Response.StatusCode = safe ? StatusCodes.Status400BadRequest : StatusCodes.Status415UnsupportedMediaType;
            context.Response.Headers.Connection = "close";
            return;
        }

        if (!request.HasFormContentType)
        {
            await next(context);
            return;
        }

        var type = MediaTypeHeaderValue.Parse(request.ContentType);
        var charset = HeaderUtilities.RemoveQuotes(type.Charset);
        var multipart = type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase);
        if ((!StringSegment.IsNullOrEmpty(charset) && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
            || (multipart && context.GetEndpoint()?.Metadata.GetMetadata<StreamedUploadAttribute>() is null))
        {
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            context.Response.Headers.Connection = "close";
            return;
        }

        if (multipart || request.ContentLength > MaxUrlEncodedBytes)
        {
            // Streamed and checked by StreamingForm; or over the limit, refused further on with a 413.
            await next(context);
            return;
        }

        var body = await ReadAsync(request.Body, context.RequestAborted);
        if (body is null)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            context.Response.Headers.Connection = "close";
            return;
        }

        if (!IsUtf8(body))
        {
            Array.Clear(body);
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        request.Body = new MemoryStream(body, writable: false);
        try
        {
            await next(context);
        }
        finally
        {
            Array.Clear(body);
        }
    });

    /// <summary>Whether the form's names and values, percent-decoded, are valid UTF-8 (no overlong forms, no surrogates).</summary>
    internal static bool IsUtf8(ReadOnlySpan<byte> body)
    {
        var decoded = new byte[body.Length];
        try
        {
            var length = 0;
            for (var i = 0; i < body.Length; i++)
            {
                if (body[i] == '%' && i + 2 < body.Length && HexValue(body[i + 1]) is >= 0 and var high && HexValue(body[i + 2]) is >= 0 and var low)
                {
                    decoded[length++] = (byte)((high << 4) | low);
                    i += 2;
                }
                else
                {
                    decoded[length++] = body[i];
                }
            }

            // The separators '&' and '=' are ASCII, so the whole is valid exactly when every name and value is.
            return Utf8.IsValid(decoded.AsSpan(0, length));
        }
        finally
        {
            Array.Clear(decoded);
        }
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    /// <summary>The whole body, or null when it is larger than <see cref="MaxUrlEncodedBytes"/>.</summary>
    private static async Task<byte[]?> ReadAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxUrlEncodedBytes)
            {
                buffer.GetBuffer().AsSpan().Clear();
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        var bytes = buffer.ToArray();
        buffer.GetBuffer().AsSpan(0, (int)buffer.Length).Clear();
        return bytes;
    }
}
