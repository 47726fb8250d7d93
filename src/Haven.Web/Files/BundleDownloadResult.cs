using Haven.Evidence.Bundles;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Haven.Web.Files;

/// <summary>
/// Streams a signed evidence bundle (<see cref="BuildBundleCommand.WriteAsync"/>) as a download:
/// <c>haven-evidence-&lt;id&gt;.gpg</c>, <c>application/octet-stream</c>, never cached, its length unknown in advance
/// (chunked). The builder holds no whole file in memory and writes no temporary file. If it fails once bytes are
/// out (a blob that does not match its listed SHA-256, a blob gone), the connection is cut rather than the download
/// ending as if complete: the OpenPGP message then has no integrity packet and gpg refuses it. The export's slot
/// (<see cref="BundleExportGate"/>) is given back however the download ends.
/// </summary>
internal sealed partial class BundleDownloadResult(BuildBundleCommand builder, BundlePlan plan, IDisposable slot) : IActionResult
{
    public async Task ExecuteResultAsync(ActionContext context)
    {
        try
        {
            await WriteAsync(context);
        }
        finally
        {
            slot.Dispose();
            MemoryRelief.AfterLargeWork();
        }
    }

    private async Task WriteAsync(ActionContext context)
    {
        var http = context.HttpContext;
        var response = http.Response;
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(plan.FileName);
        response.ContentType = "application/octet-stream";
        response.Headers.ContentDisposition = disposition.ToString();
        response.Headers.CacheControl = "no-store";
        response.Headers["Content-Security-Policy"] = "default-src 'none'; sandbox";
        try
        {
            await builder.WriteAsync(plan, response.Body, null, http.RequestAborted);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The status line is gone already: the only honest signal left is to cut the connection short. The log
            // gets the bundle id and the kind of failure, never the exception's message (which may name a file).
            Stopped(http.RequestServices.GetRequiredService<ILogger<BundleDownloadResult>>(), plan.BundleId, e.GetType().Name);
            http.Abort();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Evidence bundle {BundleId} stopped part way ({Failure}); the connection was cut.")]
    private static partial void Stopped(ILogger logger, string bundleId, string failure);
}
