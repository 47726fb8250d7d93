using Haven.Files;
using Haven.Storage;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Haven.Web.Files;

/// <summary>
/// Reads one multipart form section by section as it streams in: text fields into memory through
/// <see cref="TextFieldReader"/>, bounded in number and in total; each file through <see cref="FileReceiver"/>
/// into the form's batch. The antiforgery token, which the upload forms put first, is validated before the
/// first file is taken. Without a receiver files are only counted and read past, and no token is checked.
/// After a problem the rest of the body is read and discarded, so that the browser receives the page that
/// explains it, and the batch is emptied.
/// </summary>
internal sealed class MultipartFormReader(HttpContext context, StreamingForm form, FileReceiver? receiver, FormTokenCheck token)
{
    /// <summary>Most bytes of all text fields together.</summary>
    internal const int MaxFieldsBytes = 8 * 1024 * 1024;

    /// <summary>Most parts of one form: the upload forms have about a dozen fields and at most 100 files.</summary>
    internal const int MaxSections = 1024;

    private bool _validated;
    private int _fieldBytes;
    private int _sections;

    public async Task ReadAsync(string boundary, CancellationToken cancellationToken)
    {
        var reader = new MultipartReader(boundary, context.Request.Body) { HeadersLengthLimit = 16 * 1024, HeadersCountLimit = 16 };
        MultipartSection? section;
        while ((section = await reader.ReadNextSectionAsync(cancellationToken)) is not null)
        {
            await ReadSectionAsync(section, cancellationToken);
        }

        if (form.Problem == UploadOutcome.None && receiver is not null && !_validated && !await token.IsValidAsync(context, form))
        {
            form.Problem = UploadOutcome.FormExpired;
        }

        if (form.Problem != UploadOutcome.None)
        {
            form.Batch.Dispose();
        }
    }

    private async Task ReadSectionAsync(MultipartSection section, CancellationToken cancellationToken)
    {
        if (form.Problem != UploadOutcome.None
            || !ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
            || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase)
            || ++_sections > MaxSections
            || !TryDescribe(disposition, out var isFile, out var fileName))
        {
            form.Problem = form.Problem == UploadOutcome.None ? UploadOutcome.Malformed : form.Problem;
            await section.Body.CopyToAsync(Stream.Null, cancellationToken);
            return;
        }

        if (!isFile)
        {
            await ReadFieldAsync(HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "", section.Body, cancellationToken);
        }
        else if (receiver is null)
        {
            await SkipFileAsync(new PeekStream(section.Body), fileName, cancellationToken);
        }
        else if (await TokenCheckedAsync(section.Body, cancellationToken))
        {
            await ReceiveFileAsync(receiver, section, fileName, cancellationToken);
        }
    }

    private async Task ReadFieldAsync(string name, Stream body, CancellationToken cancellationToken)
    {
        var (value, bytes) = await TextFieldReader.ReadAsync(body, cancellationToken);
        _fieldBytes += bytes + name.Length;
        if (value is null || _fieldBytes > MaxFieldsBytes)
        {
            form.Problem = bytes < 0 ? UploadOutcome.Malformed : UploadOutcome.FieldTooLarge;
            return;
        }

        form.Add(name, value);
    }

    /// <summary>Text only: a file is counted (if the input was not left empty) and read past, never kept.</summary>
    private async Task SkipFileAsync(PeekStream body, string? fileName, CancellationToken cancellationToken)
    {
        form.FilesOffered += !string.IsNullOrEmpty(fileName) || !await body.IsEmptyAsync(cancellationToken) ? 1 : 0;
        await body.CopyToAsync(Stream.Null, cancellationToken);
    }

    /// <summary>Before the first file: whether the token read so far is valid; when it is not, the file is read past.</summary>
    private async Task<bool> TokenCheckedAsync(Stream body, CancellationToken cancellationToken)
    {
        if (!_validated && !await token.IsValidAsync(context, form))
        {
            form.Problem = UploadOutcome.FormExpired;
            await body.CopyToAsync(Stream.Null, cancellationToken);
            return false;
        }

        _validated = true;
        return true;
    }

    private async Task ReceiveFileAsync(FileReceiver files, MultipartSection section, string? fileName, CancellationToken cancellationToken)
    {
        var body = new PeekStream(section.Body);
        if (string.IsNullOrEmpty(fileName) && await body.IsEmptyAsync(cancellationToken))
        {
            // A file input left empty: browsers send it with no name and no content.
            return;
        }

        form.FilesOffered++;
        FileOutcome problem;
        try
        {
            problem = await files.ReceiveAsync(form.Batch, body, fileName, section.ContentType, cancellationToken);
        }
        catch (Exception e) when (StorageFailure.Classify(e) is var kind && kind != StorageFailureKind.None && !cancellationToken.IsCancellationRequested)
        {
            // The disk filled up (or the database went away) under this file: its partial blob is already
            // deleted; the rest of the form is still read, so that everything typed comes back.
            form.Problem = kind == StorageFailureKind.OutOfSpace ? UploadOutcome.OutOfSpace : UploadOutcome.StorageUnavailable;
            await body.CopyToAsync(Stream.Null, cancellationToken);
            return;
        }

        if (problem != FileOutcome.None)
        {
            form.Problem = problem switch
            {
                FileOutcome.TooLarge => UploadOutcome.FileTooLarge,
                FileOutcome.TooMany => UploadOutcome.TooManyFiles,
                _ => UploadOutcome.QuotaExceeded,
            };
            await body.CopyToAsync(Stream.Null, cancellationToken);
        }
    }

    /// <summary>
    /// Whether the part is a file, and its name; false when the name is in a charset .NET refuses to decode
    /// (<c>filename*=utf-7''...</c> throws): no browser sends that, and it must not become a 500.
    /// </summary>
    private static bool TryDescribe(ContentDispositionHeaderValue disposition, out bool isFile, out string? fileName)
    {
        try
        {
            isFile = IsFile(disposition);
            fileName = !StringSegment.IsNullOrEmpty(disposition.FileNameStar) ? disposition.FileNameStar.Value : HeaderUtilities.RemoveQuotes(disposition.FileName).Value;
            return true;
        }
        catch (NotSupportedException)
        {
            (isFile, fileName) = (false, null);
            return false;
        }
    }

    /// <summary>
    /// A section is a file when it carries a file name parameter at all, even an empty one or one that does not
    /// decode (<c>IsFileDisposition</c> says no to those): such a file must be taken or refused as a file, never
    /// read into memory as text and silently lost.
    /// </summary>
    private static bool IsFile(ContentDispositionHeaderValue disposition) =>
        disposition.IsFileDisposition() || disposition.Parameters.Any(static p => p.Name.Equals("filename", StringComparison.OrdinalIgnoreCase) || p.Name.Equals("filename*", StringComparison.OrdinalIgnoreCase));
}
