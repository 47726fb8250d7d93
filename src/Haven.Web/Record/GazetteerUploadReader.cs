using System.Text;
using Haven.Record;
using Haven.Web.Files;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Haven.Web.Record;

/// <summary>
/// Reads the gazetteer import form (<c>multipart/form-data</c>: the antiforgery token, then one file <c>Csv</c>) as
/// it streams in, without the framework's form reader (which would buffer a file to a temporary file on disk). The
/// token is checked before the file is taken; the file is kept in memory up to
/// <see cref="RecordOptions.GazetteerImportMaxBytes"/>, and the request body is limited to a little more, so a
/// larger upload is a 413 without being read to its end.
/// </summary>
internal sealed class GazetteerUploadReader(FormTokenCheck token, IOptions<AntiforgeryOptions> antiforgery, IOptions<RecordOptions> options)
{
    /// <summary>The name of the file field.</summary>
    public const string FileField = "Csv";

    /// <summary>Room for the form's other parts and the multipart framing.</summary>
    private const int Overhead = 64 * 1024;

    /// <summary>Reads the form of <paramref name="context"/>.</summary>
    public async Task<GazetteerUpload> ReadAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var max = options.Value.GazetteerImportMaxBytes;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = max + Overhead;
        }

        if (context.Request.ContentLength > max + Overhead)
        {
            return new GazetteerUpload(UploadOutcome.FileTooLarge, null);
        }

        var request = context.Request;
        if (!request.HasFormContentType || !MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
        {
            return new GazetteerUpload(UploadOutcome.Malformed, null);
        }

        try
        {
            return await ReadPartsAsync(context, boundary, max, cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            return new GazetteerUpload(e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } ? UploadOutcome.FileTooLarge : UploadOutcome.Malformed, null);
        }
    }

    private async Task<GazetteerUpload> ReadPartsAsync(HttpContext context, string boundary, int max, CancellationToken cancellationToken)
    {
        var reader = new MultipartReader(boundary, context.Request.Body) { HeadersLengthLimit = 16 * 1024, HeadersCountLimit = 16 };
        string? formToken = null;
        byte[]? file = null;
        var problem = UploadOutcome.None;
        var sections = 0;
        MultipartSection? section;
        while ((section = await reader.ReadNextSectionAsync(cancellationToken)) is not null)
        {
            if (problem != UploadOutcome.None || ++sections > 8 || !ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
            {
                problem = problem == UploadOutcome.None ? UploadOutcome.Malformed : problem;
                await section.Body.CopyToAsync(Stream.Null, cancellationToken);
                continue;
            }

            var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value;
            if (name == antiforgery.Value.FormFieldName && formToken is null)
            {
                formToken = await ReadSmallAsync(section.Body, 4096, cancellationToken) is { } bytes ? Encoding.ASCII.GetString(bytes) : null;
            }
            else if (name == FileField && file is null)
            {
                // The token comes first in the form: without a valid one, not a byte of the file is kept.
                if (!await token.IsValidAsync(context, formToken))
                {
                    problem = UploadOutcome.FormExpired;
                    await section.Body.CopyToAsync(Stream.Null, cancellationToken);
                    continue;
                }

                file = await ReadSmallAsync(section.Body, max, cancellationToken);
                problem = file is null ? UploadOutcome.FileTooLarge : problem;
            }
            else
            {
                await section.Body.CopyToAsync(Stream.Null, cancellationToken);
            }
        }

        if (problem == UploadOutcome.None && file is null)
        {
            problem = await token.IsValidAsync(context, formToken) ? UploadOutcome.Malformed : UploadOutcome.FormExpired;
        }

        return new GazetteerUpload(problem, problem == UploadOutcome.None ? file : null);
    }

    /// <summary>The part's bytes, or null (the rest read past) when it holds more than <paramref name="max"/>.</summary>
    private static async Task<byte[]?> ReadSmallAsync(Stream body, int max, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > max)
            {
                await body.CopyToAsync(Stream.Null, cancellationToken);
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
