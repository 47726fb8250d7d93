using System.Text;
using Haven.Files;
using Haven.Storage;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Haven.Web.Files;

/// <summary>
/// Reads a form as it streams in: text fields into memory (bounded), each file straight through
/// <see cref="FileReceiver"/> into an encrypted pending blob of <see cref="Batch"/>. The antiforgery
/// token, which the upload forms put first, is validated before the first file is taken. After a problem
/// the rest of the body is read and discarded, so that the browser receives the page that explains it.
/// A url-encoded form (no files) is read the usual way.
/// </summary>
internal sealed class StreamingForm : IDisposable
{
    /// <summary>Most bytes of one text field; the commands apply the real, smaller limits.</summary>
    private const int MaxFieldBytes = 4 * 1024 * 1024;

    /// <summary>Most bytes of all text fields together.</summary>
    private const int MaxFieldsBytes = 8 * 1024 * 1024;

    /// <summary>Most parts of one form: the upload forms have about a dozen fields and at most 100 files.</summary>
    private const int MaxSections = 1024;

    /// <summary>Text fields are UTF-8 like the pages; bytes that are not are refused, not replaced.</summary>
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Most bytes of a url-encoded form (no files): the site-wide body limit.</summary>
    private const int MaxUrlEncodedBytes = 2 * 1024 * 1024;

    private readonly Dictionary<string, List<string>> _fields = new(StringComparer.Ordinal);

    private StreamingForm(FileBatch batch) => Batch = batch;

    /// <summary>The files received; dispose the form to delete them if the message was not stored.</summary>
    public FileBatch Batch { get; }

    public UploadOutcome Problem { get; private set; }

    /// <summary>How many non-empty file fields the form carried, including refused ones.</summary>
    public int FilesOffered { get; private set; }

    public int Status => Problem switch
    {
        UploadOutcome.None => StatusCodes.Status200OK,
        UploadOutcome.FileTooLarge or UploadOutcome.TooManyFiles or UploadOutcome.FieldTooLarge => StatusCodes.Status413PayloadTooLarge,
        UploadOutcome.QuotaExceeded or UploadOutcome.OutOfSpace => StatusCodes.Status507InsufficientStorage,
        UploadOutcome.StorageUnavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status400BadRequest,
    };

    public string? this[string name] => _fields.TryGetValue(name, out var values) ? values[0] : null;

    public IReadOnlyList<string> Values(string name) => _fields.TryGetValue(name, out var values) ? values : [];

    /// <summary>Every text field read, by name.</summary>
    public IEnumerable<(string Name, string Value)> Fields => _fields.SelectMany(f => f.Value.Select(v => (f.Key, v)));

    public void Dispose() => Batch.Dispose();

    public static Task<StreamingForm> ReadAsync(HttpContext context, CancellationToken cancellationToken) =>
        ReadAsync(context, textOnly: false, cancellationToken);

    /// <summary>
    /// Reads only the text fields, for a page that acts on nothing and shows them back to their sender: files
    /// are read past and counted in <see cref="FilesOffered"/>, never received, and no token is checked.
    /// </summary>
    public static Task<StreamingForm> ReadTextAsync(HttpContext context, CancellationToken cancellationToken) =>
        ReadAsync(context, textOnly: true, cancellationToken);

    private static async Task<StreamingForm> ReadAsync(HttpContext context, bool textOnly, CancellationToken cancellationToken)
    {
        var services = context.RequestServices;
        var receiver = services.GetRequiredService<FileReceiver>();
        var form = new StreamingForm(receiver.NewBatch());
        try
        {
            await form.ReadBodyAsync(context, textOnly ? null : receiver, cancellationToken);
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

    /// <summary>Reads the body; without a <paramref name="receiver"/> files are only counted and no token is checked.</summary>
    private async Task ReadBodyAsync(HttpContext context, FileReceiver? receiver, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var antiforgery = context.RequestServices.GetRequiredService<IAntiforgery>();
        if (!request.HasFormContentType)
        {
            Problem = UploadOutcome.Malformed;
            return;
        }

        var boundary = HeaderUtilities.RemoveQuotes(MediaTypeHeaderValue.Parse(request.ContentType).Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
        {
            // A url-encoded form: no files, small, and the framework keeps it in memory.
            if (request.ContentLength > MaxUrlEncodedBytes)
            {
                Problem = UploadOutcome.FieldTooLarge;
                return;
            }

            IFormCollection urlEncoded;
            try
            {
                urlEncoded = await request.ReadFormAsync(cancellationToken);
            }
            catch (InvalidDataException)
            {
                // A value or a key count over the framework's form limits.
                Problem = UploadOutcome.FieldTooLarge;
                return;
            }

            foreach (var (key, values) in urlEncoded)
            {
                _fields[key] = [.. values.OfType<string>()];
            }

            if (receiver is not null && !await antiforgery.IsRequestValidAsync(context))
            {
                Problem = UploadOutcome.FormExpired;
            }

            return;
        }
        var reader = new MultipartReader(boundary, request.Body) { HeadersLengthLimit = 16 * 1024, HeadersCountLimit = 16 };
        var validated = false;
        var fieldBytes = 0;
        var sections = 0;
        MultipartSection? section;
        while ((section = await reader.ReadNextSectionAsync(cancellationToken)) is not null)
        {
            if (Problem != UploadOutcome.None
                || !ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase)
                || ++sections > MaxSections
                || !TryDescribe(disposition, out var isFile, out var fileName))
            {
                Problem = Problem == UploadOutcome.None ? UploadOutcome.Malformed : Problem;
                await section.Body.CopyToAsync(Stream.Null, cancellationToken);
                continue;
            }

            var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
            if (!isFile)
            {
                var (value, bytes) = await ReadFieldAsync(section.Body, cancellationToken);
                fieldBytes += bytes + name.Length;
                if (value is null || fieldBytes > MaxFieldsBytes)
                {
                    Problem = bytes < 0 ? UploadOutcome.Malformed : UploadOutcome.FieldTooLarge;
                    continue;
                }

                if (!_fields.TryGetValue(name, out var values))
                {
                    _fields[name] = values = [];
                }

                values.Add(value);
                continue;
            }

            if (receiver is null)
            {
                // Text only: a file is counted (if the input was not left empty) and read past, never kept.
                var skipped = new PeekStream(section.Body);
                FilesOffered += !string.IsNullOrEmpty(fileName) || !await skipped.IsEmptyAsync(cancellationToken) ? 1 : 0;
                await skipped.CopyToAsync(Stream.Null, cancellationToken);
                continue;
            }

            if (!validated)
            {
                if (!await ValidateTokenAsync(context, antiforgery))
                {
                    Problem = UploadOutcome.FormExpired;
                    await section.Body.CopyToAsync(Stream.Null, cancellationToken);
                    continue;
                }

                validated = true;
            }

            var body = new PeekStream(section.Body);
            if (string.IsNullOrEmpty(fileName) && await body.IsEmptyAsync(cancellationToken))
            {
                // A file input left empty: browsers send it with no name and no content.
                continue;
            }

            FilesOffered++;
            FileOutcome problem;
            try
            {
                problem = await receiver.ReceiveAsync(Batch, body, fileName, section.ContentType, cancellationToken);
            }
            catch (Exception e) when (StorageFailure.Classify(e) is var kind && kind != StorageFailureKind.None && !cancellationToken.IsCancellationRequested)
            {
                // The disk filled up (or the database went away) under this file: its partial blob is already
                // deleted; the rest of the form is still read, so that everything typed comes back.
                Problem = kind == StorageFailureKind.OutOfSpace ? UploadOutcome.OutOfSpace : UploadOutcome.StorageUnavailable;
                await body.CopyToAsync(Stream.Null, cancellationToken);
                continue;
            }

            if (problem != FileOutcome.None)
            {
                Problem = problem switch
                {
                    FileOutcome.TooLarge => UploadOutcome.FileTooLarge,
                    FileOutcome.TooMany => UploadOutcome.TooManyFiles,
                    _ => UploadOutcome.QuotaExceeded,
                };
                await body.CopyToAsync(Stream.Null, cancellationToken);
            }
        }

        if (Problem == UploadOutcome.None && receiver is not null && !validated && !await ValidateTokenAsync(context, antiforgery))
        {
            Problem = UploadOutcome.FormExpired;
        }

        if (Problem != UploadOutcome.None)
        {
            Batch.Dispose();
        }
    }

    /// <summary>
    /// A section is a file when it carries a file name parameter at all, even an empty one or one that does not
    /// decode (<c>IsFileDisposition</c> says no to those): such a file must
    /// be taken or refused as a file, never read into memory as text and silently lost.
    /// </summary>
    private static bool IsFile(ContentDispositionHeaderValue disposition) =>
        disposition.IsFileDisposition() || disposition.Parameters.Any(static p => p.Name.Equals("filename", StringComparison.OrdinalIgnoreCase) || p.Name.Equals("filename*", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Validates the token read from the form so far: it is handed to the antiforgery service through its
    /// request header, the one place it looks without reading the form (which would consume the body).
    /// </summary>
    private async Task<bool> ValidateTokenAsync(HttpContext context, IAntiforgery antiforgery)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<AntiforgeryOptions>>().Value;
        var token = this[options.FormFieldName];
        if (string.IsNullOrEmpty(token) || options.HeaderName is null)
        {
            return false;
        }

        // While it looks, the request does not present itself as a form, so that nothing reads the body.
        var contentType = context.Request.ContentType;
        context.Request.Headers[options.HeaderName] = token;
        context.Request.ContentType = "application/octet-stream";
        try
        {
            return await antiforgery.IsRequestValidAsync(context);
        }
        finally
        {
            context.Request.ContentType = contentType;
            context.Request.Headers.Remove(options.HeaderName);
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

    /// <returns>The value; null with the bytes read when it is too large, null with -1 when it is not UTF-8.</returns>
    private static async Task<(string? Value, int Bytes)> ReadFieldAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxFieldBytes)
            {
                await body.CopyToAsync(Stream.Null, cancellationToken);
                return (null, (int)buffer.Length);
            }

            buffer.Write(chunk, 0, read);
        }

        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        try
        {
            return (StrictUtf8.GetString(bytes), (int)buffer.Length);
        }
        catch (DecoderFallbackException)
        {
            return (null, -1);
        }
        finally
        {
            bytes.Clear();
        }
    }

    /// <summary>A read-only stream that can tell whether its source is empty without losing the first byte.</summary>
    private sealed class PeekStream(Stream inner) : Stream
    {
        private int _peeked = -1;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public async Task<bool> IsEmptyAsync(CancellationToken cancellationToken)
        {
            var one = new byte[1];
            var read = await inner.ReadAsync(one, cancellationToken);
            _peeked = read == 0 ? -1 : one[0];
            return read == 0;
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (buffer.IsEmpty)
            {
                return 0;
            }

            if (_peeked >= 0)
            {
                buffer.Span[0] = (byte)_peeked;
                _peeked = -1;
                return 1 + (buffer.Length > 1 ? await inner.ReadAsync(buffer[1..], cancellationToken) : 0);
            }

            return await inner.ReadAsync(buffer, cancellationToken);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
