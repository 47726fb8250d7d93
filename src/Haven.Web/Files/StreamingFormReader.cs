using Haven.Files;
using Haven.Storage;
using Microsoft.Net.Http.Headers;

namespace Haven.Web.Files;

/// <summary>
/// Reads a form as it streams in, into a <see cref="StreamingForm"/>: a multipart form through
/// <see cref="MultipartFormReader"/> (text fields into memory, bounded; each file straight through
/// <see cref="FileReceiver"/> into an encrypted pending blob, the antiforgery token validated before the first
/// file is taken), a url-encoded form (no files) through <see cref="UrlEncodedFormReader"/>. A body that breaks
/// off or is malformed becomes a problem of the form, never an exception, and everything typed so far is kept.
/// </summary>
internal sealed class StreamingFormReader(FileReceiver receiver, FormTokenCheck token)
{
    /// <summary>Reads the form, takes its files and checks its antiforgery token.</summary>
    public Task<StreamingForm> ReadAsync(HttpContext context, CancellationToken cancellationToken) =>
        ReadAsync(context, textOnly: false, cancellationToken);

    /// <summary>
    /// Reads only the text fields, for a page that acts on nothing and shows them back to their sender: files
    /// are read past and counted in <see cref="StreamingForm.FilesOffered"/>, never received, and no token is checked.
    /// </summary>
    public Task<StreamingForm> ReadTextAsync(HttpContext context, CancellationToken cancellationToken) =>
        ReadAsync(context, textOnly: true, cancellationToken);

    private async Task<StreamingForm> ReadAsync(HttpContext context, bool textOnly, CancellationToken cancellationToken)
    {
        var form = new StreamingForm(receiver.NewBatch());
        try
        {
            await ReadBodyAsync(context, form, textOnly ? null : receiver, cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException && !cancellationToken.IsCancellationRequested && !StorageFailure.IsStorageFailure(e))
        {
            // A malformed multipart body, a body over the server's limit, or a client that went away.
            form.Problem = e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } ? UploadOutcome.FileTooLarge : UploadOutcome.Malformed;
            form.Batch.Dispose();
        }
        catch
        {
            form.Dispose();
            throw;
        }

        return form;
    }

    /// <summary>Reads the body; without a <paramref name="files"/> receiver files are only counted and no token is checked.</summary>
    private async Task ReadBodyAsync(HttpContext context, StreamingForm form, FileReceiver? files, CancellationToken cancellationToken)
    {
        var request = context.Request;
        if (!request.HasFormContentType)
        {
            form.Problem = UploadOutcome.Malformed;
            return;
        }

        var boundary = HeaderUtilities.RemoveQuotes(MediaTypeHeaderValue.Parse(request.ContentType).Boundary).Value;
        if (!string.IsNullOrEmpty(boundary))
        {
            await new MultipartFormReader(context, form, files, token).ReadAsync(boundary, cancellationToken);
            return;
        }

        var (problem, fields) = await UrlEncodedFormReader.ReadAsync(request, cancellationToken);
        form.Problem = problem;
        foreach (var (key, values) in fields)
        {
            foreach (var value in values.OfType<string>())
            {
                form.Add(key, value);
            }
        }

        if (problem == UploadOutcome.None && files is not null && !await token.IsRequestValidAsync(context))
        {
            form.Problem = UploadOutcome.FormExpired;
        }
    }
}
