using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Haven.Accounts;
using Haven.Cases;
using Haven.Files;
using Haven.Storage;
using Haven.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Haven.Web.Tests.Files;

/// <summary>One part of a <see cref="RawMultipart"/> body: its header lines written as given, and its content.</summary>
internal sealed record RawPart(string Headers, HttpContent Body)
{
    public static RawPart Field(string name, string value) =>
        new($"Content-Disposition: form-data; name=\"{name}\"", new ByteArrayContent(Encoding.UTF8.GetBytes(value)));

    /// <summary>A file as .NET and curl send it: the exact name in RFC 5987 <c>filename*</c> (control characters and all).</summary>
    public static RawPart FileStar(string fileName, HttpContent body, string type = "application/octet-stream") =>
        new($"Content-Disposition: form-data; name=\"files\"; filename*=UTF-8''{Uri.EscapeDataString(fileName)}\r\nContent-Type: {type}", body);

    /// <summary>A file as a browser sends it: the name raw in UTF-8 inside <c>filename="..."</c>, with only quote, CR and LF escaped.</summary>
    public static RawPart FileBrowser(string fileName, HttpContent body, string type = "application/octet-stream") =>
        new($"Content-Disposition: form-data; name=\"files\"; filename=\"{fileName.Replace("\"", "%22", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal)}\"\r\nContent-Type: {type}", body);
}

/// <summary>
/// A multipart/form-data body written byte by byte as given, parts in order and streamed (chunked): the test
/// decides exactly what the server receives, including hostile headers and where the token goes.
/// </summary>
internal sealed class RawMultipart : HttpContent
{
    private readonly string _boundary = "----haven-test-" + Guid.NewGuid().ToString("N");
    private readonly IReadOnlyList<RawPart> _parts;

    public RawMultipart(IEnumerable<RawPart> parts)
    {
        _parts = [.. parts];
        Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={_boundary}");
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        await SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        foreach (var part in _parts)
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes($"--{_boundary}\r\n{part.Headers}\r\n\r\n"), cancellationToken);
            await part.Body.CopyToAsync(stream, cancellationToken);
            await stream.WriteAsync("\r\n"u8.ToArray(), cancellationToken);
        }

        await stream.WriteAsync(Encoding.UTF8.GetBytes($"--{_boundary}--\r\n"), cancellationToken);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var part in _parts)
            {
                part.Body.Dispose();
            }
        }

        base.Dispose(disposing);
    }
}

/// <summary>
/// Deterministic pseudo-random bytes generated while they are sent, never held whole: a SHA-256 of what was
/// sent is computed on the way. It may fail on purpose after some bytes, as a browser that goes away would.
/// </summary>
internal sealed class GeneratedContent(long length, ulong seed, long failAfter = -1, CancellationTokenSource? cancelAfter = null) : HttpContent
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public long Sent { get; private set; }

    private byte[]? _sha256;

    /// <summary>The SHA-256 of the bytes sent; only once all were sent (it outlives the content's disposal).</summary>
    public byte[] Sha256() => _sha256 ?? throw new InvalidOperationException("Not all bytes were sent.");

    /// <summary>The same bytes again, hashed without sending them.</summary>
    public static byte[] ExpectedSha256(long length, ulong seed)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var generator = new Generator(seed);
        var buffer = new byte[64 * 1024];
        for (long done = 0; done < length;)
        {
            var count = (int)Math.Min(buffer.Length, length - done);
            generator.Fill(buffer.AsSpan(0, count));
            hash.AppendData(buffer, 0, count);
            done += count;
        }

        return hash.GetCurrentHash();
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        await SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var generator = new Generator(seed);
        var buffer = new byte[80 * 1024];
        while (Sent < length)
        {
            if (failAfter >= 0 && Sent >= failAfter)
            {
                if (cancelAfter is not null)
                {
                    await cancelAfter.CancelAsync();
                    cancellationToken.ThrowIfCancellationRequested();
                }

                throw new IOException("The test's upload stops here on purpose.");
            }

            var count = (int)Math.Min(buffer.Length, length - Sent);
            generator.Fill(buffer.AsSpan(0, count));
            _hash.AppendData(buffer, 0, count);
            await stream.WriteAsync(buffer.AsMemory(0, count), cancellationToken);
            Sent += count;
        }

        _sha256 = _hash.GetCurrentHash();
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>xorshift64*: fast, deterministic, and not a pattern the cipher could accidentally like.</summary>
    private sealed class Generator(ulong seed)
    {
        private ulong _state = seed | 1;
        private ulong _pending;
        private int _pendingBytes;

        public void Fill(Span<byte> span)
        {
            foreach (ref var b in span)
            {
                if (_pendingBytes == 0)
                {
                    _state ^= _state >> 12;
                    _state ^= _state << 25;
                    _state ^= _state >> 27;
                    _pending = _state * 2685821657736338717UL;
                    _pendingBytes = 8;
                }

                b = (byte)_pending;
                _pending >>= 8;
                _pendingBytes--;
            }
        }
    }
}

/// <summary>Shared steps of the file tests: people, responders, the database and the blob folder.</summary>
internal static class FileTestKit
{
    public static ByteArrayContent Bytes(byte[] bytes, string? type = null)
    {
        var content = new ByteArrayContent(bytes);
        if (type is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
        }

        return content;
    }

    public static byte[] RandomBytes(int length) => RandomNumberGenerator.GetBytes(length);

    public static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    public static string BlobFolder(HavenServer server) => Path.Combine(server.DataPath, "blobs");

    /// <summary>Every file name in the blob folder (final and pending), or none if it does not exist yet.</summary>
    public static List<string> BlobFiles(HavenServer server) =>
        Directory.Exists(BlobFolder(server)) ? [.. Directory.EnumerateFiles(BlobFolder(server)).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)] : [];

    public static async Task<HavenDbContext> DbAsync(HavenServer server) =>
        await server.Services.GetRequiredService<IDbContextFactory<HavenDbContext>>().CreateDbContextAsync();

    public static async Task<(int Cases, int Records, int Files)> CountsAsync(HavenServer server)
    {
        await using var db = await DbAsync(server);
        return (await db.Cases.CountAsync(), await db.Records.CountAsync(), await db.Files.CountAsync());
    }

    /// <summary>A person who asked for help and is on the request form.</summary>
    public static async Task<HavenClient> PersonAsync(HavenServer server, string language = "en")
    {
        var person = server.CreateClient(language);
        await person.AskForHelpAsync();
        return person;
    }

    /// <summary>A person whose request (text only) is sent; returns the case id.</summary>
    public static async Task<(HavenClient Person, string CaseId)> PersonWithCaseAsync(HavenServer server, string text = "We need to leave the city.")
    {
        var person = await PersonAsync(server);
        await using var db = await DbAsync(server);
        var before = await db.Cases.Select(c => c.Id).ToListAsync();
        var sent = await person.SubmitRequestAsync(text);
        Assert.Equal("/sent", sent.Location.AbsolutePath);
        var caseId = Assert.Single(await db.Cases.Where(c => !before.Contains(c.Id)).Select(c => c.Id).ToListAsync());
        return (person, caseId);
    }

    public static async Task<HavenClient> AdminAsync(HavenServer server, int step = 0)
    {
        var admin = server.CreateClient();
        var login = await admin.LoginAsync(HavenServer.AdminName, HavenServer.AdminPassphrase, server.AdminCode(step));
        // The status and the page's alert say why a login was refused (throttled, code reused, failed, busy).
        Assert.True(login.Location.AbsolutePath == "/desk", $"login refused: {(int)login.Status} at {login.Location.AbsolutePath}: {Regex.Match(login.Html, "<p[^>]*class=\"[^\"]*(?:error|alert)[^\"]*\"[^>]*>(.*?)</p>", RegexOptions.Singleline).Groups[1].Value}");
        return admin;
    }

    /// <summary>The administrator's decrypted view of a case, through the same query the desk uses.</summary>
    public static async Task<CaseView> DecryptCaseAsync(HavenServer server, string caseId, int step)
    {
        var login = await server.Services.GetRequiredService<LoginCommand>().ExecuteAsync(HavenServer.AdminName, HavenServer.AdminPassphrase, server.AdminCode(step), CancellationToken.None);
        Assert.Equal(LoginOutcome.Success, login.Outcome);
        using var admin = login.Responder!;
        var view = await server.Services.GetRequiredService<CaseQuery>().ExecuteAsync(caseId, admin, CancellationToken.None);
        return Assert.IsType<CaseView>(view);
    }

    /// <summary>All attachments of a decrypted case, in record order.</summary>
    public static List<(CaseEntry Entry, FileAttachment File)> Attachments(CaseView view) =>
        [.. view.Entries.SelectMany(e => (e.Content?.Files ?? []).Select(f => (e, f)))];

    /// <summary>Sends a reply with files from the desk's reply form, token first as the page renders it.</summary>
    public static async Task<HavenClient.Page> ReplyWithFilesAsync(HavenClient responder, string caseId, string text, IEnumerable<(string FileName, HttpContent Content)> files, string? recordId = null)
    {
        var form = await responder.GetAsync($"/desk/case/{caseId}/reply");
        Assert.Equal(HttpStatusCode.OK, form.Status);
        return await responder.PostMultipartAsync(
            $"/desk/case/{caseId}/reply",
            [new("__af", HavenClient.Hidden(form.Html, "__af")!), new("RecordId", recordId ?? HavenClient.Hidden(form.Html, "RecordId")!), new("Text", text)],
            files);
    }

    /// <summary>Downloads a file, hashing as it reads: never holds it whole.</summary>
    public static async Task<(HttpResponseMessage Response, long Length, byte[] Sha256)> DownloadHashedAsync(HavenClient client, string path)
    {
        var response = await client.Http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long length = 0;
        await using (var body = await response.Content.ReadAsStreamAsync())
        {
            var buffer = new byte[256 * 1024];
            int read;
            while ((read = await body.ReadAsync(buffer)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                length += read;
            }
        }

        return (response, length, hash.GetCurrentHash());
    }

    /// <summary>Asserts the headers every file download must carry.</summary>
    public static void AssertDownloadHeaders(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        var disposition = response.Content.Headers.ContentDisposition;
        Assert.NotNull(disposition);
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("default-src 'none'; sandbox", Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
    }

    /// <summary>The name a download carries: the RFC 5987 one if present, else the plain one.</summary>
    public static string DownloadName(HttpResponseMessage response)
    {
        var disposition = response.Content.Headers.ContentDisposition!;
        var name = disposition.FileNameStar ?? disposition.FileName ?? "";
        return name.Trim('"');
    }
}
