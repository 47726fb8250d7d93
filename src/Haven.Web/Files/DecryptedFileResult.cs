using System.Security.Cryptography;
using Haven.Crypto;
using Haven.Files;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Haven.Web.Files;

/// <summary>
/// Streams a decrypted file to the browser: always as an attachment with a safe name, always
/// <c>application/octet-stream</c> whatever type was declared (with the global <c>nosniff</c>, a browser
/// never renders it inline), never cached. If the blob turns out altered, the download stops with an
/// aborted connection rather than completing with unauthenticated bytes.
/// </summary>
internal sealed class DecryptedFileResult(OpenedFile file) : IActionResult
{
    public async Task ExecuteResultAsync(ActionContext context)
    {
        await using var opened = file;
        var response = context.HttpContext.Response;
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(SafeFileName.ForDownload(opened.Attachment.Name));
        response.ContentType = "application/octet-stream";
        response.Headers.ContentDisposition = disposition.ToString();
        response.Headers.CacheControl = "no-store";
        response.Headers["Content-Security-Policy"] = "default-src 'none'; sandbox";
        response.ContentLength = opened.Attachment.Size;
        try
        {
            // Each chunk is decrypted straight into the response's own buffer (no copy in between) and handed to
            // the connection at once.
            var writer = response.BodyWriter;
            var aborted = context.HttpContext.RequestAborted;
            int read;
            while ((read = await opened.Content.ReadAsync(writer.GetMemory(FileCipher.ChunkLength), aborted)) > 0)
            {
                writer.Advance(read);
                var flushed = await writer.FlushAsync(aborted);
                if (flushed.IsCanceled || flushed.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (CryptographicException)
        {
            // Headers are gone already: the only honest signal left is to cut the connection short.
            context.HttpContext.Abort();
        }
    }
}
