using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using Haven.Web.Tests.Infrastructure;

namespace Haven.Web.Tests.Cluster;

/// <summary>
/// People who keep sending follow-ups with a small file (a JPEG-looking 32 KiB) through the proxy until
/// stopped; keeps the record id of every one acknowledged. Failures (the node died, the session ended) are
/// part of the scenario: the person tries again a little later.
/// </summary>
internal sealed class FileSenders(Uri proxy)
{
    private int _errors;

    public ConcurrentBag<string> Acknowledged { get; } = [];

    /// <summary>Follow-ups with a file that were not acknowledged (an answer other than the conversation, or a broken connection).</summary>
    public int Errors => Volatile.Read(ref _errors);

    public ConcurrentQueue<string> ErrorSamples { get; } = new();

    public async Task RunAsync(int people, CancellationToken cancellationToken) =>
        await Task.WhenAll(Enumerable.Range(0, people).Select(i => SendAsync(i, cancellationToken)));

    private void Failed(string sample)
    {
        Interlocked.Increment(ref _errors);
        if (ErrorSamples.Count < 10)
        {
            ErrorSamples.Enqueue(sample);
        }
    }

    private async Task SendAsync(int index, CancellationToken cancellationToken)
    {
        using var person = new HavenClient(proxy, "en");
        try
        {
            await person.AskForHelpAsync();
            await person.SubmitRequestAsync($"files follow from person {index}");
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    var page = await person.GetAsync("/conversation");
                    var recordId = HavenClient.Hidden(page.Html, "RecordId");
                    var token = HavenClient.Hidden(page.Html, "__af");
                    if (recordId is null || token is null)
                    {
                        await Task.Delay(100, cancellationToken);
                        continue;
                    }

                    var bytes = RandomNumberGenerator.GetBytes(32 * 1024);
                    bytes[0] = 0xFF;
                    bytes[1] = 0xD8;
                    bytes[2] = 0xFF;
                    using var file = new ByteArrayContent(bytes);
                    file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
                    var sent = await person.PostMultipartAsync("/conversation", [new("__af", token), new("RecordId", recordId), new("Text", "a photo")], [("photo.jpg", file)]);
                    if (sent.Status == HttpStatusCode.OK && sent.Location.AbsolutePath == "/conversation")
                    {
                        Acknowledged.Add(recordId);
                    }
                    else
                    {
                        Failed($"file: {(int)sent.Status} {sent.Location.AbsolutePath}");
                        await Task.Delay(100, cancellationToken);
                    }
                }
                catch (Exception e) when (e is HttpRequestException or IOException or SocketException or InvalidOperationException)
                {
                    Failed("file: " + e.GetType().Name);
                    await Task.Delay(100, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
